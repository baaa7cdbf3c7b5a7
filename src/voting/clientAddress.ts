import type { HeaderReader } from './answer'

import ipaddr from 'ipaddr.js'
import { isIP } from 'node:net'

import { clientNetworkKey } from '../http/rateLimit/clientAddress'

/**
 * Where a vote comes from, as the app already decides it: `x-real-ip`, which the Express layer
 * overwrites with `req.ip` under the TRUST_PROXY setting (src/http/app.ts `realClientIp`), so a
 * client cannot forge it; the audit log reads the same header.
 */
export type VoteOrigin = {
  /** The client's address as stored on the vote: IPv4-mapped IPv6 unwrapped, IPv6 fully written out. */
  address: string | null
  /**
   * What the per-address limit counts by: the IPv4 address, or the IPv6 /64 (a client holds a
   * whole /64 and may pick a new address in it per request) as the stored address's prefix.
   */
  limitKey: string | null
  /** `addressBlock`: IPv4 /24, IPv6 /48 — the rate limiter's network key. */
  block: string | null
  userAgent: string | null
}

/** The request's origin from its headers (a Payload request's, or the Express fast path's). */
export const voteOriginOf = ({ headers }: { headers: HeaderReader }): VoteOrigin => {
  // As the audit log reads it (plugins/audit-log clientIp): x-real-ip, else the first forwarded hop.
  const raw =
    headers.get('x-real-ip')?.trim() ||
    headers.get('x-forwarded-for')?.split(',')[0]?.trim() ||
    null
  const userAgent = headers.get('user-agent')?.slice(0, 512) ?? null
  const text = (raw ?? '').split('%', 1)[0] ?? ''
  if (!isIP(text)) {
    return { address: null, limitKey: null, block: null, userAgent }
  }
  const parsed = ipaddr.process(text)
  if (parsed instanceof ipaddr.IPv4) {
    const address = parsed.toString()
    return { address, limitKey: address, block: clientNetworkKey(address), userAgent }
  }
  // Written out (no `::`), so the /64 is a fixed textual prefix the limit can match with LIKE.
  const address = parsed.toNormalizedString()
  return {
    address,
    limitKey: `${parsed.parts
      .slice(0, 4)
      .map((part) => part.toString(16))
      .join(':')}:`,
    block: clientNetworkKey(text),
    userAgent,
  }
}
