import type { RateLimitRule } from '../http/rateLimit/config'

import { parseRateLimitRule } from '../http/rateLimit/config'

/**
 * Public voting's settings that are the same for every campaign: how codes and voter tokens
 * behave, how often codes may be asked for, and when votes are flagged. What differs per
 * sub-project (window, per-voter and per-address limits) is in its `voting` group.
 *
 * Each can be set from the environment (read once, at the first vote); a value that does not
 * parse throws, so a typo stops the voting endpoints instead of silently loosening a limit.
 */
export type VotingOptions = {
  /** `VOTING_CODE_TTL_SECONDS`: how long an e-mailed code can be used. @default 600 (10 min) */
  codeTtlSeconds: number
  /** `VOTING_CODE_MAX_ATTEMPTS`: wrong codes tried before the voter's live codes are spent. @default 5 */
  codeMaxAttempts: number
  /** `VOTING_CODE_PER_VOTER`: codes one address (e-mail) may be sent per window. @default 5/3600 */
  codesPerVoter: RateLimitRule
  /** `VOTING_CODE_INTERVAL_SECONDS`: the least time between two codes to one address. @default 60 */
  codeIntervalSeconds: number
  /** `VOTING_CODE_PER_ADDRESS`: codes asked for from one client address (IP, IPv6 /64) per window. @default 20/3600 */
  codesPerClient: RateLimitRule
  /** `VOTING_TOKEN_TTL_SECONDS`: how long a voter token (issued for a code) stays usable. @default 7200 (2 h) */
  tokenTtlSeconds: number
  /**
   * `VOTING_FLAG_ADDRESS_BURST`: `address-burst` when this many votes of one sub-project come
   * from one address block (IPv4 /24, IPv6 /48) within the window. @default 20/60
   */
  addressBurst: RateLimitRule
  /**
   * `VOTING_FLAG_CODE_BURST`: `code-burst` when this many distinct voters vote for one work
   * within the window. @default 30/60
   */
  codeBurst: RateLimitRule
  /**
   * `VOTING_FLAG_SAME_AGENT`: `same-agent` when this many votes for one work carry one identical
   * user agent (or none) within the window. @default 20/60
   */
  sameAgent: RateLimitRule
  /** `VOTING_FLAG_DELAY_MS`: how soon after a vote the flag sweep runs (batching the votes between). @default 1000 */
  flagDelayMs: number
}

const positive = ({
  variable,
  value,
  fallback,
}: {
  variable: string
  value?: string
  fallback: number
}) => {
  const text = value?.trim() || String(fallback)
  const number = /^\d{1,9}$/.test(text) ? Number(text) : NaN
  if (!(number >= 1)) {
    throw new Error(
      `${variable} 的值“${value}”无效：应为正整数 / ${variable}="${value}" is invalid: expected a positive whole number`,
    )
  }
  return number
}

const rule = ({
  variable,
  value,
  fallback,
}: {
  variable: string
  value?: string
  fallback: string
}) => parseRateLimitRule({ variable, value: value?.trim() || fallback })

/** The options from `env`, defaults for what it does not set. */
export const readVotingOptions = (
  env: Record<string, string | undefined> = process.env,
): VotingOptions => ({
  codeTtlSeconds: positive({
    variable: 'VOTING_CODE_TTL_SECONDS',
    value: env.VOTING_CODE_TTL_SECONDS,
    fallback: 600,
  }),
  codeMaxAttempts: positive({
    variable: 'VOTING_CODE_MAX_ATTEMPTS',
    value: env.VOTING_CODE_MAX_ATTEMPTS,
    fallback: 5,
  }),
  codesPerVoter: rule({
    variable: 'VOTING_CODE_PER_VOTER',
    value: env.VOTING_CODE_PER_VOTER,
    fallback: '5/3600',
  }),
  codeIntervalSeconds: positive({
    variable: 'VOTING_CODE_INTERVAL_SECONDS',
    value: env.VOTING_CODE_INTERVAL_SECONDS,
    fallback: 60,
  }),
  codesPerClient: rule({
    variable: 'VOTING_CODE_PER_ADDRESS',
    value: env.VOTING_CODE_PER_ADDRESS,
    fallback: '20/3600',
  }),
  tokenTtlSeconds: positive({
    variable: 'VOTING_TOKEN_TTL_SECONDS',
    value: env.VOTING_TOKEN_TTL_SECONDS,
    fallback: 7200,
  }),
  addressBurst: rule({
    variable: 'VOTING_FLAG_ADDRESS_BURST',
    value: env.VOTING_FLAG_ADDRESS_BURST,
    fallback: '20/60',
  }),
  codeBurst: rule({
    variable: 'VOTING_FLAG_CODE_BURST',
    value: env.VOTING_FLAG_CODE_BURST,
    fallback: '30/60',
  }),
  sameAgent: rule({
    variable: 'VOTING_FLAG_SAME_AGENT',
    value: env.VOTING_FLAG_SAME_AGENT,
    fallback: '20/60',
  }),
  flagDelayMs: positive({
    variable: 'VOTING_FLAG_DELAY_MS',
    value: env.VOTING_FLAG_DELAY_MS,
    fallback: 1000,
  }),
})

let current: VotingOptions | undefined

/** The options of this process, read from the environment at first use. */
export const votingOptions = (): VotingOptions => (current ??= readVotingOptions())
