import type { HeaderSource } from './headers'

import { getHeader } from './headers'
import { isOutboundRefusal } from './ssrfGuard'

/**
 * When to try a push again and what a partner's answer means, after the Standard Webhooks
 * retry guidance, stretched to cover about three days so a partner down over a weekend
 * still gets the work.
 */

const second = 1000
const minute = 60 * second
const hour = 60 * minute

/** Delay before each attempt, the first immediate; ten attempts over about 3 days 3 hours. */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * second,
  5 * minute,
  30 * minute,
  2 * hour,
  5 * hour,
  10 * hour,
  14 * hour,
  20 * hour,
  24 * hour,
]

export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length

/** A partner may not push us back further than this with `Retry-After`. */
export const RETRY_AFTER_CAP_MS = 24 * hour

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'disable'

export type Classification = {
  /**
   * `delivered`: done. `retry`: try again on schedule. `failed`: stop, retrying cannot help.
   * `disable`: stop and switch the endpoint off (the partner said 410 Gone).
   */
  outcome: DeliveryOutcome
  /** The partner's `Retry-After` (429 and 503 only), capped at 24 hours. */
  retryAfterMs?: number
  /** Chinese, then English, for the delivery log. */
  reason: string
}

/**
 * Milliseconds to wait before attempt number `attempt` (0 = the first attempt, sent at once),
 * ±10 % jitter so retries after an outage do not arrive together; null once the schedule is
 * used up. A partner's `Retry-After` moves the attempt later, never earlier.
 */
export const nextAttemptDelay = ({
  attempt,
  random = Math.random,
  retryAfterMs,
}: {
  attempt: number
  /** @default Math.random */
  random?: () => number
  retryAfterMs?: number
}): number | null => {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`)
  }
  const base = RETRY_SCHEDULE_MS[attempt]
  if (base === undefined) {
    return null
  }
  const jittered = Math.max(0, Math.round(base * (1 + (random() * 2 - 1) * 0.1)))
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, RETRY_AFTER_CAP_MS))
}

/** What one attempt's response (or the error instead of one) means for the delivery. */
export const classifyResponse = ({
  status,
  headers,
  error,
  now = Date.now(),
}: {
  status?: number
  headers?: HeaderSource
  /** What fetch threw: network errors and timeouts are retried, guard refusals are not. */
  error?: unknown
  /** Milliseconds since the epoch, for HTTP-date `Retry-After`; for tests. @default Date.now() */
  now?: number
}): Classification => {
  if (error !== undefined && error !== null) {
    if (isOutboundRefusal(error)) {
      return {
        outcome: 'failed',
        reason: `目标地址被拒绝 / destination refused: ${innermostMessage(error)}`,
      }
    }
    return {
      outcome: 'retry',
      reason: `网络错误或超时 / network error or timeout: ${innermostMessage(error)}`,
    }
  }
  if (status === undefined || !Number.isInteger(status)) {
    return { outcome: 'retry', reason: '没有收到响应 / no response received' }
  }
  if (status >= 200 && status < 300) {
    return { outcome: 'delivered', reason: `已送达 (${status}) / delivered (${status})` }
  }
  if (status >= 300 && status < 400) {
    // Following a redirect would let a partner point our signed push at any host, internal ones included.
    return {
      outcome: 'failed',
      reason: `推送不跟随重定向 (${status}) / redirects are not followed (${status})`,
    }
  }
  if (status === 410) {
    return {
      outcome: 'disable',
      reason:
        '对方已停用该接收地址 (410)，停用此端点 / the partner says the endpoint is gone (410): disabling it',
    }
  }
  if (status === 408 || status === 425 || status === 429 || (status >= 500 && status < 600)) {
    const retryAfterMs =
      status === 429 || status === 503
        ? parseRetryAfter({ value: getHeader(headers, 'retry-after'), now })
        : undefined
    return {
      outcome: 'retry',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      reason: `对方暂时无法接收 (${status})，稍后重试 / temporary failure (${status}): will retry`,
    }
  }
  if (status >= 400 && status < 500) {
    return {
      outcome: 'failed',
      reason: `对方拒绝接收 (${status})，不再重试 / refused by the partner (${status}): not retrying`,
    }
  }
  return {
    outcome: 'failed',
    reason: `无法识别的响应状态 (${status}) / unexpected status (${status})`,
  }
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms capped at 24 h; undefined when absent or malformed. */
export const parseRetryAfter = ({
  value,
  now = Date.now(),
}: {
  value: string | undefined
  now?: number
}): number | undefined => {
  const text = value?.trim()
  if (!text) {
    return undefined
  }
  if (/^\d+$/.test(text)) {
    return Math.min(Number(text) * second, RETRY_AFTER_CAP_MS)
  }
  // Only date-like values: Date.parse also accepts bare numbers and odd strings we should not trust.
  if (!/^[A-Za-z]{3},? /.test(text)) {
    return undefined
  }
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), RETRY_AFTER_CAP_MS)
}

// fetch reports "fetch failed" and keeps the useful message (ECONNREFUSED, timeout) in `cause`.
const innermostMessage = (error: unknown): string => {
  let current = error
  for (let depth = 0; depth < 5 && (current as { cause?: unknown })?.cause; depth++) {
    current = (current as { cause: unknown }).cause
  }
  if (current instanceof Error) {
    const code = (current as NodeJS.ErrnoException).code
    return code && !current.message.includes(code) ? `${code} ${current.message}` : current.message
  }
  return String(current)
}
