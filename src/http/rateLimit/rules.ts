import type { IncomingHttpHeaders } from 'node:http'

import type { Account } from '../auth/verifier'
import type { RateLimitConfig, RateLimitRule } from './config'

import { apiSegments } from '../apiPath'

/** One counter a request is held to. */
export type Check = {
  /** The store's namespace for this rule's counters. */
  rule: 'graphql-account' | 'graphql-ip' | 'login-account' | 'login-ip' | 'public-write-ip'
  limit: RateLimitRule
  /** Whose requests are counted together (an address, an account); hashed before it is stored. */
  subject: string
  /**
   * Whom this counter is shared with while the table is full and the subject has no counter yet:
   * the client's network for per-address rules, else the subject itself; either way hashed into
   * one of `overflowShards` counters of the rule. @default subject
   */
  overflowSubject?: string
  /** How many requests this one counts as. @default 1 */
  weight?: number
}

export type Plan = {
  checks: Check[]
  /**
   * What in the body adds checks, so it has to be read first: the account of a REST login-like
   * route, or the auth mutations in a GraphQL document.
   */
  readsBody?: 'graphql' | 'login'
}

const loginActions = new Set(['login', 'forgot-password', 'reset-password'])
const writeMethods = new Set(['DELETE', 'PATCH', 'POST', 'PUT'])

/**
 * Which limits a request is held to, decided from its method, path and headers, and for anonymous
 * write candidates and GraphQL from whose credential verifies: a request that gets no plan costs
 * the limiter nothing, not even a database round-trip.
 */
export const planFor = async ({
  method,
  path,
  headers,
  ip,
  network,
  config,
  account,
}: {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** The client's address key (`clientAddressKey`). */
  ip: string
  /** The client's network (`clientNetworkKey`): whom it shares an overflow counter with. */
  network: string
  config: RateLimitConfig
  /**
   * The account whose credential (token or API key) really verifies, or null: a made-up key, an
   * expired or logged-out token is anonymous. Asked only when a rule depends on it.
   */
  account: () => Promise<Account | null>
}): Promise<Plan | null> => {
  if (!writeMethods.has(method)) {
    return null
  }
  const segments = apiSegments(path)
  if (!segments) {
    return null
  }
  const [first, second] = segments
  if (method === 'POST' && segments.length === 2 && loginActions.has(second!)) {
    return {
      checks: [{ rule: 'login-ip', limit: config.login, subject: ip, overflowSubject: network }],
      readsBody: 'login',
    }
  }
  if (method === 'POST' && segments.length === 1 && first === 'graphql') {
    const checks: Check[] = [
      { rule: 'graphql-ip', limit: config.graphql, subject: ip, overflowSubject: network },
    ]
    // Per account, not per credential string: made-up credentials cannot open counters of their own.
    const signedIn = await account()
    if (signedIn) {
      checks.push({
        rule: 'graphql-account',
        limit: config.graphql,
        subject: `${signedIn.collection}:${signedIn.id}`,
      })
    }
    return { checks, readsBody: 'graphql' }
  }
  if (isReadOverride({ method, headers }) || (await account())) {
    return null
  }
  return {
    checks: [
      { rule: 'public-write-ip', limit: config.publicWrite, subject: ip, overflowSubject: network },
    ],
  }
}

/** Payload turns a POST with this header into a GET (a long query in the body): a read, not a write. */
const isReadOverride = ({ method, headers }: { method: string; headers: IncomingHttpHeaders }) =>
  method === 'POST' &&
  (headers['x-payload-http-method-override'] === 'GET' ||
    headers['x-http-method-override'] === 'GET')
