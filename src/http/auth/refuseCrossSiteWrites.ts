import type { Request, RequestHandler } from 'express'
import type { Payload } from 'payload'

import type { GuardOptions } from './refuseInvalidCredentials'
import type { CredentialVerifier } from './verifier'

import { apiSegments } from '../apiPath'
import { credentialRulesOf, credentialsOf } from './credentials'
import { refuse } from './refuseInvalidCredentials'

export const crossSiteWriteMessage =
  '拒绝跨站写入：请求不是从本站页面发出的（可在 CSRF_ORIGINS 中信任其他来源） / cross-site write refused: the request did not come from this site’s pages (CSRF_ORIGINS may trust other origins)'

const unsafeMethods = new Set(['DELETE', 'PATCH', 'POST', 'PUT'])

/**
 * Wraps the handler REST and GraphQL fall through to: a write (POST/PUT/PATCH/DELETE under /api/)
 * that a live session cookie would authenticate is refused with 403 when it comes from another
 * site — its `Origin` is neither the server's own nor in CSRF_ORIGINS, or it has no Origin and
 * `Sec-Fetch-Site: cross-site`. The server's own origin is SERVER_URL when set, else the host the
 * request names (as Express sees it under `trust proxy`), on any scheme. Payload's own check lets
 * every origin through while CSRF_ORIGINS and SERVER_URL are both unset.
 *
 * Requests authenticated by an `Authorization` header (API key, JWT) are not affected, nor are
 * anonymous ones or those whose cookie does not verify: a browser sends no such header across
 * sites by itself, and without a session there is nothing to ride on.
 */
export const refuseCrossSiteWrites =
  ({ payload: currentPayload, verifier }: GuardOptions) =>
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    const payload = currentPayload()
    if (
      payload &&
      unsafeMethods.has(req.method) &&
      apiSegments(req.path) &&
      !isFromThisSite({ payload, req }) &&
      (await ridesOnSession({ payload, req, verifier }))
    ) {
      refuse(res, 403, crossSiteWriteMessage)
      return
    }
    return handler(req, res, next)
  }

/** Whether the browser says the request comes from this site (or from an origin CSRF_ORIGINS trusts). */
const isFromThisSite = ({ payload, req }: { payload: Payload; req: Request }): boolean => {
  const origin = req.headers.origin
  if (origin === undefined) {
    // Browsers send Origin with every write; some older ones only Sec-Fetch-Site.
    return req.headers['sec-fetch-site'] !== 'cross-site'
  }
  const actual = urlOf(origin)
  if (!actual) {
    return false
  }
  // `csrf` is CSRF_ORIGINS, plus SERVER_URL once Payload has sanitised the config.
  const trusted = [payload.config.serverURL, ...payload.config.csrf].map(
    (value) => value && urlOf(value)?.origin,
  )
  if (trusted.includes(actual.origin)) {
    return true
  }
  return !payload.config.serverURL && isOnRequestHost({ origin: actual, host: req.host })
}

/**
 * Without SERVER_URL, the host the request names is the server's own. Its host and port are
 * compared, not its scheme: behind a TLS-terminating proxy that is not a TRUST_PROXY hop, Express
 * sees `http` while the browser sends `Origin: https://…`. A Host without a port names the
 * default port of whichever scheme the client used, so the Origin must be on its own scheme's
 * default port then; a Host with one names that port.
 */
const isOnRequestHost = ({ origin, host }: { origin: URL; host: string | undefined }): boolean => {
  const own = host ? urlOf(`http://${host}`) : null
  if (!own || own.hostname !== origin.hostname) {
    return false
  }
  const ownPort = /:(\d+)$/.exec(host!)?.[1]
  return ownPort === undefined
    ? origin.port === ''
    : Number(ownPort) === Number(origin.port || defaultPorts[origin.protocol])
}

const defaultPorts: Record<string, number> = { 'http:': 80, 'https:': 443 }

/**
 * Whether the request carries a live session cookie that Payload reads before any header token
 * (`jwtOrder`), whatever Payload's own CSRF rule would make of its Origin: a cross-site write is
 * refused here rather than left to that rule. A cookie that could not be checked counts as live.
 */
const ridesOnSession = async ({
  payload,
  req,
  verifier,
}: {
  payload: Payload
  req: Request
  verifier: CredentialVerifier
}): Promise<boolean> => {
  const { cookieToken } = credentialsOf({ headers: req.headers, rules: credentialRulesOf(payload) })
  return cookieToken !== undefined && (await verifier.token(cookieToken)).status !== 'invalid'
}

/** A URL with an origin (`scheme://host[:port]`, default port left out, host lower-cased), or null. */
const urlOf = (value: string): URL | null => {
  try {
    const url = new URL(value)
    return url.origin === 'null' ? null : url
  } catch {
    return null
  }
}
