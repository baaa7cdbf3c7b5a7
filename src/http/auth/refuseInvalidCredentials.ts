import type { RequestHandler, Response } from 'express'
import type { Payload } from 'payload'

import type { CredentialVerifier } from './verifier'

import { apiSegments } from '../apiPath'
import { credentialRulesOf, credentialsOf } from './credentials'

export const invalidApiKeyMessage = 'API 密钥无效或已停用 / invalid or revoked API key'
export const invalidTokenMessage =
  '登录凭证无效、已过期或已退出登录，请重新登录 / invalid, expired or logged-out token: log in again'

export type GuardOptions = {
  /** The booted Payload of this process: its cookie prefix, token order, `serverURL` and `csrf`. */
  payload: () => Payload | undefined
  verifier: CredentialVerifier
}

/**
 * Wraps the handler REST and GraphQL fall through to: an `Authorization` header that does not
 * verify — an unknown, disabled or deleted API key, a key naming a collection without keys, a
 * made-up, expired or logged-out token — is answered 401, where Payload would quietly serve the
 * request as anonymous (a revoked partner would go on reading public content). A token cookie
 * never gets a 401: a stale one after logout must leave the login page working, so it is just
 * anonymous. Only paths under /api/ (REST, GraphQL) are guarded.
 */
export const refuseInvalidCredentials =
  ({ payload: currentPayload, verifier }: GuardOptions) =>
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    const payload = currentPayload()
    const segments = apiSegments(req.path)
    if (!payload || !segments) {
      return handler(req, res, next)
    }
    const credentials = credentialsOf({ headers: req.headers, rules: credentialRulesOf(payload) })
    if (credentials.apiKey && (await verifier.apiKey(credentials.apiKey)).status === 'invalid') {
      refuse(res, 401, invalidApiKeyMessage)
      return
    }
    if (
      credentials.headerToken &&
      (await verifier.token(credentials.headerToken)).status === 'invalid'
    ) {
      refuse(res, 401, invalidTokenMessage)
      return
    }
    if (req.method === 'POST' && segments.length === 2 && segments[1] === 'logout') {
      // The token just logged out must not pass for valid here for the rest of its cache time.
      res.once('finish', () => verifier.forget(credentials))
    }
    return handler(req, res, next)
  }

/** A refusal in Payload's error shape, which GraphQL clients read too. */
export const refuse = (res: Response, status: 401 | 403, message: string) => {
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store' })
    .json({ errors: [{ message }] })
}
