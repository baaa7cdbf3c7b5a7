import { describe, expect, it } from 'vitest'

import { closesAt, deadlineDay, isPastDeadline, isTimeZone } from './deadline'

describe('a deadline is a calendar day in the campaign’s time zone', () => {
  // 临工办发〔2020〕8号: works by 9月15日. The admin's day picker stores noon UTC (20:00 in Beijing).
  const picked = '2020-09-15T12:00:00.000Z'

  it('closes at the end of that day in Beijing, not at 20:00', () => {
    expect(closesAt(picked).toISOString()).toBe('2020-09-15T16:00:00.000Z')
    expect(isPastDeadline(picked, 'Asia/Shanghai', new Date('2020-09-15T23:59:59+08:00'))).toBe(
      false,
    )
    expect(isPastDeadline(picked, 'Asia/Shanghai', new Date('2020-09-16T00:00:00+08:00'))).toBe(
      true,
    )
  })

  it('reads the day the stored instant falls on in the campaign’s zone, however it was stored', () => {
    for (const stored of ['2020-09-15T00:00:00+08:00', '2020-09-15T00:00:00.000Z', picked]) {
      expect(deadlineDay(stored), stored).toBe('2020-09-15')
    }
    // A campaign run from Urumqi time closes two hours later in absolute time.
    expect(closesAt(picked, 'Asia/Urumqi').toISOString()).toBe('2020-09-15T18:00:00.000Z')
  })

  it('follows daylight saving where a zone has it', () => {
    expect(closesAt('2021-03-27T12:00:00Z', 'Europe/Berlin').toISOString()).toBe(
      '2021-03-27T23:00:00.000Z',
    )
    expect(closesAt('2021-03-28T12:00:00Z', 'Europe/Berlin').toISOString()).toBe(
      '2021-03-28T22:00:00.000Z',
    )
  })

  it('knows a zone from a typo', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true)
    expect(isTimeZone('Asia/Shangai')).toBe(false)
  })
})
