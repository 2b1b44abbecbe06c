import { describe, expect, it } from 'vitest'
import { negotiateLocale } from './locale.ts'

describe('negotiateLocale', () => {
  it('defaults to Chinese', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN')
    expect(negotiateLocale('fr-FR')).toBe('zh-CN')
  })
  it('honours quality values and order', () => {
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en')
    expect(negotiateLocale('en;q=0.5, zh-CN;q=0.8')).toBe('zh-CN')
    expect(negotiateLocale('zh-TW,en;q=0.9')).toBe('zh-CN')
    expect(negotiateLocale('de, en;q=0.1')).toBe('en')
  })
})
