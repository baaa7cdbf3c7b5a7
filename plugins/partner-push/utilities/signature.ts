import { randomBytes, randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/) through its reference library,
 * the one partners verify with, so signer and verifier cannot drift apart. Secrets are `whsec_` +
 * base64 of the key; during a rotation both the old and the new secret are active and the
 * signature header carries one signature for each, space-separated, which every Standard
 * Webhooks verifier accepts if any one matches.
 *
 * Nothing here verifies: partners sign nothing they send us (receipts and acknowledgements come
 * with their API key), and a partner verifies with `new Webhook(secret).verify(body, headers)`.
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
  /**
   * The exact text sent: sign the serialised body, never an object re-serialised later. Text,
   * not bytes: the library signs the UTF-8 of a string, and a body that is not UTF-8 could not
   * be verified byte for byte.
   */
  body: string
}

/** The spec allows 24–64 key bytes; 32 matches the HMAC-SHA256 block of security. */
export const generateSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`

/** A message id in the `msg_` style the Standard Webhooks libraries use. */
export const generateMessageId = (): string => `msg_${randomUUID().replaceAll('-', '')}`

export const sign = ({ id, timestamp, body, secret }: SignInput & { secret: string }): string => {
  // The library signs whatever it is given; these two would make a header that cannot verify.
  if (!isValidId(id)) {
    throw new TypeError(
      'webhook-id 只能包含可见 ASCII 字符 / the webhook id must be printable ASCII without spaces',
    )
  }
  // It would sign Math.floor(timestamp) while the header carries the fraction.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError('时间戳必须是非负整数秒 / the timestamp must be whole non-negative seconds')
  }
  return webhookFor(secret).sign(id, new Date(timestamp * 1000), body)
}

export const signatureHeader = ({
  id,
  timestamp,
  body,
  secrets,
}: SignInput & { secrets: readonly string[] }): string => {
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

const webhookFor = (secret: string): Webhook => {
  try {
    return new Webhook(secret)
  } catch {
    // The library's base64 decoder refuses a mangled secret with a bare Error; say what is wrong.
    throw new TypeError(
      '签名密钥格式无效，应为 whsec_ 加 base64 / the secret must be whsec_ followed by base64',
    )
  }
}

// The id is joined into the signed message with dots and sent as a header: printable ASCII only.
const isValidId = (id: string): boolean => /^[\x21-\x7e]{1,256}$/.test(id)
