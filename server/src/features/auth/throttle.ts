/**
 * Sign-in throttling with growing delays instead of a hard lock (OWASP ASVS
 * 2.2.1). A hard lock after N failures let anyone lock `admin` out for 15
 * minutes, and a 423 for locked accounts told them which names exist. Here every
 * key (an account name, known or not, and a source address) earns a few free
 * failures, then a delay that doubles with each further failure up to a cap;
 * a key's count is forgotten once it has been quiet for `forgetAfterMs`, and an
 * account's on a successful sign-in. Throttled attempts are refused before the
 * password is checked, alike for unknown, throttled and real accounts.
 *
 * Kept in this process: the embedded database admits one process per data
 * folder, and a restart forgetting the counts costs an attacker nothing they
 * could not get by waiting.
 */

export interface ThrottleRule {
  /** Failures allowed before any delay. */
  free: number
  /** First delay, in milliseconds; doubles per further failure. */
  baseMs: number
  /** Longest delay, in milliseconds. */
  maxMs: number
  /** A key quiet this long starts again from zero. */
  forgetAfterMs: number
}

/**
 * Per account: at most ~60 guesses an hour once the cap is reached (ASVS: no
 * more than 100 failed attempts per hour on one account), while the owner who
 * mistypes waits seconds, never a quarter of an hour.
 */
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 1000, maxMs: 60_000, forgetAfterMs: 15 * 60_000 }
/** Per source address: a station behind one NAT shares it, so more free failures; a sprayer ends up at 15 minutes. */
export const SOURCE_RULE: ThrottleRule = { free: 20, baseMs: 1000, maxMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 }

interface Entry {
  failures: number
  lastFailureAt: number
  nextAllowedAt: number
}

/** The delay after the `failures`-th failure, in milliseconds. Pure. */
export function delayAfter(rule: ThrottleRule, failures: number): number {
  if (failures <= rule.free) return 0
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(30, failures - rule.free - 1))
}

export class Throttle {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly rule: ThrottleRule,
    private readonly now: () => number = Date.now,
    /** Bound on remembered keys, so a flood of made-up names cannot grow memory without limit. */
    private readonly maxKeys = 100_000,
  ) {}

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key)
    if (e && this.now() - e.lastFailureAt > this.rule.forgetAfterMs) {
      this.entries.delete(key)
      return undefined
    }
    return e
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string): number {
    const e = this.live(key)
    return e ? Math.max(0, e.nextAllowedAt - this.now()) : 0
  }

  failure(key: string): void {
    const now = this.now()
    const failures = (this.live(key)?.failures ?? 0) + 1
    this.entries.delete(key) // re-insert: Map order is then oldest-first for eviction
    this.entries.set(key, { failures, lastFailureAt: now, nextAllowedAt: now + delayAfter(this.rule, failures) })
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!)
  }

  reset(key: string): void {
    this.entries.delete(key)
  }
}

/** Both throttles of the sign-in route. */
export class LoginThrottle {
  readonly accounts: Throttle
  readonly sources: Throttle

  constructor(now: () => number = Date.now, rules: { account?: ThrottleRule; source?: ThrottleRule } = {}) {
    this.accounts = new Throttle(rules.account ?? ACCOUNT_RULE, now)
    this.sources = new Throttle(rules.source ?? SOURCE_RULE, now)
  }

  private static account(username: string) {
    return username.trim().toLowerCase()
  }

  /** Milliseconds the caller must wait before this attempt is even checked. */
  waitMs(username: string, source: string): number {
    return Math.max(this.accounts.waitMs(LoginThrottle.account(username)), this.sources.waitMs(source))
  }

  failure(username: string, source: string): void {
    this.accounts.failure(LoginThrottle.account(username))
    this.sources.failure(source)
  }

  /**
   * The account starts again; the source does not: one working password of
   * their own must not let a sprayer reset the count for every other name.
   */
  success(username: string): void {
    this.accounts.reset(LoginThrottle.account(username))
  }
}
