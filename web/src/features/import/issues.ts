/** Problems the server found, pointing at a cell: filtering, ordering and their place in words. */
import type { ImportIssue } from '@cuntu/server/contract'
import type { Lang } from '../../state/url-state.ts'

export type SeverityFilter = 'all' | 'error' | 'warning'

export function filterIssues(issues: readonly ImportIssue[], severity: SeverityFilter): ImportIssue[] {
  return severity === 'all' ? [...issues] : issues.filter((i) => i.severity === severity)
}

export function countBySeverity(issues: readonly ImportIssue[]): { error: number; warning: number } {
  let error = 0
  for (const i of issues) if (i.severity === 'error') error++
  return { error, warning: issues.length - error }
}

/** Where the problem is, as a worker finds it in Excel: 「村民家庭档案」第 24 行 B 列. */
export function issuePlace(i: Pick<ImportIssue, 'sheet' | 'row' | 'column'>, lang: Lang): string {
  if (lang === 'zh-CN') return `「${i.sheet}」${i.row !== null ? ` 第 ${i.row} 行` : ''}${i.column ? ` ${i.column} 列` : ''}`
  return `${i.sheet}${i.row !== null ? `, row ${i.row}` : ''}${i.column ? `, column ${i.column}` : ''}`
}

export const issueMessage = (i: Pick<ImportIssue, 'messageZh' | 'messageEn'>, lang: Lang) => (lang === 'zh-CN' ? i.messageZh : i.messageEn)
