import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

import type { HeaderSource } from './headers'

import { getHeader } from './headers'

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/), so partners can verify our
 * pushes with any of its libraries and we can verify their receipts the same way.
 * Secrets are `whsec_` + base64 of the key; during a rotation both the old and the new secret
 * are active and the signature header carries one signature for each.
 */

export type WebhookHeaders = {
  /** Unique per message and the same on every retry of it, so receivers can drop duplicates. */
  'webhook-id': string
  /** Unix seconds of this attempt. */
  'webhook-timestamp': string
  /** Space-separated `v1,<base64>` signatures, one per active secret. */
  'webhook-signature': string
  'content-type': 'application/json'
}

export type SignInput = {
  id: string
  /** Unix seconds. */
  timestamp: number
  /** The exact bytes sent: sign the serialised body, never an object re-serialised later. */
  body: string | Uint8Array
}

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: string }

/** The spec allows 24–64 key bytes; 32 matches the HMAC-SHA256 block of security. */
export const generateSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`

/** A message id in the `msg_` style the Standard Webhooks libraries use. */
export const generateMessageId = (): string => `msg_${randomUUID().replaceAll('-', '')}`

export const sign = ({ id, timestamp, body, secret }: SignInput & { secret: string }): string =>
  `v1,${digest({ id, timestamp, body, key: decodeSecret(secret) }).toString('base64')}`

export const signatureHeader = ({ id, timestamp, body, secrets }: SignInput & { secrets: readonly string[] }): string => {
  if (secrets.length === 0) {
    throw new TypeError('至少需要一个签名密钥 / at least one signing secret is required')
  }
  return secrets.map((secret) => sign({ id, timestamp, body, secret })).join(' ')
}

export const webhookHeaders = ({
  id,
  timestamp = Math.floor(Date.now() / 1000),
  body,
  secrets,
}: Omit<SignInput, 'timestamp'> & {
  /** @default now */
  timestamp?: number
  secrets: readonly string[]
}): WebhookHeaders => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signatureHeader({ id, timestamp, body, secrets }),
  'content-type': 'application/json',
})

/**
 * Checks a signed request (a partner's receipt) against every active secret. The timestamp
 * window stops replays of old captures; the comparison is constant-time on the raw digests.
 */
export const verify = ({
  headers,
  body,
  secrets,
  toleranceSeconds = 300,
  now = Date.now(),
}: {
  headers: HeaderSource
  body: string | Uint8Array
  secrets: readonly string[]
  /** @default 300 */
  toleranceSeconds?: number
  /** Milliseconds since the epoch; for tests. @default Date.now() */
  now?: number
}): VerifyResult => {
  const id = getHeader(headers, 'webhook-id')
  const timestampText = getHeader(headers, 'webhook-timestamp')
  const signatures = getHeader(headers, 'webhook-signature')
  if (!id || !timestampText || !signatures) {
    return {
      ok: false,
      reason: '缺少 webhook-id、webhook-timestamp 或 webhook-signature 请求头 / missing webhook-id, webhook-timestamp or webhook-signature header',
    }
  }
  if (!/^\d{1,15}$/.test(timestampText)) {
    return { ok: false, reason: 'webhook-timestamp 不是有效的时间戳 / webhook-timestamp is not a valid timestamp' }
  }
  const timestamp = Number(timestampText)
  const skew = Math.floor(now / 1000) - timestamp
  if (skew > toleranceSeconds) {
    return { ok: false, reason: '签名时间过早，可能是重放请求 / the message timestamp is too old' }
  }
  if (skew < -toleranceSeconds) {
    return { ok: false, reason: '签名时间晚于当前时间 / the message timestamp is too new' }
  }
  if (!isValidId(id)) {
    return { ok: false, reason: 'webhook-id 无效 / webhook-id is not valid' }
  }
  const expected = secrets.map((secret) => digest({ id, timestamp, body, key: decodeSecret(secret) }))
  let isMatch = false
  // A repeated header arrives joined with ", "; signatures themselves contain no spaces.
  for (const candidate of signatures.split(/\s+/)) {
    const [version, encoded] = candidate.replace(/,$/, '').split(',')
    if (version !== 'v1' || !encoded) {
      continue
    }
    const given = Buffer.from(encoded, 'base64')
    for (const wanted of expected) {
      // Lengths are public (always 32 for a well-formed signature), so checking them first leaks nothing.
      if (given.length === wanted.length && timingSafeEqual(given, wanted)) {
        isMatch = true
      }
    }
  }
  return isMatch ? { ok: true, id, timestamp } : { ok: false, reason: '签名不匹配 / no matching signature' }
}

const digest = ({ id, timestamp, body, key }: SignInput & { key: Buffer }): Buffer => {
  if (!isValidId(id)) {
    throw new TypeError('webhook-id 只能包含可见 ASCII 字符 / the webhook id must be printable ASCII without spaces')
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError('时间戳必须是非负整数秒 / the timestamp must be whole non-negative seconds')
  }
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest()
}

const decodeSecret = (secret: string): Buffer => {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret
  // Buffer's base64 decoder skips bad characters silently; a mangled secret must fail loudly instead.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new TypeError('签名密钥格式无效，应为 whsec_ 加 base64 / the secret must be whsec_ followed by base64')
  }
  return Buffer.from(encoded, 'base64')
}

// The id is joined into the signed message with dots and sent as a header: printable ASCII only.
const isValidId = (id: string): boolean => /^[\x21-\x7e]{1,256}$/.test(id)
