/**
 * Problems the import itself finds (beyond the parser's): same shape as the
 * parser's issues, with codes of their own, in both languages.
 */
import type { ImportIssue } from './parse/index.ts'

/** An issue the service adds (same shape as the parser's, its own codes). */
export type Issue = Omit<ImportIssue, 'code'> & { code: string }

const SERVICE_ISSUES = {
  location_huhao_unknown: {
    severity: 'warning',
    zh: '位置文件中的户号 {huhao} 在档案和本村已有住户中都找不到，未使用',
    en: 'Household number {huhao} in the locations file is neither in the archive nor in the village; not used',
  },
  location_flagged_not_stored: {
    severity: 'warning',
    zh: '户号 {huhao} 的位置被标记为可疑（{why}），未保存；确认无误后可选择“接受”',
    en: 'The location of household {huhao} is flagged ({whyEn}) and was not stored; accept it if it is right',
  },
  names_hidden: {
    severity: 'error',
    zh: '户号 {huhao} 的姓名均为“{hidden}”（来自隐去姓名的导出文件），已跳过，以免覆盖真实姓名',
    en: 'Household {huhao} has only "{hidden}" as names (an export without names); skipped so real names are not overwritten',
  },
  categories_exclusive: {
    severity: 'error',
    zh: '户号 {huhao} 同时登记为“{a}”和“{b}”，两者不能并存，该户已跳过；请在文件中只保留一项',
    en: 'Household {huhao} is marked both "{aEn}" and "{bEn}", which exclude each other; skipped, keep only one in the file',
  },
  position_from_cell_map: {
    severity: 'warning',
    zh: '户号 {huhao} 没有 GPS 位置，按社区地图格子 {cell} 推算（误差约 {rms} 米），请核对',
    en: 'Household {huhao} has no GPS position; placed from map cell {cell} (about {rms} m uncertain), please check',
  },
} as const

export function serviceIssue(code: keyof typeof SERVICE_ISSUES, at: { sheet: string; row?: number | null; column?: string | null; field?: string | null }, params: Record<string, string | number>): Issue {
  const e = SERVICE_ISSUES[code]
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w))
  return {
    sheet: at.sheet, row: at.row ?? null, column: at.column ?? null, field: at.field ?? null,
    code, severity: e.severity, messageZh: fill(e.zh), messageEn: fill(e.en),
    ...(params.huhao !== undefined ? { value: String(params.huhao) } : {}),
  }
}

