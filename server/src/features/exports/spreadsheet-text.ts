/**
 * Digit strings that must stay text when a CSV is opened in a spreadsheet. Excel and LibreOffice read
 * 0201001 as the number 201001 (the 户号 loses its zero), an 18-digit 身份证号 as 4.40982E+17 (digits lost),
 * a phone number as a number. Written as ="0201001", both show the text 0201001 unchanged.
 *
 * This is a formula, but one we build only from digits (and the X of an ID number), so it can carry nothing a
 * person typed: the formula neutralising (`neutralise`) is still applied to every other text, and no text a user
 * controls ever reaches a cell starting with =. The importer reads ="…" back as its text.
 */

/** All digits, optionally a final X (身份证号 check digit). */
const DIGIT_TEXT = /^\d+[Xx]?$/

/** The CSV cell content for a text value: digit strings as ="…", anything else unchanged. */
export function keepAsText(value: string): string {
  return DIGIT_TEXT.test(value) ? `="${value}"` : value
}
