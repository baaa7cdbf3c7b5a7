import autocannon from 'autocannon'

import { benchDuration } from './env'

export type LoadResult = {
  connections: number
  durationS: number
  /** Mean requests per second over the measured run. */
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  /** Mean latency, for the curious. */
  meanMs: number
  totalRequests: number
  /** Connection errors and timeouts. */
  errors: number
  non2xx: number
  /** Mean response bytes per second. */
  bytesPerSec: number
}

/**
 * Sends `connections` concurrent keep-alive connections' worth of requests (GETs by default) at `url` for the bench
 * duration, after a discarded warm-up (JIT, caches, pool connections). Loopback only.
 */
export const runLoad = async ({
  url,
  headers,
  method = 'GET',
  body,
  connections = 32,
  durationS = benchDuration(),
  warmupS = 2,
}: {
  url: string
  /** Sent with every request, e.g. a partner's API key. */
  headers?: Record<string, string>
  /** @default 'GET' */
  method?: 'GET' | 'POST'
  /** The body of every request (a GraphQL query). */
  body?: string
  connections?: number
  durationS?: number
  warmupS?: number
}): Promise<LoadResult> => {
  const target = new URL(url)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`load goes to loopback only, not ${target.hostname}`)
  }
  if (warmupS > 0) {
    await autocannon({ url, headers, method, body, connections, duration: warmupS })
  }
  const result = await autocannon({ url, headers, method, body, connections, duration: durationS })
  return {
    connections,
    durationS,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    totalRequests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerSec: result.throughput.average,
  }
}
