import { describe, expect, it } from 'vitest'

import { parseRateLimitRule, readRateLimitConfig } from './config'

describe('readRateLimitConfig', () => {
  it('takes the documented defaults when nothing is set', () => {
    expect(readRateLimitConfig({})).toEqual({
      isEnabled: true,
      login: { limit: 20, windowSeconds: 60 },
      loginAccount: { limit: 10, windowSeconds: 300 },
      graphql: { limit: 120, windowSeconds: 60 },
      publicWrite: { limit: 30, windowSeconds: 60 },
      maxBuckets: 100_000,
    })
  })

  it('reads every variable, and an empty one as unset', () => {
    const config = readRateLimitConfig({
      RATE_LIMIT_ENABLED: 'FALSE',
      RATE_LIMIT_LOGIN: ' 5 / 10 ',
      RATE_LIMIT_LOGIN_ACCOUNT: '',
      RATE_LIMIT_GRAPHQL: '1/86400',
      RATE_LIMIT_PUBLIC_WRITE: '300/1',
      RATE_LIMIT_MAX_BUCKETS: ' 5000 ',
    })
    expect(config).toEqual({
      isEnabled: false,
      login: { limit: 5, windowSeconds: 10 },
      loginAccount: { limit: 10, windowSeconds: 300 },
      graphql: { limit: 1, windowSeconds: 86400 },
      publicWrite: { limit: 300, windowSeconds: 1 },
      maxBuckets: 5000,
    })
  })

  it.each(['yes', '0', 'off'])('refuses RATE_LIMIT_ENABLED=%s', (value) => {
    expect(() => readRateLimitConfig({ RATE_LIMIT_ENABLED: value })).toThrow(
      /RATE_LIMIT_ENABLED.*true or false/,
    )
  })

  it.each(['0', '99', 'many', '1e6', '-5'])('refuses RATE_LIMIT_MAX_BUCKETS=%s', (value) => {
    expect(() => readRateLimitConfig({ RATE_LIMIT_MAX_BUCKETS: value })).toThrow(
      /RATE_LIMIT_MAX_BUCKETS.*at least 100/,
    )
  })
})

describe('parseRateLimitRule', () => {
  it.each([
    '10',
    '10/',
    '/60',
    'ten/60',
    '10/60s',
    '10/1m',
    '0/60',
    '10/0',
    '-1/60',
    '10/86401',
    '1.5/60',
    '10/60/2',
  ])('refuses %j with the variable named and the expected form', (value) => {
    expect(() => parseRateLimitRule({ variable: 'RATE_LIMIT_LOGIN', value })).toThrow(
      /^RATE_LIMIT_LOGIN 的值.*无效.* \/ RATE_LIMIT_LOGIN=".*" is invalid: expected <limit>\/<window seconds>/,
    )
  })
})
