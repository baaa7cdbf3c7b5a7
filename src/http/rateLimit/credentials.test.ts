import { jwtSign } from 'payload'
import { describe, expect, it } from 'vitest'

import { credentialsOf, isSignedIn, isValidToken } from './credentials'

const secret = 'a-secret-of-the-test'

const token = async (tokenExpiration = 3600, key = secret) =>
  (await jwtSign({ fieldsToSign: { id: 1, collection: 'users' }, secret: key, tokenExpiration })).token

describe('isValidToken', () => {
  it('accepts a token Payload signed with the secret', async () => {
    expect(isValidToken({ token: await token(), secret })).toBe(true)
  })

  it.each([
    ['an expired token', () => token(-60)],
    ['a token signed with another secret', () => token(3600, 'another-secret')],
    ['a token with its claims swapped', async () => {
      const [header, , signature] = (await token()).split('.')
      return `${header}.${Buffer.from('{"id":2,"exp":9999999999}').toString('base64url')}.${signature}`
    }],
    ['an unsigned token', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"exp":9999999999}').toString('base64url')}.`],
    ['garbage', async () => 'not-a-token'],
  ])('refuses %s', async (_what, make) => {
    expect(isValidToken({ token: await make(), secret })).toBe(false)
  })
})

describe('isSignedIn', () => {
  const signedIn = (headers: Record<string, string>, { isBooted = true } = {}) =>
    isSignedIn({ credentials: credentialsOf({ headers, cookiePrefix: 'payload' }), secret: isBooted ? secret : undefined })

  it.each([
    ['a JWT header', async () => ({ authorization: `JWT ${await token()}` })],
    ['a Bearer header', async () => ({ authorization: `Bearer ${await token()}` })],
    ['the token cookie among others', async () => ({ cookie: `a=1; payload-token=${await token()}; b=2` })],
    ['an API key (only the database can tell a real one)', async () => ({ authorization: 'partner-accounts API-Key abc' })],
  ])('is true with %s', async (_what, headers) => {
    expect(signedIn(await headers())).toBe(true)
  })

  it.each([
    ['nothing', {}],
    ['a made-up JWT', { authorization: 'JWT made.up.token' }],
    ['Basic credentials', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['a made-up cookie', { cookie: 'payload-token=made-up' }],
    ['a cookie of another prefix', { cookie: 'other-token=made-up' }],
  ])('is false with %s', (_what, headers) => {
    expect(signedIn(headers)).toBe(false)
  })

  it('takes any credential before Payload has booted (no secret to check against)', () => {
    expect(signedIn({ authorization: 'JWT made.up.token' }, { isBooted: false })).toBe(true)
  })
})
