import { randomBytes } from 'node:crypto'

/**
 * A new partner API key: 32 random bytes, base64url (43 characters). Payload stores it
 * encrypted with PAYLOAD_SECRET and finds it by an HMAC index; it is shown to the admin once.
 */
export const generateApiKey = (): string => randomBytes(32).toString('base64url')
