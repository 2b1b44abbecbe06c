import { ROLE_ABILITIES, type RoleAbilities, type Role } from '@cuntu/domain'
import { scopePrefix, type DataScope } from '@cuntu/db'
import { forbidden } from '../errors.ts'

/** Who is asking, resolved once per request from the session. */
export interface Principal {
  userId: string
  username: string
  displayName: string
  role: Role
  organisationId: string | null
  abilities: RoleAbilities
  scope: DataScope
  /** Villages whose named records may be read: all in scope for most roles, break-glass grants for supervisors. */
  namedVillages: '*' | readonly string[]
}

export function inScope(principal: Pick<Principal, 'scope'>, areaCode: string): boolean {
  const p = principal.scope.areaPrefixes
  return p === '*' || p.some((prefix) => areaCode.startsWith(prefix))
}

/** An area a principal may look at in the tree: inside its scope, or an ancestor of something inside. */
export function visibleArea(principal: Pick<Principal, 'scope'>, areaCode: string): boolean {
  const p = principal.scope.areaPrefixes
  if (p === '*') return true
  return p.some((prefix) => areaCode.startsWith(prefix) || isAncestorCode(areaCode, prefix))
}

/** `areaCode` is above `prefix`: its significant digits (trailing zero groups dropped) begin the prefix. */
function isAncestorCode(areaCode: string, prefix: string): boolean {
  const own = scopePrefix(areaCode)
  return own.length < prefix.length && prefix.startsWith(own)
}

export function mayReadNames(principal: Principal, villageCode: string): boolean {
  if (!inScope(principal, villageCode)) return false
  if (principal.abilities.namedRecords) return true
  return principal.namedVillages !== '*' && principal.namedVillages.includes(villageCode)
}

export function requireArea(principal: Principal, areaCode: string): void {
  if (!inScope(principal, areaCode)) throw forbidden('forbidden_area', { code: areaCode })
}

export function requireAbility(principal: Principal, ability: keyof Omit<RoleAbilities, 'labelZh' | 'labelEn'>): void {
  if (!principal.abilities[ability]) throw forbidden('forbidden')
}

export function requireNames(principal: Principal, villageCode: string): void {
  requireArea(principal, villageCode)
  if (!mayReadNames(principal, villageCode)) {
    throw forbidden(principal.abilities.breakGlass ? 'break_glass_required' : 'forbidden')
  }
}

export const abilitiesOf = (role: Role) => ROLE_ABILITIES[role]
