import type { Payload } from 'payload'

import { headersWithCors } from 'payload'

/** CORS headers by request origin (`undefined`: none), as Payload's `headersWithCors` adds them. */
const corsCache = new WeakMap<Payload, Map<string | undefined, [string, string][]>>()

/** Origins remembered at most; past it the cache starts over (the CORS config is fixed). */
const maxOrigins = 1_000

export const corsOf = (payload: Payload, origin: string | undefined): [string, string][] => {
  let byOrigin = corsCache.get(payload)
  if (!byOrigin) {
    byOrigin = new Map()
    corsCache.set(payload, byOrigin)
  }
  const known = byOrigin.get(origin)
  if (known) {
    return known
  }
  const headers: [string, string][] = []
  headersWithCors({
    headers: new Headers(),
    req: {
      payload,
      headers: {
        get: (name: string) => (name.toLowerCase() === 'origin' ? (origin ?? null) : null),
      } as Headers,
    },
  }).forEach((value, name) => headers.push([name, value]))
  if (byOrigin.size >= maxOrigins) {
    byOrigin.clear()
  }
  byOrigin.set(origin, headers)
  return headers
}
