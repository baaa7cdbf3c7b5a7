import { describe, expect, it } from 'vitest'

import { readBodyMaxBytes } from './bodyLimit'
import { sizeLabel } from './requestBody'

describe('readBodyMaxBytes', () => {
  it.each([
    [{}, 1024 * 1024],
    [{ REQUEST_BODY_MAX_KB: '' }, 1024 * 1024],
    [{ REQUEST_BODY_MAX_KB: ' 2048 ' }, 2 * 1024 * 1024],
    [{ REQUEST_BODY_MAX_KB: '16' }, 16 * 1024],
  ])('reads %j as %i bytes', (env, bytes) => {
    expect(readBodyMaxBytes(env)).toBe(bytes)
  })

  it.each(['0', '-1', '1.5', '1MB', 'lots'])(
    'refuses REQUEST_BODY_MAX_KB=%s with a bilingual message',
    (value) => {
      expect(() => readBodyMaxBytes({ REQUEST_BODY_MAX_KB: value })).toThrow(
        /^REQUEST_BODY_MAX_KB 的值.*无效.* \/ REQUEST_BODY_MAX_KB=".*" is invalid: expected a whole number of KB/,
      )
    },
  )
})

describe('sizeLabel', () => {
  it.each([
    [16 * 1024, '16 KB'],
    [1024 * 1024, '1 MB'],
    [1536 * 1024, '1.5 MB'],
    [1000 * 1024, '1000 KB'],
  ])('writes %i bytes as %s', (bytes, label) => {
    expect(sizeLabel(bytes)).toBe(label)
  })
})
