import { describe, expect, it } from 'vitest'

import { parseIsoDateOrDateTime } from './isoDate'

describe('parseIsoDateOrDateTime', () => {
  it.each([
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T08:00:00+08:00', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T08:00+0800', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T00:00:00.123Z', '2026-11-20T00:00:00.123Z'],
    [' 2024-02-29T23:59:59z ', '2024-02-29T23:59:59.000Z'],
  ])('reads %s as %s', (value, instant) => {
    expect(parseIsoDateOrDateTime(value)?.toISOString()).toBe(instant)
  })

  it.each([
    // Date.parse reads each of these as some instant.
    ['1'],
    ['2026'],
    ['1700000000000'],
    ['Tue, 01 Dec 2026 08:00:00 GMT'],
    ['2026/11/20'],
    ['2026-11-20 08:00:00Z'],
    // A time without an offset is the server's local time: a different instant on every server.
    ['2026-11-20T08:00:00'],
    // Days and times that do not exist (Date.parse rolls some over into the next month).
    ['2026-02-30'],
    ['2025-02-29'],
    ['2026-13-01'],
    ['2026-11-20T24:00:00Z'],
    ['2026-11-20T08:60:00Z'],
    ['2026-11-20T08:00:00+24:00'],
    [''],
    ['昨天'],
  ])('refuses %j', (value) => {
    expect(parseIsoDateOrDateTime(value)).toBeNull()
  })
})
