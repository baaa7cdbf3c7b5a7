import { describe, expect, it } from 'vitest'

import {
  classifyResponse,
  MAX_ATTEMPTS,
  nextAttemptDelay,
  parseRetryAfter,
  RETRY_SCHEDULE_MS,
} from './retrySchedule'
import { OutboundRefusedError } from './ssrfGuard'

const s = 1000
const m = 60 * s
const h = 60 * m

describe('nextAttemptDelay', () => {
  it.each([
    [0, 0],
    [1, 5 * s],
    [2, 5 * m],
    [3, 30 * m],
    [4, 2 * h],
    [5, 5 * h],
    [6, 10 * h],
    [7, 14 * h],
    [8, 20 * h],
    [9, 24 * h],
  ])('waits %i → %i ms without jitter', (attempt, delay) => {
    expect(nextAttemptDelay({ attempt, random: () => 0.5 })).toBe(delay)
  })

  it.each([
    ['lowest', () => 0, 0.9],
    ['highest', () => 0.999999, 1.1],
  ])('jitters by at most 10 %% (%s draw)', (_label, random, factor) => {
    expect(nextAttemptDelay({ attempt: 4, random })).toBeCloseTo(2 * h * factor, -2)
  })

  it('never goes negative and keeps the first attempt immediate', () => {
    expect(nextAttemptDelay({ attempt: 0, random: () => 0 })).toBe(0)
  })

  it('spreads over about three days in all', () => {
    const total = RETRY_SCHEDULE_MS.reduce((sum, delay) => sum + delay, 0)
    expect(total / h).toBeGreaterThan(72)
    expect(total / h).toBeLessThan(80)
  })

  it.each([[MAX_ATTEMPTS], [MAX_ATTEMPTS + 5]])(
    'is null once the schedule is used up (attempt %i)',
    (attempt) => {
      expect(nextAttemptDelay({ attempt })).toBeNull()
    },
  )

  it.each([[-1], [1.5], [Number.NaN]])('refuses attempt %s', (attempt) => {
    expect(() => nextAttemptDelay({ attempt })).toThrow(RangeError)
  })

  it.each([
    ['later than the schedule', 1, 10 * m, 10 * m],
    ['earlier than the schedule', 4, 10 * m, 2 * h],
    ['beyond the cap', 1, 48 * h, 24 * h],
  ])('takes a Retry-After %s as the lower bound', (_label, attempt, retryAfterMs, delay) => {
    expect(nextAttemptDelay({ attempt, random: () => 0.5, retryAfterMs })).toBe(delay)
  })
})

describe('classifyResponse', () => {
  const now = Date.UTC(2026, 4, 1, 8, 0, 0)

  it.each([
    [200, 'delivered'],
    [201, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [301, 'failed'],
    [302, 'failed'],
    [307, 'failed'],
    [308, 'failed'],
    [400, 'failed'],
    [401, 'failed'],
    [403, 'failed'],
    [404, 'failed'],
    [413, 'failed'],
    [422, 'failed'],
    [408, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [410, 'disable'],
    [199, 'failed'],
    [600, 'failed'],
  ])('treats %i as %s', (status, outcome) => {
    expect(classifyResponse({ status, now }).outcome).toBe(outcome)
  })

  it('says redirects are not followed', () => {
    expect(
      classifyResponse({ status: 302, headers: { location: 'http://169.254.169.254/' } }).reason,
    ).toContain('redirects are not followed')
  })

  it.each([
    [429, { 'retry-after': '120' }, 120 * s],
    [503, { 'Retry-After': '0' }, 0],
    [503, new Headers({ 'retry-after': 'Fri, 01 May 2026 08:30:00 GMT' }), 30 * m],
    [429, { 'retry-after': 'Thu, 30 Apr 2026 08:00:00 GMT' }, 0],
    [429, { 'retry-after': '999999' }, 24 * h],
    [503, { 'retry-after': 'Sun, 10 May 2026 08:00:00 GMT' }, 24 * h],
  ])('honours Retry-After on %i (%o)', (status, headers, retryAfterMs) => {
    expect(classifyResponse({ status, headers, now })).toMatchObject({
      outcome: 'retry',
      retryAfterMs,
    })
  })

  it.each([
    [429, { 'retry-after': 'soon' }],
    [429, { 'retry-after': '-5' }],
    [429, { 'retry-after': '1.5' }],
    [429, {}],
    [500, { 'retry-after': '120' }],
    [502, { 'retry-after': '120' }],
  ])(
    'ignores Retry-After that is malformed or on a status that does not carry it (%i, %o)',
    (status, headers) => {
      expect(classifyResponse({ status, headers, now }).retryAfterMs).toBeUndefined()
    },
  )

  it.each([
    [
      'a refused connection',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:443'), {
          code: 'ECONNREFUSED',
        }),
      }),
      'ECONNREFUSED',
    ],
    [
      'a timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'timeout',
    ],
    [
      'a DNS failure',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }),
      }),
      'ENOTFOUND',
    ],
  ])('retries after %s', (_label, error, detail) => {
    const result = classifyResponse({ error })
    expect(result.outcome).toBe('retry')
    expect(result.reason).toContain(detail)
  })

  it('does not retry a destination the outbound guard refused', () => {
    const error = new TypeError('fetch failed', {
      cause: new OutboundRefusedError('10.0.0.1 is a private address: refused'),
    })
    expect(classifyResponse({ error })).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('10.0.0.1'),
    })
  })
})

describe('parseRetryAfter', () => {
  it('is undefined when absent', () => {
    expect(parseRetryAfter({ value: undefined })).toBeUndefined()
  })
})
