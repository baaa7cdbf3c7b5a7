import { jwtSign } from 'payload'
import { describe, expect, it } from 'vitest'

import { credentialsOf, tokenClaims } from './credentials'

const secret = 'a-secret-of-the-test'

const token = async (tokenExpiration = 3600, key = secret) =>
  (await jwtSign({ fieldsToSign: { id: 1, collection: 'users', sid: 'session-1' }, secret: key, tokenExpiration })).token

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('tokenClaims', () => {
  it('reads the account and session of a token Payload signed with the secret', async () => {
    expect(tokenClaims({ token: await token(), secret })).toEqual({ collection: 'users', id: 1, sid: 'session-1' })
  })

  it.each([
    ['an expired token', () => token(-60)],
    ['a token signed with another secret', () => token(3600, 'another-secret')],
    ['a token with its claims swapped', async () => {
      const [header, , signature] = (await token()).split('.')
      return `${header}.${part({ id: 2, collection: 'users', exp: 9999999999 })}.${signature}`
    }],
    ['an unsigned token', async () => `${part({ alg: 'none' })}.${part({ id: 1, collection: 'users', exp: 9999999999 })}.`],
    ['a token of an older format (no authVersion in its header)', async () => {
      const [, claims] = (await token()).split('.')
      const header = part({ alg: 'HS256', typ: 'JWT' })
      const { createHmac } = await import('node:crypto')
      return `${header}.${claims}.${createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url')}`
    }],
    ['garbage', async () => 'not-a-token'],
  ])('refuses %s', async (_what, make) => {
    expect(tokenClaims({ token: await make(), secret })).toBeNull()
  })
})

describe('credentialsOf', () => {
  const read = (headers: Record<string, string>) => credentialsOf({ headers, cookiePrefix: 'payload' })

  it.each([
    ['a JWT header', { authorization: 'JWT a.b.c' }, { headerToken: 'a.b.c', cookieTokens: [] }],
    ['a Bearer header', { authorization: 'Bearer a.b.c' }, { headerToken: 'a.b.c', cookieTokens: [] }],
    ['an API key', { authorization: 'partner-accounts API-Key k 1' }, { apiKey: { collection: 'partner-accounts', key: 'k 1' }, cookieTokens: [] }],
    ['an API key naming a collection without keys', { authorization: 'users API-Key k' }, { apiKey: { collection: 'users', key: 'k' }, cookieTokens: [] }],
    ['the token cookie among others, twice', { cookie: 'a=1; payload-token=t1; b=2; payload-token=t%202' }, { cookieTokens: ['t1', 't 2'] }],
    ['Basic credentials (Payload ignores them)', { authorization: 'Basic YWRtaW46YWRtaW4=' }, { cookieTokens: [] }],
    ['a lower-case scheme (Payload ignores it)', { authorization: 'jwt a.b.c' }, { cookieTokens: [] }],
    ['a cookie of another prefix', { cookie: 'other-token=x' }, { cookieTokens: [] }],
  ])('reads %s as Payload does', (_what, headers, expected) => {
    expect(read(headers)).toEqual(expected)
  })
})
