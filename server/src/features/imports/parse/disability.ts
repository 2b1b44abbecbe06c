/**
 * 残疾 text → disability type and grade, as on the disability certificate
 * (残疾人证): 视力二级残疾, 二级, 肢体3级, 精神残疾一级, 多重残疾四级, 听力.
 * Types and the grade → category rule come from the domain registry.
 */
import { DISABILITY_TYPES, disabilityCategoryForGrade, type DisabilityType } from '@cuntu/domain'
import { cleanText, toHalfWidth } from './normalise.ts'

export type DisabilityGrade = 1 | 2 | 3 | 4

export type DisabilityFlag =
  /** A type but no grade (听力): cannot be put in grade 1–2 or 3–4. */
  | 'no_grade'
  /** A grade but no type (二级). */
  | 'no_type'
  /** Several types named (听力言语): recorded as multiple. */
  | 'several_types'
  /** Says 残疾 or 是 but neither type nor grade. */
  | 'unrecognised'

export interface DisabilityInfo {
  type?: DisabilityType
  grade?: DisabilityGrade
  category?: 'disability_12' | 'disability_34'
  flags: DisabilityFlag[]
}

/** Words for each type beyond the registry label (视力 …): everyday and older terms. */
const TYPE_WORDS: Record<DisabilityType, readonly string[]> = {
  visual: ['视力', '视障', '失明', '盲'],
  hearing: ['听力', '听障', '耳聋', '聋'],
  speech: ['言语', '语言', '哑'],
  physical: ['肢体', '肢残', '截肢', '瘫痪'],
  intellectual: ['智力', '智障', '弱智'],
  mental: ['精神'],
  multiple: ['多重', '综合'],
}

const GRADE_WORDS: Record<string, DisabilityGrade> = {
  一: 1, 壹: 1, '1': 1, Ⅰ: 1, I: 1,
  二: 2, 贰: 2, 两: 2, '2': 2, Ⅱ: 2, II: 2,
  三: 3, 叁: 3, '3': 3, Ⅲ: 3, III: 3,
  四: 4, 肆: 4, '4': 4, Ⅳ: 4, IV: 4,
}

// Grade written before 级: 二级, 3级, Ⅱ级, III级. Longest roman numeral first.
const GRADE_PATTERN = /(III|II|IV|I|[一壹二贰两三叁四肆1-4ⅠⅡⅢⅣ])\s*级/

/** Text that means "no disability" in this column. */
const NONE = new Set(['', '无', '否', '没有', '不是', '/', '-', '—', '健康', '正常', '0'])

/** Find the types a text names, in registry order. */
function typesIn(text: string): DisabilityType[] {
  const found: DisabilityType[] = []
  for (const t of DISABILITY_TYPES) {
    const words = [t.labelZh, ...TYPE_WORDS[t.code]]
    if (words.some((w) => text.includes(w))) found.push(t.code)
  }
  return found
}

/**
 * Parse a disability cell. Null means "no disability" (blank, 无, 否).
 * The category is present only when a grade is known.
 */
export function parseDisability(raw: string | null | undefined): DisabilityInfo | null {
  if (raw === null || raw === undefined) return null
  const text = cleanText(toHalfWidth(raw)).replace(/\s+/g, '')
  if (NONE.has(text)) return null
  const info: DisabilityInfo = { flags: [] }
  const gradeMatch = GRADE_PATTERN.exec(text)
  if (gradeMatch) {
    const grade = GRADE_WORDS[gradeMatch[1]!]
    if (grade !== undefined) {
      info.grade = grade
      info.category = disabilityCategoryForGrade(grade)
    }
  }
  const types = typesIn(text)
  if (types.length > 1) {
    // Two named types (听力言语) are a multiple disability on the certificate.
    info.type = 'multiple'
    info.flags.push('several_types')
  } else if (types.length === 1) {
    info.type = types[0]!
  }
  if (info.type === undefined && info.grade === undefined) {
    info.flags.push('unrecognised')
    return info
  }
  if (info.grade === undefined) info.flags.push('no_grade')
  if (info.type === undefined) info.flags.push('no_type')
  return info
}

/**
 * Whether free text (e.g. 身体情况) mentions a disability explicitly, so its
 * type or grade may be used. "高血压" does not; "精神二级残疾" does.
 */
export function mentionsDisability(text: string | null | undefined): boolean {
  if (!text) return false
  return /残/.test(text)
}
