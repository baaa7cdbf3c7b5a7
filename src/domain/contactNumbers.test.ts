import { describe, expect, it } from 'vitest'

import { checkLandline, checkMobile } from './contactNumbers'

describe('mobile numbers', () => {
  it.each(['18615703120', '15982815217', '13502005741', '186 1570 3120'])('accepts %s', (raw) => {
    expect(checkMobile(raw)).toBe(true)
  })

  it.each([
    '1861570312',
    '186157031200',
    '28615703120',
    '12615703120',
    '1861570312a',
    '0357-2080181',
  ])('rejects %s', (raw) => {
    expect(checkMobile(raw)).toContain('11 位数字')
  })
})

describe('landlines', () => {
  it.each([
    '0357-2080181',
    '0311-67569092',
    '010-66278673',
    '029-87329782',
    '0592-2661026',
    '0357－2090832',
  ])('accepts %s', (raw) => {
    expect(checkLandline(raw)).toBe(true)
  })

  it.each([
    '2080181',
    '03572080181',
    '357-2080181',
    '0357-208018',
    '0357-208018123',
    '18615703120',
  ])('rejects %s', (raw) => {
    expect(checkLandline(raw)).toContain('区号-号码')
  })
})
