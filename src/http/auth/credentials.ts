import type { IncomingHttpHeaders } from 'node:http'

import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a request carries to authenticate itself, read the way Payload reads it. */
export type Credentials = {
  /** `Authorization: JWT <token>` or `Bearer <token>`, wherever it comes in `jwtOrder`. */
  headerToken?: string
  /** `Authorization: <collection> API-Key <key>`, whether or not the collection has API keys. */
  apiKey?: ApiKeyCredential
  /**
   * The `<cookiePrefix>-token` cookie as Payload's `parseCookies` reads it (the last one sent
   * wins), when `jwtOrder` comes to the cookie before a header token the request carries, whether
   * or not Payload's CSRF rule lets it count (see `sessionToken`).
   */
  cookieToken?: string
  /**
   * The one token Payload's JWT strategy authenticates the request with (`extractJWT`): the first
   * of `jwtOrder` the request carries. A cookie counts only if the CSRF rule takes it: with `csrf`
   * set (CSRF_ORIGINS, SERVER_URL), a cookie sent with an unlisted `Origin`, or without one and
   * without `Sec-Fetch-Site` same-origin/same-site/none, is ignored and the next method is tried.
   */
  sessionToken?: string
}

export type ApiKeyCredential = {
  /** The auth collection the header names. */
  collection: string
  key: string
}

/** The parts of Payload's config that decide which credential it reads. */
export type CredentialRules = {
  /** The token cookie is `<cookiePrefix>-token`. */
  cookiePrefix: string
  /** Origins whose requests may authenticate by cookie; empty: any (`config.csrf`, SERVER_URL included). */
  csrf: string[]
  /** Where Payload looks for a token, first match wins (`config.auth.jwtOrder`). */
  jwtOrder: readonly ('Bearer' | 'cookie' | 'JWT')[]
}

/** Payload's defaults, for requests that come before Payload has booted. */
export const defaultCredentialRules: CredentialRules = {
  cookiePrefix: 'payload',
  csrf: [],
  jwtOrder: ['JWT', 'Bearer', 'cookie'],
}

/** The rules of a booted Payload, or its defaults while there is none. */
export const credentialRulesOf = (
  payload:
    | {
        config: {
          cookiePrefix: string
          csrf: string[]
          auth: { jwtOrder: CredentialRules['jwtOrder'] }
        }
      }
    | undefined,
): CredentialRules =>
  payload
    ? {
        cookiePrefix: payload.config.cookiePrefix,
        csrf: payload.config.csrf,
        jwtOrder: payload.config.auth.jwtOrder,
      }
    : defaultCredentialRules

/** The claims of a Payload token whose signature, version and expiry check out. */
export type TokenClaims = {
  collection: string
  id: number | string
  /** The session the token belongs to, for collections with `useSessions`. */
  sid?: string
}

/** Payload's token format version (`JWT_AUTH_VERSION`, in the signed header since Payload 3.90). */
const jwtAuthVersion = 1

/**
 * The credentials of a request exactly as Payload would pick them
 * (node_modules/payload/dist/auth/extractJWT.js and strategies/apiKey.js), so whatever we decide
 * about a request — anonymous or not — is what Payload will decide.
 */
export const credentialsOf = ({
  headers,
  rules,
}: {
  headers: IncomingHttpHeaders
  rules: CredentialRules
}): Credentials => {
  const authorization = headers.authorization ?? ''
  // Payload's own prefixes, case and single space included: anything else it ignores.
  const fromHeader = {
    JWT: authorization.startsWith('JWT ') ? authorization.slice('JWT '.length) : '',
    Bearer: authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '',
  }
  const headerToken = fromHeader.JWT || fromHeader.Bearer
  const apiKey = /^(\S+) API-Key (.+)$/s.exec(authorization)
  let cookieToken: string | undefined
  let sessionToken: string | undefined
  for (const method of rules.jwtOrder) {
    if (method !== 'cookie') {
      sessionToken = fromHeader[method] || undefined
    } else {
      cookieToken = lastCookie({ header: headers.cookie, name: `${rules.cookiePrefix}-token` })
      sessionToken =
        cookieToken && isCookieAccepted({ headers, csrf: rules.csrf }) ? cookieToken : undefined
    }
    if (sessionToken) {
      break
    }
  }
  return {
    ...(headerToken ? { headerToken } : {}),
    ...(apiKey ? { apiKey: { collection: apiKey[1]!, key: apiKey[2]! } } : {}),
    ...(cookieToken ? { cookieToken } : {}),
    ...(sessionToken ? { sessionToken } : {}),
  }
}

/**
 * The claims of a Payload token (HS256, signed with `payload.secret`) if its signature, format
 * version and expiry check out, else null. Whether its account and session still exist only the
 * database can tell (see `createCredentialVerifier`).
 */
export const tokenClaims = ({
  token,
  secret,
}: {
  token: string
  secret: string
}): TokenClaims | null => {
  const [header, claims, signature, ...rest] = token.split('.')
  if (!header || !claims || !signature || rest.length > 0) {
    return null
  }
  try {
    const { alg, authVersion } = JSON.parse(
      Buffer.from(header, 'base64url').toString('utf8'),
    ) as Record<string, unknown>
    if (alg !== 'HS256' || authVersion !== jwtAuthVersion) {
      return null
    }
    const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest()
    const actual = Buffer.from(signature, 'base64url')
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return null
    }
    const { exp, nbf, collection, id, sid } = JSON.parse(
      Buffer.from(claims, 'base64url').toString('utf8'),
    ) as Record<string, unknown>
    const now = Date.now() / 1000
    if (
      typeof exp !== 'number' ||
      exp <= now ||
      (nbf !== undefined && (typeof nbf !== 'number' || nbf > now))
    ) {
      return null
    }
    if (
      typeof collection !== 'string' ||
      (typeof id !== 'number' && typeof id !== 'string') ||
      (sid !== undefined && typeof sid !== 'string')
    ) {
      return null
    }
    return { collection, id, ...(sid ? { sid } : {}) }
  } catch {
    return null
  }
}

/**
 * Cookie `name` as Payload's `parseCookies` reads a Cookie header: names trimmed, values
 * `decodeURI`d, a value that does not decode skipped, the last one left standing wins — and an
 * empty one means none.
 */
const lastCookie = ({
  header,
  name,
}: {
  header: string | undefined
  name: string
}): string | undefined => {
  let value: string | undefined
  for (const cookie of (header ?? '').split(';')) {
    const [key, ...rest] = cookie.split('=')
    if (key!.trim() !== name) {
      continue
    }
    try {
      value = decodeURI(rest.join('='))
    } catch {
      // Payload skips it, keeping the value before.
    }
  }
  return value || undefined
}

/** Payload's CSRF rule for the token cookie (`extractJWT`'s cookie method). */
const isCookieAccepted = ({
  headers,
  csrf,
}: {
  headers: IncomingHttpHeaders
  csrf: string[]
}): boolean => {
  const origin = headers.origin
  if (origin) {
    return csrf.length === 0 || csrf.includes(origin)
  }
  if (csrf.length === 0) {
    return true
  }
  const site = headers['sec-fetch-site']
  return site === 'same-origin' || site === 'same-site' || site === 'none'
}
