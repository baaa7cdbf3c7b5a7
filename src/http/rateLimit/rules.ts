import type { IncomingHttpHeaders } from 'node:http'

import type { RateLimitConfig, RateLimitRule } from './config'

/** One counter a request is held to. */
export type Check = {
  /** The store's namespace for this rule's counters. */
  rule: 'graphql-account' | 'graphql-ip' | 'login-account' | 'login-ip' | 'public-write-ip'
  limit: RateLimitRule
  /** Whose requests are counted together (an address, an account); hashed before it is stored. */
  subject: string
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
 * Which limits a request is held to, decided from its method, path and headers alone: a request
 * that gets no plan costs the limiter nothing, not even a database round-trip.
 */
export const planFor = ({
  method,
  path,
  headers,
  ip,
  config,
  credential,
  isSignedIn,
}: {
  method: string
  path: string
  headers: IncomingHttpHeaders
  ip: string
  config: RateLimitConfig
  /** The Authorization header or token cookie, when the request has one. */
  credential: string | undefined
  /** Whether the request is signed in; asked only for anonymous-write candidates. */
  isSignedIn: () => boolean
}): Plan | null => {
  if (!writeMethods.has(method)) {
    return null
  }
  const segments = apiSegments(path)
  if (!segments) {
    return null
  }
  const [first, second] = segments
  if (method === 'POST' && segments.length === 2 && loginActions.has(second!)) {
    return { checks: [{ rule: 'login-ip', limit: config.login, subject: ip }], readsBody: 'login' }
  }
  if (method === 'POST' && segments.length === 1 && first === 'graphql') {
    const checks: Check[] = [{ rule: 'graphql-ip', limit: config.graphql, subject: ip }]
    if (credential) {
      checks.push({ rule: 'graphql-account', limit: config.graphql, subject: credential })
    }
    return { checks, readsBody: 'graphql' }
  }
  if (isReadOverride({ method, headers }) || isSignedIn()) {
    return null
  }
  return { checks: [{ rule: 'public-write-ip', limit: config.publicWrite, subject: ip }] }
}

/**
 * The path under /api/ as Payload will route it, or null for any other path. Decoded, lower-cased
 * and with dot segments resolved, so `/api/USERS/%6Cogin/` or `/api/x/../users/login` cannot pass
 * for another route here while Next and Payload still route it to the login.
 */
const apiSegments = (path: string): string[] | null => {
  let decoded = path
  try {
    decoded = decodeURIComponent(path)
  } catch {
    // Undecodable: compare it as it is.
  }
  const segments: string[] = []
  for (const segment of decoded.toLowerCase().split('/')) {
    if (segment === '..') {
      segments.pop()
    } else if (segment !== '' && segment !== '.') {
      segments.push(segment)
    }
  }
  return segments[0] === 'api' ? segments.slice(1) : null
}

/** Payload turns a POST with this header into a GET (a long query in the body): a read, not a write. */
const isReadOverride = ({ method, headers }: { method: string; headers: IncomingHttpHeaders }) =>
  method === 'POST' &&
  (headers['x-payload-http-method-override'] === 'GET' || headers['x-http-method-override'] === 'GET')
