/**
 * File-level failures: the upload cannot be read at all (as opposed to
 * ImportIssue, a problem in one cell of a readable file). The route layer maps
 * `code` to an HTTP status; the messages go to the worker unchanged.
 */

export type ImportFileErrorCode =
  | 'file_too_large'
  | 'too_many_rows'
  | 'zip_bomb'
  | 'file_corrupt'
  | 'not_xlsx'
  | 'legacy_xls'
  | 'empty_file'
  | 'encoding_unknown'
  | 'encoding_unsupported'
  | 'not_a_location_file'
  | 'xml_doctype'
  | 'json_too_deep'

const MESSAGES: Record<ImportFileErrorCode, { zh: string; en: string }> = {
  file_too_large: { zh: '文件太大（{size}），上限为 {limit}', en: 'File is too large ({size}); the limit is {limit}' },
  too_many_rows: { zh: '行数太多（超过 {limit} 行），请拆分后再导入', en: 'Too many rows (more than {limit}); please split the file' },
  zip_bomb: {
    zh: '文件解压后过大（{detail}），为安全起见拒绝导入',
    en: 'File expands to too much data when unzipped ({detail}); rejected for safety',
  },
  file_corrupt: {
    zh: '文件已损坏或不完整，无法读取（{detail}）。请在 Excel 中重新保存后再试',
    en: 'The file is damaged or incomplete and cannot be read ({detail}). Re-save it in Excel and try again',
  },
  not_xlsx: { zh: '这不是 Excel .xlsx 文件（{detail}）', en: 'This is not an Excel .xlsx file ({detail})' },
  legacy_xls: {
    zh: '这是旧版 Excel .xls 文件，请在 Excel 中“另存为” .xlsx 后再导入',
    en: 'This is a legacy Excel .xls file; use "Save As" .xlsx in Excel and import that',
  },
  empty_file: { zh: '文件是空的', en: 'The file is empty' },
  encoding_unknown: { zh: '无法识别文件的文字编码', en: 'The text encoding of the file could not be recognised' },
  encoding_unsupported: {
    zh: '文件的文字编码是 {encoding}，不是 GBK 或 UTF-8，按中文读取会变成乱码。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入',
    en: 'The file is encoded in {encoding}, not GBK or UTF-8, and would read as garbage. In Excel, Save As "CSV UTF-8 (Comma delimited)" or .xlsx and import that',
  },
  not_a_location_file: {
    zh: '无法识别的位置文件格式（支持 CSV、XLSX、GeoJSON、KML）',
    en: 'Unrecognised location file (CSV, XLSX, GeoJSON and KML are supported)',
  },
  xml_doctype: {
    zh: '文件含有文档类型或实体声明（<!DOCTYPE>/<!ENTITY>），为安全起见拒绝导入。正常导出的 KML 没有这些内容，请从地图软件重新导出',
    en: 'The file declares a document type or entities (<!DOCTYPE>/<!ENTITY>) and was refused for safety. KML exported normally has none; export it again from the map app',
  },
  json_too_deep: {
    zh: '文件嵌套层数过多（超过 {limit} 层），不是正常的 GeoJSON，为安全起见拒绝导入',
    en: 'The file is nested more than {limit} levels deep, which no GeoJSON needs; refused for safety',
  },
}

export type ImportFileErrorParams = Record<string, string | number>

export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode
  readonly messageZh: string
  readonly messageEn: string
  readonly params: ImportFileErrorParams

  constructor(code: ImportFileErrorCode, params: ImportFileErrorParams = {}, options?: { cause?: unknown }) {
    const m = MESSAGES[code]
    const fill = (t: string) => t.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole))
    const en = fill(m.en)
    super(en, options)
    this.name = 'ImportFileError'
    this.code = code
    this.messageZh = fill(m.zh)
    this.messageEn = en
    this.params = params
  }
}

/** Human-readable byte size for messages: 52428800 → "50 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`
  return `${bytes} B`
}
