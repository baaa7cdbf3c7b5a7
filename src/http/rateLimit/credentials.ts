import type { IncomingHttpHeaders } from 'node:http'

import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a request carries to authenticate itself, as Payload reads it. */
export type Credentials = {
  /** The `Authorization` header, or else the token cookie: what identifies the caller. */
  credential: string | undefined
  /** Payload tokens (header or cookie), to be checked against the secret. */
  tokens: string[]
  /** An `Authorization: <collection> API-Key <key>` header. */
  hasApiKey: boolean
}

export const credentialsOf = ({
  headers,
  cookiePrefix,
}: {
  headers: IncomingHttpHeaders
  /** Payload's `cookiePrefix`: the token cookie is `<prefix>-token`. */
  cookiePrefix: string
}): Credentials => {
  const authorization = headers.authorization?.trim() || undefined
  const cookieTokens = cookieValues(headers.cookie, `${cookiePrefix}-token`)
  const headerToken = /^(?:JWT|Bearer) (.+)$/.exec(authorization ?? '')?.[1]
  return {
    credential: authorization ?? cookieTokens[0],
    tokens: headerToken ? [headerToken, ...cookieTokens] : cookieTokens,
    hasApiKey: / API-Key \S/.test(authorization ?? ''),
  }
}

/**
 * Whether the request is signed in as far as we can tell without the database: a Payload token
 * whose signature and expiry check out, or an API key (only the database could tell a real key
 * from a made-up one). Without the secret (Payload not booted yet) any credential counts.
 */
export const isSignedIn = ({ credentials, secret }: { credentials: Credentials; secret: string | undefined }): boolean => {
  if (credentials.hasApiKey) {
    return true
  }
  if (secret === undefined) {
    return credentials.credential !== undefined
  }
  return credentials.tokens.some((token) => isValidToken({ token, secret }))
}

/**
 * Checks a Payload token (HS256, signed with `payload.secret`) and its expiry. Payload itself
 * then checks the user and session; this only keeps a made-up header from passing as signed in.
 */
export const isValidToken = ({ token, secret }: { token: string; secret: string }): boolean => {
  const [header, claims, signature, ...rest] = token.split('.')
  if (!header || !claims || !signature || rest.length > 0) {
    return false
  }
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }
    if (alg !== 'HS256') {
      return false
    }
    const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest()
    const actual = Buffer.from(signature, 'base64url')
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return false
    }
    const { exp } = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { exp?: unknown }
    return typeof exp === 'number' && exp * 1000 > Date.now()
  } catch {
    return false
  }
}

/** Every value of cookie `name` in a Cookie header (a client may send it more than once). */
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
