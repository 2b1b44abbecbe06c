/** Text as workers type it: a Chinese input method gives full-width digits and letters. */

/**
 * Full-width ASCII (U+FF01–U+FF5E) → half-width, and the ideographic space
 * U+3000 → space. Use on structured values (户号, dates, numbers, group, years,
 * coordinates) only: on free text it would also turn Chinese punctuation such
 * as ，into commas.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0)
    return code === 0x3000 ? ' ' : String.fromCharCode(code - 0xfee0)
  })
}
