/** At most `limit` requests per fixed window of `windowSeconds`. */
export type RateLimitRule = {
  limit: number
  windowSeconds: number
}

export type RateLimitConfig = {
  /** `RATE_LIMIT_ENABLED`: false switches every rule off (no counting, no database). @default true */
  isEnabled: boolean
  /**
   * `RATE_LIMIT_LOGIN`: per client IP on login, forgot-password and reset-password, over REST and
   * as GraphQL mutations (each mutation in a document counts). @default 20/60
   */
  login: RateLimitRule
  /** `RATE_LIMIT_LOGIN_ACCOUNT`: per account (the e-mail in the body) on the same routes and mutations. @default 10/300 */
  loginAccount: RateLimitRule
  /** `RATE_LIMIT_GRAPHQL`: per client IP, and per credential when one is sent, on POST /api/graphql. @default 120/60 */
  graphql: RateLimitRule
  /** `RATE_LIMIT_PUBLIC_WRITE`: per client IP on every anonymous POST/PUT/PATCH/DELETE under /api/. @default 30/60 */
  publicWrite: RateLimitRule
  /**
   * `RATE_LIMIT_MAX_BUCKETS`: live counters kept at most (rows of `rate_limit.buckets`). Once the
   * table holds this many, a client or account not yet counted shares an overflow counter — one
   * of 1024 per rule, by its network (IPv4 /24, IPv6 /48) or its e-mail — so clients and accounts
   * made up by the thousand cannot grow the table, nor push everyone else onto one counter. @default 100000
   */
  maxBuckets: number
}

type RuleName = Exclude<keyof RateLimitConfig, 'isEnabled' | 'maxBuckets'>

/** `RATE_LIMIT_MAX_BUCKETS` when unset: about 15 MB of rows, far above what real traffic keeps live. */
export const defaultMaxBuckets = 100_000

/** The environment variable and default of each rule. */
export const rateLimitVariables: Record<RuleName, { name: string; fallback: string }> = {
  login: { name: 'RATE_LIMIT_LOGIN', fallback: '20/60' },
  loginAccount: { name: 'RATE_LIMIT_LOGIN_ACCOUNT', fallback: '10/300' },
  graphql: { name: 'RATE_LIMIT_GRAPHQL', fallback: '120/60' },
  publicWrite: { name: 'RATE_LIMIT_PUBLIC_WRITE', fallback: '30/60' },
}

/** The longest window a rule may have: a day. */
export const maxWindowSeconds = 86_400

/**
 * The rate limits from the environment. An unset or empty variable takes its default; a value
 * that is not `<limit>/<window seconds>` (or `true`/`false` for RATE_LIMIT_ENABLED) throws, so a
 * typo stops the server at start instead of silently leaving a door open.
 */
export const readRateLimitConfig = (
  env: Record<string, string | undefined> = process.env,
): RateLimitConfig => {
  const rule = (name: RuleName) => {
    const { name: variable, fallback } = rateLimitVariables[name]
    return parseRateLimitRule({ variable, value: env[variable]?.trim() || fallback })
  }
  return {
    isEnabled: parseEnabled(env.RATE_LIMIT_ENABLED),
    login: rule('login'),
    loginAccount: rule('loginAccount'),
    graphql: rule('graphql'),
    publicWrite: rule('publicWrite'),
    maxBuckets: parseMaxBuckets(env.RATE_LIMIT_MAX_BUCKETS),
  }
}

/** Parses `10/60` (10 requests per 60 seconds); `variable` names the setting in the error. */
export const parseRateLimitRule = ({
  variable,
  value,
}: {
  variable: string
  value: string
}): RateLimitRule => {
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(value)
  const limit = Number(match?.[1])
  const windowSeconds = Number(match?.[2])
  if (!match || limit < 1 || windowSeconds < 1 || windowSeconds > maxWindowSeconds) {
    throw new RateLimitConfigError(
      `${variable} 的值“${value}”无效：应为“次数/秒数”，次数至少为 1，秒数在 1 到 ${maxWindowSeconds} 之间，例如 20/60 / ` +
        `${variable}="${value}" is invalid: expected <limit>/<window seconds> with a limit of at least 1 and ` +
        `a window of 1 to ${maxWindowSeconds} seconds, e.g. 20/60`,
    )
  }
  return { limit, windowSeconds }
}

const parseEnabled = (value: string | undefined): boolean => {
  const normalized = value?.trim().toLowerCase() || 'true'
  if (normalized !== 'true' && normalized !== 'false') {
    throw new RateLimitConfigError(
      `RATE_LIMIT_ENABLED 的值“${value}”无效：应为 true 或 false / RATE_LIMIT_ENABLED="${value}" is invalid: expected true or false`,
    )
  }
  return normalized === 'true'
}

const parseMaxBuckets = (value: string | undefined): number => {
  const normalized = value?.trim() || String(defaultMaxBuckets)
  const count = /^\d{1,9}$/.test(normalized) ? Number(normalized) : NaN
  if (!(count >= 100)) {
    throw new RateLimitConfigError(
      `RATE_LIMIT_MAX_BUCKETS 的值“${value}”无效：应为不小于 100 的整数，例如 ${defaultMaxBuckets} / ` +
        `RATE_LIMIT_MAX_BUCKETS="${value}" is invalid: expected a whole number of at least 100, e.g. ${defaultMaxBuckets}`,
    )
  }
  return count
}

export class RateLimitConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RateLimitConfigError'
  }
}
