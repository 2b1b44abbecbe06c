import type { Locale } from './locale.ts'

type Params = Record<string, string | number>
type Message = { 'zh-CN': (p: Params) => string; en: (p: Params) => string }

/** Every error message the API can send, in both languages, keyed by error code. */
export const MESSAGES = {
  validation_failed: {
    'zh-CN': (p) => `请求内容不正确：${p.details}`,
    en: (p) => `The request is not valid: ${p.details}`,
  },
  body_too_large: {
    'zh-CN': (p) => `请求内容过大（上限 ${p.limit}）。`,
    en: (p) => `The request body is too large (limit ${p.limit}).`,
  },
  not_found: { 'zh-CN': () => '找不到该页面或接口。', en: () => 'No such page or endpoint.' },
  area_not_found: { 'zh-CN': (p) => `找不到行政区划 ${p.code}。`, en: (p) => `No area with code ${p.code}.` },
  village_not_found: { 'zh-CN': (p) => `找不到村（社区）${p.code}。`, en: (p) => `No village with code ${p.code}.` },
  household_not_found: { 'zh-CN': () => '找不到该户，可能已被删除。', en: () => 'No such household; it may have been deleted.' },
  member_not_found: { 'zh-CN': () => '找不到该成员，可能已被删除。', en: () => 'No such member; it may have been deleted.' },
  group_not_found: {
    'zh-CN': (p) => `该村没有第 ${p.group} 组。`,
    en: (p) => `This village has no group ${p.group}.`,
  },
  duplicate_huhao: {
    'zh-CN': (p) => `户号 ${p.huhao} 在本村已存在。`,
    en: (p) => `Household number ${p.huhao} already exists in this village.`,
  },
  version_conflict: {
    'zh-CN': () => '这条记录已被他人修改。请查看最新内容后再保存。',
    en: () => 'Someone else changed this record. Review the current version before saving.',
  },
  unknown_category: {
    'zh-CN': (p) => `未知的类别：${p.codes}。`,
    en: (p) => `Unknown category: ${p.codes}.`,
  },
  category_scope_mismatch: {
    'zh-CN': (p) => `类别“${p.code}”属于${p.scope === 'member' ? '成员' : '家庭'}，不能用在这里。`,
    en: (p) => `Category "${p.code}" applies to a ${p.scope}, not here.`,
  },
  category_year_required: {
    'zh-CN': (p) => `类别“${p.code}”按年度登记，请填写年份。`,
    en: (p) => `Category "${p.code}" is recorded per year; give the year.`,
  },
  duplicate_category: {
    'zh-CN': (p) => `类别“${p.code}”重复登记了同一年份。`,
    en: (p) => `Category "${p.code}" is listed twice for the same year.`,
  },
  rate_limited: { 'zh-CN': () => '请求过于频繁，请稍后再试。', en: () => 'Too many requests; try again shortly.' },
  internal_error: {
    'zh-CN': () => '服务器内部错误，已记录。请稍后重试。',
    en: () => 'Internal server error; it has been logged. Please try again.',
  },
} satisfies Record<string, Message>

export type MessageCode = keyof typeof MESSAGES

export function message(code: MessageCode, locale: Locale, params: Params = {}): string {
  return MESSAGES[code][locale](params)
}
