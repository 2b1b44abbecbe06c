/**
 * Roles and what each may do, defined once. The server's policy checks and the
 * client's UI both read this; PostgreSQL row-level security enforces the area
 * part independently (see migrations 0004_access_rls.sql).
 */

export const ROLES = ['worker', 'station_lead', 'civil_affairs_admin', 'supervisor', 'system_admin'] as const
export type Role = (typeof ROLES)[number]

export const ORG_KINDS = ['bureau', 'station', 'service_point', 'supervision'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export interface RoleAbilities {
  labelZh: string
  labelEn: string
  /** May read named household records (cards, names on the map) in scope without breaking the glass. */
  namedRecords: boolean
  /** May create, edit and delete households and members. */
  editHouseholds: boolean
  /** May export with names shown. */
  exportNamed: boolean
  /** May manage accounts (within their own organisation's scope). */
  manageUsers: boolean
  /** May browse the audit log of their scope. */
  readAudit: boolean
  /** May open a named record with a stated reason (audited, time-limited). */
  breakGlass: boolean
}

export const ROLE_ABILITIES: Record<Role, RoleAbilities> = {
  worker: { labelZh: '社工', labelEn: 'Social worker', namedRecords: true, editHouseholds: true, exportNamed: false, manageUsers: false, readAudit: false, breakGlass: false },
  station_lead: { labelZh: '社工站站长', labelEn: 'Station lead', namedRecords: true, editHouseholds: true, exportNamed: true, manageUsers: true, readAudit: true, breakGlass: false },
  civil_affairs_admin: { labelZh: '民政管理员', labelEn: 'Civil-affairs admin', namedRecords: true, editHouseholds: false, exportNamed: false, manageUsers: false, readAudit: false, breakGlass: false },
  supervisor: { labelZh: '督导', labelEn: 'Supervisor', namedRecords: false, editHouseholds: false, exportNamed: false, manageUsers: false, readAudit: false, breakGlass: true },
  system_admin: { labelZh: '系统管理员', labelEn: 'System admin', namedRecords: true, editHouseholds: true, exportNamed: true, manageUsers: true, readAudit: true, breakGlass: false },
}

/** Passwords: no composition rules (NIST SP 800-63B), a minimum length and a list of common ones. */
export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 200

/** Idle and absolute session lifetimes, in milliseconds. */
export const SESSION_IDLE_MS = 30 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** How long a break-the-glass grant lasts. */
export const BREAK_GLASS_MS = 60 * 60 * 1000
/** Failed sign-ins are throttled with growing delays, never a hard lock: see server/src/features/auth/throttle.ts. */
