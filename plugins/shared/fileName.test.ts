import { describe, expect, it } from 'vitest'

import { maxStoredNameBytes, shortenFileName } from './fileName'

describe('shortenFileName', () => {
  it('leaves a name that fits as it is', () => {
    expect(shortenFileName('焊花.jpg')).toBe('焊花.jpg')
  })

  it.each([
    ['three-byte characters', `${'焊'.repeat(83)}ab.jpg`],
    ['four-byte characters', `${'😀'.repeat(62)}x.mp4`],
    ['ASCII', `${'a'.repeat(250)}.jpeg`],
  ])(
    'cuts a long name of %s to the stored maximum, whole characters only, extension kept',
    (_, name) => {
      const short = shortenFileName(name)
      expect(Buffer.byteLength(short)).toBeLessThanOrEqual(maxStoredNameBytes)
      expect(Buffer.byteLength(short)).toBeGreaterThan(maxStoredNameBytes - 4)
      expect(short.slice(-4)).toBe(name.slice(-4))
      expect(name.startsWith(short.slice(0, short.lastIndexOf('.')))).toBe(true)
      expect(short).not.toContain('\uFFFD')
    },
  )
})
