import type { IncomingHttpHeaders } from 'node:http'

import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a request carries to authenticate itself, read the way Payload reads it. */
export type Credentials = {
  /** `Authorization: JWT <token>` or `Bearer <token>`: Payload reads it before any cookie. */
  headerToken?: string
  /** `Authorization: <collection> API-Key <key>`, whether or not the collection has API keys. */
  apiKey?: ApiKeyCredential
  /** Every value of the `<cookiePrefix>-token` cookie (a client may send it more than once). */
  cookieTokens: string[]
}

export type ApiKeyCredential = {
  /** The auth collection the header names. */
  collection: string
  key: string
}

/** The claims of a Payload token whose signature, version and expiry check out. */
export type TokenClaims = {
  collection: string
  id: number | string
  /** The session the token belongs to, for collections with `useSessions`. */
  sid?: string
}

/** Payload's token format version (`JWT_AUTH_VERSION`, in the signed header since Payload 3.90). */
const jwtAuthVersion = 1

export const credentialsOf = ({
  headers,
  cookiePrefix,
}: {
  headers: IncomingHttpHeaders
  /** Payload's `cookiePrefix`: the token cookie is `<prefix>-token`. */
  cookiePrefix: string
}): Credentials => {
  const authorization = headers.authorization ?? ''
  // Payload's own prefixes, case and single space included: anything else it ignores.
  const headerToken = /^(?:JWT|Bearer) (.+)$/s.exec(authorization)?.[1]
  const apiKey = /^(\S+) API-Key (.+)$/s.exec(authorization)
  return {
    ...(headerToken ? { headerToken } : {}),
    ...(apiKey ? { apiKey: { collection: apiKey[1]!, key: apiKey[2]! } } : {}),
    cookieTokens: cookieValues(headers.cookie, `${cookiePrefix}-token`),
  }
}

/**
 * The claims of a Payload token (HS256, signed with `payload.secret`) if its signature, format
 * version and expiry check out, else null. Whether its account and session still exist only the
 * database can tell (see `createCredentialVerifier`).
 */
export const tokenClaims = ({ token, secret }: { token: string; secret: string }): TokenClaims | null => {
  const [header, claims, signature, ...rest] = token.split('.')
  if (!header || !claims || !signature || rest.length > 0) {
    return null
  }
  try {
    const { alg, authVersion } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>
    if (alg !== 'HS256' || authVersion !== jwtAuthVersion) {
      return null
    }
    const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest()
    const actual = Buffer.from(signature, 'base64url')
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return null
    }
    const { exp, nbf, collection, id, sid } = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>
    const now = Date.now() / 1000
    if (typeof exp !== 'number' || exp <= now || (nbf !== undefined && (typeof nbf !== 'number' || nbf > now))) {
      return null
    }
    if (typeof collection !== 'string' || (typeof id !== 'number' && typeof id !== 'string') || (sid !== undefined && typeof sid !== 'string')) {
      return null
    }
    return { collection, id, ...(sid ? { sid } : {}) }
  } catch {
    return null
  }
}

/** Every value of cookie `name` in a Cookie header. */
const cookieValues = (cookieHeader: string | undefined, name: string): string[] =>
  (cookieHeader ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => safeDecode(pair.slice(name.length + 1)))
    .filter(Boolean)

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
