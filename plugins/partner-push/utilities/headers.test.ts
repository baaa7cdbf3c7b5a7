import { describe, expect, it } from 'vitest'

import { getHeader } from './headers'

describe('getHeader', () => {
  it.each([
    ['a fetch Headers object', new Headers({ 'Retry-After': '120' })],
    ['a Node header record', { 'retry-after': '120' }],
    ['a record with other casing', { 'Retry-After': '120' }],
  ])('reads a header from %s whatever its case', (_label, headers) => {
    expect(getHeader(headers, 'retry-after')).toBe('120')
  })

  it('joins repeated Node headers', () => {
    expect(getHeader({ 'webhook-signature': ['v1,a', 'v1,b'] }, 'Webhook-Signature')).toBe(
      'v1,a, v1,b',
    )
  })

  it.each([[undefined], [null], [{}]])('is undefined when the header is absent (%o)', (headers) => {
    expect(getHeader(headers, 'retry-after')).toBeUndefined()
  })
})
