/**
 * The one i18n layer: typed dictionaries (zh-CN first, en second), the current
 * language from the URL, and labels from the category registry in that language.
 */
import { useCallback } from 'react'
import { DISABILITY_TYPES, ROLE_ABILITIES, type Role } from '@cuntu/domain'
import type { Category } from '@cuntu/server/contract'
import type { Lang } from '../state/url-state.ts'
import { useUrlState } from '../state/url-store.ts'
import { zhCN } from './zh-CN.ts'
import { en } from './en.ts'
import type { Dict, MessageKey, ParamsOf } from './types.ts'

const DICTS: Record<Lang, Dict> = { 'zh-CN': zhCN, en }

export type T = <K extends MessageKey>(key: K, ...params: ParamsOf<K> extends never ? [] : [ParamsOf<K>]) => string

export function translator(lang: Lang): T {
  const dict = DICTS[lang]
  return ((key: MessageKey, params?: unknown) => {
    const v = dict[key] as string | ((p: unknown) => string)
    return typeof v === 'function' ? v(params) : v
  }) as T
}

export function useLang(): Lang {
  return useUrlState().lang
}

export function useT(): T {
  const lang = useLang()
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useCallback(translator(lang), [lang])
}

/** A role's name, from the access registry. */
export function roleLabel(role: Role, lang: Lang): string {
  return lang === 'zh-CN' ? ROLE_ABILITIES[role].labelZh : ROLE_ABILITIES[role].labelEn
}

export function categoryLabel(c: Pick<Category, 'labelZh' | 'labelEn'>, lang: Lang): string {
  return lang === 'zh-CN' ? c.labelZh : c.labelEn
}

export function disabilityLabel(code: string, lang: Lang): string {
  const d = DISABILITY_TYPES.find((x) => x.code === code)
  return d ? (lang === 'zh-CN' ? d.labelZh : d.labelEn) : code
}

/** Names and places sort by pinyin, as a Chinese reader expects. */
export const zhCollator = new Intl.Collator('zh-CN')
