import { describe, expect, it } from 'vitest'
import { mentionsDisability, parseDisability } from './disability.ts'

describe('parseDisability', () => {
  it.each([
    ['视力二级残疾', 'visual', 2, 'disability_12'],
    ['肢体3级', 'physical', 3, 'disability_34'],
    ['精神残疾一级', 'mental', 1, 'disability_12'],
    ['多重残疾四级', 'multiple', 4, 'disability_34'],
    ['智力残疾 Ⅲ级', 'intellectual', 3, 'disability_34'],
    ['听力残疾II级', 'hearing', 2, 'disability_12'],
    ['言语４级', 'speech', 4, 'disability_34'],
  ] as const)('%s → %s grade %i', (text, type, grade, category) => {
    expect(parseDisability(text)).toEqual({ type, grade, category, flags: [] })
  })

  it('a grade without type (二级) gets the category and a no_type flag', () => {
    expect(parseDisability('二级')).toEqual({ grade: 2, category: 'disability_12', flags: ['no_type'] })
    expect(parseDisability('二级残疾')).toEqual({ grade: 2, category: 'disability_12', flags: ['no_type'] })
  })
  it('a type without grade (听力) is flagged and gets no category', () => {
    expect(parseDisability('听力')).toEqual({ type: 'hearing', flags: ['no_grade'] })
  })
  it('two types are a multiple disability', () => {
    expect(parseDisability('听力言语二级')).toEqual({ type: 'multiple', grade: 2, category: 'disability_12', flags: ['several_types'] })
  })
  it('残疾 alone is unrecognised, not silently dropped', () => {
    expect(parseDisability('残疾')).toEqual({ flags: ['unrecognised'] })
    expect(parseDisability('是')).toEqual({ flags: ['unrecognised'] })
  })
  it('blank, 无 and 否 mean no disability', () => {
    expect(parseDisability('')).toBeNull()
    expect(parseDisability(' 无 ')).toBeNull()
    expect(parseDisability('否')).toBeNull()
    expect(parseDisability(null)).toBeNull()
  })
  it('does not read 一二级 in a category label as grade 1', () => {
    expect(parseDisability('一二级残疾')).toMatchObject({ grade: 2 })
  })
})

describe('mentionsDisability', () => {
  it('is true only for text that says 残', () => {
    expect(mentionsDisability('精神二级残疾')).toBe(true)
    expect(mentionsDisability('高血压')).toBe(false)
    expect(mentionsDisability(null)).toBe(false)
  })
})
