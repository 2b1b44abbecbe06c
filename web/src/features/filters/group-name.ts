import type { T } from '../../i18n/index.ts'

/** "第3组" / "Group 3"; households without a group show as the Excel map's 00. */
export function groupName(g: number, t: T): string {
  return g < 0 ? t('filters.noGroup') : t('filters.groupN', { n: g })
}
