import { describe, expect, it } from 'vitest'

import { decodeCursor, encodeCursor, etagOf, matchesIfNoneMatch } from './feed'

describe('feed cursors', () => {
  it('round-trips the change time and id', () => {
    const cursor = encodeCursor({ changedAt: '2026-11-20T08:00:00.123Z', id: 42 })
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(cursor)).toEqual({ changedAt: '2026-11-20T08:00:00.123Z', id: 42 })
  })

  it('accepts an ISO date without an id', () => {
    expect(decodeCursor('2026-11-20T08:00:00+08:00')).toEqual({
      changedAt: '2026-11-20T00:00:00.000Z',
    })
  })

  it.each(['not-a-cursor', 'abc', '', '%%%', Buffer.from('2026-11-20|x').toString('base64url')])(
    'refuses %j',
    (value) => {
      expect(decodeCursor(value)).toBeNull()
    },
  )
})

describe('If-None-Match', () => {
  const etag = etagOf('body')

  it.each([
    [etag, true],
    [`W/${etag}`, true],
    [`"other", ${etag}`, true],
    ['*', true],
    ['"other"', false],
    ['', false],
  ])('%j matches: %s', (header, expected) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(expected)
  })

  it('changes with the body', () => {
    expect(etagOf('a')).not.toBe(etagOf('b'))
  })
})
