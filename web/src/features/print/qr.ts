/** The QR code on a sheet: the saved view's link as a module matrix (drawn as vector squares by the sheet). */
import qrcode from 'qrcode-generator'

/** `true` = dark module; rows top to bottom. Error correction M: survives a fold or a coffee ring. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

/** The link a sheet's QR code opens: the saved view, for someone signed in with access to the village. */
export const snapshotLink = (origin: string, id: string) => `${origin}/?snapshot=${id}`
