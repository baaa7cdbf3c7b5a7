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
import { clientAddressKey } from './clientAddress'
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
export const createRateLimiter = ({ config, pool, payload, verifier, graphqlBodyMaxBytes = 1024 * 1024 }: RateLimiterOptions) => {
  if (!config.isEnabled) {
    return (handler: RequestHandler): RequestHandler => handler
  }
  const store = createPostgresStore({ pool, logger: () => payload()?.logger ?? log, maxBuckets: config.maxBuckets })

  return (handler: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      const booted = payload()
      const ip = clientAddressKey(req.ip)
      // Payload's own pick: a cookie Payload ignores (an earlier duplicate, an unlisted Origin) is
      // anonymous here too, and held to the anonymous limits.
      const credentials = credentialsOf({ headers: req.headers, rules: credentialRulesOf(booted) })
      let account: ReturnType<typeof verifier.accountOf> | undefined
      const plan = await planFor({
        method: req.method,
        path: req.path,
        headers: req.headers,
        ip,
        config,
        account: () => (account ??= verifier.accountOf(credentials)),
      })
      if (!plan) {
        return handler(req, res, next)
      }

      const checks = [...plan.checks]
      let forwarded: Request = req
      if (plan.readsBody) {
        const maxBytes = plan.readsBody === 'login' ? loginBodyMaxBytes : graphqlBodyMaxBytes
        const buffered = await bufferBody({ req, res, maxBytes })
        if (!buffered) {
          return
        }
        const { body } = buffered
        checks.push(
          ...(plan.readsBody === 'login'
            ? await loginChecks({ body, contentType: req.headers['content-type'], config })
            : graphqlAuthChecks({ body, ip, config })),
        )
        forwarded = buffered.request
      }

      const retryAfterSeconds = await refusal({ store, checks })
      if (retryAfterSeconds !== null) {
        tooManyRequests(res, retryAfterSeconds)
        return
      }
      return handler(forwarded, res, next)
    }
}

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
  (await loginAccounts({ body, contentType })).map((account) => ({
    rule: 'login-account',
    limit: config.loginAccount,
    subject: accountSubject(account),
  }))

/**
 * GraphQL's auth mutations do what the REST routes do, so they count against the same login
 * limits: once per attempt for the address, and for each account they name.
 */
const graphqlAuthChecks = ({ body, ip, config }: { body: Buffer; ip: string; config: RateLimitConfig }): Check[] => {
  const { attempts, emails } = graphqlAuthAttempts(body)
  if (attempts === 0) {
    return []
  }
  return [
    { rule: 'login-ip', limit: config.login, subject: ip, weight: attempts },
    ...emails.map((email): Check => ({ rule: 'login-account', limit: config.loginAccount, subject: accountSubject(email) })),
  ]
}

/** REST and GraphQL attempts on one account share its counter, whichever auth collection it is in. */
const accountSubject = (account: string | typeof unreadableBody) =>
  account === unreadableBody ? 'unreadable body' : `email:${account}`

/** Counts the request against every check; the wait in seconds if any is over its limit, else null. */
const refusal = async ({
  store,
  checks,
}: {
  store: ReturnType<typeof createPostgresStore>
  checks: Check[]
}): Promise<number | null> => {
  const keyed = checks.map((check) => ({ check, key: bucketKey(check) }))
  const counts = await store.hit(
    keyed.map(({ check, key }) => ({
      key,
      overflowKey: `${check.rule}:overflow`,
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

/** `<rule>:<sha256 of the subject>`: no address, e-mail or token is stored as it is. */
const bucketKey = ({ rule, subject }: Check): string => `${rule}:${createHash('sha256').update(subject).digest('hex')}`

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
