import type { Payload } from 'payload'

import type { KeyObject } from 'node:crypto'

import { createHmac, createSecretKey, randomInt } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'

/**
 * Keyed hashes and voter tokens. Every key is derived from Payload's secret with a purpose of
 * its own, so a voter hash cannot be replayed as a code hash or a token signature, and none of
 * them opens Payload's own sessions. Rotating PAYLOAD_SECRET makes earlier votes' voters
 * unrecognisable: a voter could vote again the same day (the limits count by the hash).
 */

const keyOf = (payload: Payload, purpose: string): Buffer =>
  createHmac('sha256', payload.secret).update(`voting:${purpose}`).digest()

/** The token key of each Payload's secret, derived once (every vote checks a token with it). */
const tokenKeys = new WeakMap<Payload, { secret: string; key: KeyObject }>()

const tokenKeyOf = (payload: Payload): KeyObject => {
  const known = tokenKeys.get(payload)
  if (known && known.secret === payload.secret) {
    return known.key
  }
  const key = createSecretKey(keyOf(payload, 'token'))
  tokenKeys.set(payload, { secret: payload.secret, key })
  return key
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex')

/**
 * Who voted, as stored: the keyed hash of the verifier and the normalised address. The address
 * is never stored; without the secret a list of e-mails cannot be matched against the votes.
 */
export const voterHash = ({
  payload,
  kind,
  address,
}: {
  payload: Payload
  kind: string
  address: string
}): string => hmac(keyOf(payload, 'voter'), `${kind}:${address}`)

/**
 * A code as stored: keyed, and bound to the voter it was sent to. A plain hash of six digits is
 * reversed by trying the million of them; the key makes the stored column useless without the secret.
 */
export const codeHash = ({
  payload,
  voter,
  code,
}: {
  payload: Payload
  voter: string
  code: string
}): string => hmac(keyOf(payload, 'code'), `${voter}:${code}`)

/** A six-digit one-time code, from the CSPRNG. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0')

/** 32-bit lock key of `text` in one of the advisory-lock namespaces of `votingLocks`. */
export const lockKey = (text: string): number =>
  createHmac('sha256', 'voting-lock').update(text).digest().readInt32BE(0)

/** pg_advisory_xact_lock(namespace, key): namespaces of voting's locks. */
export const votingLocks = { voter: 16_001, address: 16_002, codes: 16_003, sweep: 16_004 } as const

export type VoterClaims = { voter: string; kind: string; expiresAt: Date }

const audience = 'vote'

/**
 * A voter token: the proof that the holder answered a code for `voter`, reused for the votes of
 * the next `ttlSeconds` (HS256 via jose). It names the voter only by its keyed hash.
 */
export const signVoterToken = async ({
  payload,
  voter,
  kind,
  ttlSeconds,
}: {
  payload: Payload
  voter: string
  kind: string
  ttlSeconds: number
}): Promise<{ token: string; expiresAt: Date }> => {
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttlSeconds) * 1000)
  const token = await new SignJWT({ kind })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(voter)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(tokenKeyOf(payload))
  return { token, expiresAt }
}

/** The token's voter if its signature, audience and expiry check out, else null. */
export const readVoterToken = async ({
  payload,
  token,
}: {
  payload: Payload
  token: string
}): Promise<VoterClaims | null> => {
  try {
    const { payload: claims } = await jwtVerify(token, tokenKeyOf(payload), {
      algorithms: ['HS256'],
      audience,
    })
    if (typeof claims.sub !== 'string' || typeof claims.kind !== 'string' || !claims.exp) {
      return null
    }
    return { voter: claims.sub, kind: claims.kind, expiresAt: new Date(claims.exp * 1000) }
  } catch {
    return null
  }
}
