import { jwtSign } from 'payload'
import { describe, expect, it } from 'vitest'

import type { CredentialRules } from './credentials'

import { credentialsOf, defaultCredentialRules, tokenClaims } from './credentials'

const secret = 'a-secret-of-the-test'

const token = async (tokenExpiration = 3600, key = secret) =>
  (
    await jwtSign({
      fieldsToSign: { id: 1, collection: 'users', sid: 'session-1' },
      secret: key,
      tokenExpiration,
    })
  ).token

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('tokenClaims', () => {
  it('reads the account and session of a token Payload signed with the secret', async () => {
    expect(tokenClaims({ token: await token(), secret })).toEqual({
      collection: 'users',
      id: 1,
      sid: 'session-1',
    })
  })

  it.each([
    ['an expired token', () => token(-60)],
    ['a token signed with another secret', () => token(3600, 'another-secret')],
    [
      'a token with its claims swapped',
      async () => {
        const [header, , signature] = (await token()).split('.')
        return `${header}.${part({ id: 2, collection: 'users', exp: 9999999999 })}.${signature}`
      },
    ],
    [
      'an unsigned token',
      async () =>
        `${part({ alg: 'none' })}.${part({ id: 1, collection: 'users', exp: 9999999999 })}.`,
    ],
    [
      'a token of an older format (no authVersion in its header)',
      async () => {
        const [, claims] = (await token()).split('.')
        const header = part({ alg: 'HS256', typ: 'JWT' })
        const { createHmac } = await import('node:crypto')
        return `${header}.${claims}.${createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url')}`
      },
    ],
    ['garbage', async () => 'not-a-token'],
  ])('refuses %s', async (_what, make) => {
    expect(tokenClaims({ token: await make(), secret })).toBeNull()
  })
})

describe('credentialsOf', () => {
  const read = (headers: Record<string, string>, rules: Partial<CredentialRules> = {}) =>
    credentialsOf({ headers, rules: { ...defaultCredentialRules, ...rules } })

  it.each([
    [
      'a JWT header',
      { authorization: 'JWT a.b.c' },
      { headerToken: 'a.b.c', sessionToken: 'a.b.c' },
    ],
    [
      'a Bearer header',
      { authorization: 'Bearer a.b.c' },
      { headerToken: 'a.b.c', sessionToken: 'a.b.c' },
    ],
    [
      'an API key',
      { authorization: 'partner-accounts API-Key k 1' },
      { apiKey: { collection: 'partner-accounts', key: 'k 1' } },
    ],
    [
      'an API key naming a collection without keys',
      { authorization: 'users API-Key k' },
      { apiKey: { collection: 'users', key: 'k' } },
    ],
    [
      'an API key beside the token cookie',
      { authorization: 'partner-accounts API-Key k', cookie: 'payload-token=t' },
      { apiKey: { collection: 'partner-accounts', key: 'k' }, cookieToken: 't', sessionToken: 't' },
    ],
    [
      'a JWT header beside the token cookie (the header comes first)',
      { authorization: 'JWT a.b.c', cookie: 'payload-token=t' },
      { headerToken: 'a.b.c', sessionToken: 'a.b.c' },
    ],
    [
      'the token cookie among others, twice: the last wins',
      { cookie: 'a=1; payload-token=t1; b=2; payload-token=t%202' },
      { cookieToken: 't 2', sessionToken: 't 2' },
    ],
    [
      'the token cookie with a space before “=”',
      { cookie: 'payload-token =t' },
      { cookieToken: 't', sessionToken: 't' },
    ],
    ['the token cookie, then an empty one', { cookie: 'payload-token=t; payload-token=' }, {}],
    [
      'the token cookie, then one that does not decode',
      { cookie: 'payload-token=t; payload-token=%E0%A4%A' },
      { cookieToken: 't', sessionToken: 't' },
    ],
    ['Basic credentials (Payload ignores them)', { authorization: 'Basic YWRtaW46YWRtaW4=' }, {}],
    ['a lower-case scheme (Payload ignores it)', { authorization: 'jwt a.b.c' }, {}],
    ['a cookie of another prefix', { cookie: 'other-token=x' }, {}],
  ])('reads %s as Payload does', (_what, headers, expected) => {
    expect(read(headers)).toEqual(expected)
  })

  it('reads the cookie before a header when jwtOrder says so', () => {
    expect(
      read(
        { authorization: 'JWT a.b.c', cookie: 'payload-token=t' },
        { jwtOrder: ['cookie', 'JWT'] },
      ),
    ).toEqual({
      headerToken: 'a.b.c',
      cookieToken: 't',
      sessionToken: 't',
    })
  })

  const csrf = ['https://cms.example.org']
  it.each([
    ['a listed Origin', { origin: 'https://cms.example.org' }, true],
    ['an unlisted Origin', { origin: 'https://evil.example' }, false],
    [
      'the listed origin with a path (Payload compares strings)',
      { origin: 'https://cms.example.org/' },
      false,
    ],
    ['no Origin, Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }, true],
    ['no Origin, Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }, true],
    ['no Origin, Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, false],
    ['neither Origin nor Sec-Fetch-Site', {}, false],
  ])(
    'with CSRF_ORIGINS set, counts the cookie as Payload does for %s',
    (_what, headers, isSession) => {
      expect(read({ cookie: 'payload-token=t', ...headers }, { csrf })).toEqual({
        cookieToken: 't',
        ...(isSession ? { sessionToken: 't' } : {}),
      })
    },
  )

  it('falls back to a header token later in jwtOrder when the CSRF rule ignores the cookie', () => {
    const credentials = read(
      { cookie: 'payload-token=t', origin: 'https://evil.example', authorization: 'JWT a.b.c' },
      { csrf, jwtOrder: ['cookie', 'JWT'] },
    )
    expect(credentials.sessionToken).toBe('a.b.c')
  })
})
