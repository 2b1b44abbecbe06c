/**
 * An uploaded file's name as the worker's computer gave it, made safe to keep:
 * it is stored, listed in the import history, written to the audit log and the
 * logs, and could end up in a header. Control characters (CR, LF, NUL, tab …),
 * Unicode line and paragraph separators and the bidirectional overrides that
 * make "exe.xlsx" read as "xlsx.exe" are replaced by "_"; folders a browser may
 * send are dropped; the length is capped. Chinese and other letters stay.
 */
export const MAX_FILE_NAME_CHARS = 200

// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates, BOM.
 
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]/g

export function safeFileName(raw: string, fallback = 'upload'): string {
  const base = raw.split(/[\\/]/).pop() ?? ''
  const cleaned = base.replace(UNSAFE, '_').trim()
  const chars = [...cleaned]
  const capped = chars.length > MAX_FILE_NAME_CHARS ? keepExtension(chars) : cleaned
  return capped === '' || /^[._]+$/.test(capped) ? fallback : capped
}

/** Cut the middle of an over-long name, keeping its extension (the importer reads the type from it). */
function keepExtension(chars: string[]): string {
  const name = chars.join('')
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : ''
  return [...name.slice(0, name.length - ext.length)].slice(0, MAX_FILE_NAME_CHARS - ext.length).join('') + ext
}
