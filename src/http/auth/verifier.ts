import type { CollectionSlug, Payload, Where } from 'payload'

import { createHash, createHmac } from 'node:crypto'

import type { ApiKeyCredential, Credentials } from './credentials'

import { tokenClaims } from './credentials'

/** The account a credential belongs to. */
export type Account = {
  collection: string
  id: number | string
}

/**
 * What the database says about one credential: `valid` with its account, `invalid` (made up,
 * expired, logged out, revoked, deleted), or `unknown` when it could not be asked (not booted,
 * database error) — callers then neither refuse nor trust it.
 */
export type Verification =
  { status: 'valid'; account: Account } | { status: 'invalid' } | { status: 'unknown' }

export type CredentialVerifier = {
  /** A `JWT`/`Bearer` header or token cookie: signature and expiry, then its account and live session. */
  token: (token: string) => Promise<Verification>
  /** An `Authorization: <collection> API-Key <key>` header: an enabled key of that collection. */
  apiKey: (apiKey: ApiKeyCredential) => Promise<Verification>
  /**
   * The account Payload will authenticate the request as, or null: its API key if that verifies
   * (Payload's API-key strategies run first), else its session token (`Credentials.sessionToken`:
   * the one token Payload reads, so a cookie Payload ignores is no account here either).
   */
  accountOf: (credentials: Credentials) => Promise<Account | null>
  /** Drops what is remembered about these credentials (after a logout through this instance). */
  forget: (credentials: Credentials) => void
}

export type CredentialVerifierOptions = {
  /** The booted Payload of this process, once there is one: its secret, collections and Local API. */
  payload: () => Payload | undefined
  /**
   * How long a verification is remembered in this process. A revoked key, a deleted account or a
   * logout on another instance is noticed this much later here (Payload itself checks again behind
   * us, so within that time such a request is anonymous, not signed in). @default 5000
   */
  ttlMs?: number
  /** Verifications remembered at most; the oldest are forgotten first. @default 10000 */
  maxEntries?: number
  /**
   * A counter that changes whenever accounts or keys change on this instance (the partner-push
   * plugin's access epoch): remembered verifications older than the change are looked up again.
   */
  epoch?: (payload: Payload) => number
}

type Entry = { verification: Promise<Verification>; expiresAt: number; epoch: number }

/**
 * Tells real credentials from made-up, expired, logged-out and revoked ones the way Payload's own
 * strategies do (node_modules/payload/dist/auth/strategies/jwt.js and apiKey.js), with one indexed
 * query each, remembered briefly so the Express layer can ask on every request.
 */
export const createCredentialVerifier = ({
  payload: currentPayload,
  ttlMs = 5_000,
  maxEntries = 10_000,
  epoch = () => 0,
}: CredentialVerifierOptions): CredentialVerifier => {
  const entries = new Map<string, Entry>()

  const remembered = (
    key: string,
    payload: Payload,
    lookUp: () => Promise<Verification>,
  ): Promise<Verification> => {
    const now = Date.now()
    const currentEpoch = epoch(payload)
    const known = entries.get(key)
    if (known && known.expiresAt > now && known.epoch === currentEpoch) {
      return known.verification
    }
    const verification = lookUp()
    entries.delete(key)
    entries.set(key, { verification, expiresAt: now + ttlMs, epoch: currentEpoch })
    while (entries.size > maxEntries) {
      entries.delete(entries.keys().next().value!)
    }
    // An unanswered question is asked again next time, not remembered.
    void verification.then((result) => {
      if (result.status === 'unknown' && entries.get(key)?.verification === verification) {
        entries.delete(key)
      }
    })
    return verification
  }

  const token = async (value: string): Promise<Verification> => {
    const payload = currentPayload()
    if (!payload) {
      return { status: 'unknown' }
    }
    const claims = tokenClaims({ token: value, secret: payload.secret })
    if (!claims) {
      return { status: 'invalid' }
    }
    return remembered(tokenKey(value), payload, () => lookUpToken({ payload, ...claims }))
  }

  const apiKey = async (credential: ApiKeyCredential): Promise<Verification> => {
    const payload = currentPayload()
    if (!payload) {
      return { status: 'unknown' }
    }
    return remembered(apiKeyKey(credential), payload, () =>
      lookUpApiKey({ payload, ...credential }),
    )
  }

  return {
    token,
    apiKey,
    accountOf: async (credentials) => {
      const checks = [
        ...(credentials.apiKey ? [() => apiKey(credentials.apiKey!)] : []),
        ...(credentials.sessionToken ? [() => token(credentials.sessionToken!)] : []),
      ]
      for (const check of checks) {
        const verification = await check()
        if (verification.status === 'valid') {
          return verification.account
        }
      }
      return null
    },
    forget: (credentials) => {
      for (const value of [credentials.headerToken, credentials.cookieToken]) {
        if (value) {
          entries.delete(tokenKey(value))
        }
      }
      if (credentials.apiKey) {
        entries.delete(apiKeyKey(credentials.apiKey))
      }
    },
  }
}

// Hashed, so memory per entry is fixed whatever a client sends.
const tokenKey = (token: string) => `token:${sha256(token)}`
const apiKeyKey = ({ collection, key }: ApiKeyCredential) =>
  `api-key:${sha256(`${collection}\n${key}`)}`
const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url')

/**
 * Payload's JWT strategy: the collection is an auth collection with the local strategy, the
 * account exists (and is verified, where the collection verifies e-mails), and, where the
 * collection uses sessions (Payload's default), the token's session is still on the account —
 * logging out removes it.
 */
const lookUpToken = async ({
  payload,
  collection,
  id,
  sid,
}: { payload: Payload } & {
  collection: string
  id: number | string
  sid?: string
}): Promise<Verification> => {
  const config = Object.prototype.hasOwnProperty.call(payload.collections, collection)
    ? payload.collections[collection as CollectionSlug]?.config
    : undefined
  if (!config?.auth || config.auth.disableLocalStrategy) {
    return { status: 'invalid' }
  }
  const useSessions = Boolean(config.auth.useSessions)
  if (useSessions && !sid) {
    return { status: 'invalid' }
  }
  try {
    const account = (await payload.findByID({
      collection: collection as CollectionSlug,
      id,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      select: {
        ...(useSessions ? { sessions: true } : {}),
        ...(config.auth.verify ? { _verified: true } : {}),
      } as never,
    })) as {
      id: number | string
      sessions?: { id: string }[] | null
      _verified?: boolean | null
    } | null
    if (!account || (config.auth.verify && !account._verified)) {
      return { status: 'invalid' }
    }
    if (useSessions && !(account.sessions ?? []).some((session) => session.id === sid)) {
      return { status: 'invalid' }
    }
    return { status: 'valid', account: { collection, id: account.id } }
  } catch (err) {
    payload.logger.warn({
      msg: 'could not verify a token: the account lookup failed',
      err: (err as Error).message,
    })
    return { status: 'unknown' }
  }
}

/**
 * Payload's API-key strategy: the key's HMAC index (sha256, or sha1 for keys saved before Payload
 * 3.46) on an account of the named collection, which must have API keys. Stricter than Payload in
 * one point: the key must also be enabled (`enableAPIKey`), as the admin shows it.
 */
const lookUpApiKey = async ({
  payload,
  collection,
  key,
}: { payload: Payload } & ApiKeyCredential): Promise<Verification> => {
  const config = Object.prototype.hasOwnProperty.call(payload.collections, collection)
    ? payload.collections[collection as CollectionSlug]?.config
    : undefined
  if (!config?.auth?.useAPIKey) {
    return { status: 'invalid' }
  }
  const where: Where = {
    and: [
      {
        or: (['sha256', 'sha1'] as const).map((algorithm) => ({
          apiKeyIndex: { equals: createHmac(algorithm, payload.secret).update(key).digest('hex') },
        })),
      },
      { enableAPIKey: { equals: true } },
      ...(config.auth.verify ? [{ _verified: { not_equals: false } }] : []),
    ],
  }
  try {
    const { docs } = await payload.find({
      collection: collection as CollectionSlug,
      where,
      depth: 0,
      limit: 1,
      pagination: false,
      overrideAccess: true,
      select: { enableAPIKey: true } as never,
    })
    const account = docs[0] as { id: number | string } | undefined
    return account
      ? { status: 'valid', account: { collection, id: account.id } }
      : { status: 'invalid' }
  } catch (err) {
    payload.logger.warn({
      msg: 'could not verify an API key: the account lookup failed',
      err: (err as Error).message,
    })
    return { status: 'unknown' }
  }
}
