import type { Request, RequestHandler, Response } from 'express'
import type { Payload } from 'payload'
import type { Pool } from 'pg'

import { createHash } from 'node:crypto'

import type { CredentialVerifier } from '../auth/verifier'
import type { RateLimitConfig } from './config'
import type { Check } from './rules'

import { log } from '../../lib/log'
import { credentialRulesOf, credentialsOf } from '../auth/credentials'
import { bufferBody } from '../requestBody'
import { clientAddressKey, clientNetworkKey } from './clientAddress'
import { graphqlAuthAttempts } from './graphqlAuth'
import { loginAccounts, unreadableBody } from './loginAccount'
import { planFor } from './rules'
import { createPostgresStore } from './store'

export type { RateLimitConfig, RateLimitRule } from './config'
export { RateLimitConfigError, rateLimitVariables, readRateLimitConfig } from './config'

/** Login bodies are read in Express to find the account; nothing legitimate comes near this. */
export const loginBodyMaxBytes = 16 * 1024

export type RateLimiterOptions = {
  config: RateLimitConfig
  /** Where the counters live, shared by every instance. Undefined: requests go through uncounted. */
  pool: () => Pool | undefined
  /** Payload of this process: its cookie prefix and logger. */
  payload: () => Payload | undefined
  /** Tells real credentials from made-up, expired, logged-out and revoked ones. */
  verifier: CredentialVerifier
  /** GraphQL bodies are read to find auth mutations, up to the app's body cap. @default 1 MB */
  graphqlBodyMaxBytes?: number
}

/**
 * Wraps the handler everything falls through to (Next.js) with the rate limits. It wraps rather
 * than sits in front as middleware because a login's body has to be read here, and the handler
 * must then be given a request that replays it — Express cannot swap the request for `next()`.
 */
export const createRateLimiter = ({
  config,
  pool,
  payload,
  verifier,
  graphqlBodyMaxBytes = 1024 * 1024,
}: RateLimiterOptions) => {
  if (!config.isEnabled) {
    return (handler: RequestHandler): RequestHandler => handler
  }
  const store = createPostgresStore({
    pool,
    logger: () => payload()?.logger ?? log,
    maxBuckets: config.maxBuckets,
  })

  return (handler: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      const booted = payload()
      const ip = clientAddressKey(req.ip)
      const network = clientNetworkKey(req.ip)
      // Payload's own pick: a cookie Payload ignores (an earlier duplicate, an unlisted Origin) is
      // anonymous here too, and held to the anonymous limits.
      const credentials = credentialsOf({ headers: req.headers, rules: credentialRulesOf(booted) })
      let account: ReturnType<typeof verifier.accountOf> | undefined
      const plan = await planFor({
        method: req.method,
        path: req.path,
        headers: req.headers,
        ip,
        network,
        config,
        account: () => (account ??= verifier.accountOf(credentials)),
      })
      if (!plan) {
        return handler(req, res, next)
      }

      const checks = [...plan.checks]
      /** Per-account counters, opened only once the address is within its limits (see below). */
      let accountChecks: Check[] = []
      let forwarded: Request = req
      if (plan.readsBody) {
        const maxBytes = plan.readsBody === 'login' ? loginBodyMaxBytes : graphqlBodyMaxBytes
        const buffered = await bufferBody({ req, res, maxBytes })
        if (!buffered) {
          return
        }
        forwarded = buffered.request
        if (plan.readsBody === 'login') {
          accountChecks = await loginChecks({
            body: buffered.body,
            contentType: req.headers['content-type'],
            config,
          })
        } else {
          const { attempts, emails } = graphqlAuthAttempts(buffered.body)
          if (attempts > maxGraphqlAuthAttempts) {
            // Still one GraphQL request of its address, but no attempt and no account is counted.
            const wait = await refusal({ store, checks })
            if (wait === null) {
              refuseAuthAttempts(res)
            } else {
              tooManyRequests(res, wait)
            }
            return
          }
          if (attempts > 0) {
            checks.push({
              rule: 'login-ip',
              limit: config.login,
              subject: ip,
              overflowSubject: network,
              weight: attempts,
            })
            accountChecks = emails.map((email) => accountCheck({ account: email, config }))
          }
        }
      }

      // The address first: an address over its limit opens no per-account counter, so one client
      // cannot fill the table with made-up e-mails once it is refused anyway.
      const retryAfterSeconds =
        (await refusal({ store, checks })) ?? (await refusal({ store, checks: accountChecks }))
      if (retryAfterSeconds !== null) {
        tooManyRequests(res, retryAfterSeconds)
        return
      }
      return handler(forwarded, res, next)
    }
}

/**
 * Auth mutations one GraphQL document may carry. Aliases let a document carry thousands, each a
 * login attempt (and a counter per e-mail); a real client sends one.
 */
export const maxGraphqlAuthAttempts = 3

export const tooManyAuthAttemptsMessage =
  `一次 GraphQL 请求最多包含 ${maxGraphqlAuthAttempts} 个登录、找回密码或重置密码操作 / ` +
  `a GraphQL request may carry at most ${maxGraphqlAuthAttempts} login, forgot-password or reset-password mutations`

/** The account (or accounts) a REST login, forgot-password or reset-password body names. */
const loginChecks = async ({
  body,
  contentType,
  config,
}: {
  body: Buffer
  contentType: string | undefined
  config: RateLimitConfig
}): Promise<Check[]> =>
  (await loginAccounts({ body, contentType })).map((account) => accountCheck({ account, config }))

/** REST and GraphQL attempts on one account share its counter, whichever auth collection it is in. */
const accountCheck = ({
  account,
  config,
}: {
  account: string | typeof unreadableBody
  config: RateLimitConfig
}): Check => ({
  rule: 'login-account',
  limit: config.loginAccount,
  subject: account === unreadableBody ? 'unreadable body' : `email:${account}`,
})

/**
 * Counts the request against every check; the wait in seconds if any is over its limit, else
 * null. While the table is full, a subject without a counter of its own is counted in one of
 * `overflowShards` shared counters of its rule, chosen by its `overflowSubject`: a flood shares
 * the counters of its own network (or e-mails), and every other newcomer most likely one of its own.
 */
const refusal = async ({
  store,
  checks,
}: {
  store: ReturnType<typeof createPostgresStore>
  checks: Check[]
}): Promise<number | null> => {
  if (checks.length === 0) {
    return null
  }
  const keyed = checks.map((check) => ({ check, key: bucketKey(check) }))
  const counts = await store.hit(
    keyed.map(({ check, key }) => ({
      key,
      overflowKey: `${check.rule}:overflow:${shardOf(check.overflowSubject ?? check.subject)}`,
      windowSeconds: check.limit.windowSeconds,
      weight: check.weight ?? 1,
    })),
  )
  if (!counts) {
    return null
  }
  const waits = keyed.flatMap(({ check, key }) => {
    const count = counts.find((c) => c.key === key)
    return count && count.hits > check.limit.limit ? [count.retryAfterSeconds] : []
  })
  return waits.length > 0 ? Math.max(...waits) : null
}

/** Shared counters per rule while the table is full: at most this many rows more per rule. */
export const overflowShards = 1024

const shardOf = (subject: string): number =>
  createHash('sha256').update(subject).digest().readUInt16BE(0) % overflowShards

/** `<rule>:<sha256 of the subject>`: no address, e-mail or token is stored as it is. */
const bucketKey = ({ rule, subject }: Check): string =>
  `${rule}:${createHash('sha256').update(subject).digest('hex')}`

const tooManyRequests = (res: Response, retryAfterSeconds: number) => {
  res
    .status(429)
    .set({ 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' })
    .json({
      errors: [
        {
          message: `请求过于频繁，请 ${retryAfterSeconds} 秒后再试 / Too many requests: retry in ${retryAfterSeconds} s`,
        },
      ],
    })
}

/** 400 in Payload's error shape, which GraphQL clients read too: Payload runs nothing of it. */
const refuseAuthAttempts = (res: Response) => {
  res
    .status(400)
    .set({ 'Cache-Control': 'no-store' })
    .json({ errors: [{ message: tooManyAuthAttemptsMessage }] })
}
