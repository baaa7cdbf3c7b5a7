/**
 * A credential that does not verify is refused with 401 before Payload sees the request, over
 * REST and GraphQL: Payload alone would serve it as anonymous, so a revoked partner would go on
 * reading public content. A stale cookie is never refused, so the admin's login page keeps working.
 */
import { jwtSign } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import {
  invalidApiKeyMessage,
  invalidTokenMessage,
} from '../../src/http/auth/refuseInvalidCredentials'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let partnerSite: number
let adminToken: string

const keys = {
  live: 'credentials-live-key-0123456789abcdef',
  revoked: 'credentials-revoked-key-0123456789abcdef',
  deleted: 'credentials-deleted-key-0123456789abcdef',
  revokedInUse: 'credentials-revoked-in-use-key-0123456789',
}
const editor = { email: 'editor@test.local', password: 'editor-password-0123' }

beforeAll(async () => {
  booted = await bootPayload({ name: 'http_credentials' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  partnerSite = Number(
    (
      await payload.create({
        collection: 'partner-sites',
        data: { name: '中工网', kind: 'central-news-site', channels: ['pc'] },
      })
    ).id,
  )
  await account('中工网接口', keys.live)
  await account('一直在用的接口', keys.revokedInUse)
  const revoked = await account('停用的接口', keys.revoked)
  await payload.update({
    collection: 'partner-accounts',
    id: revoked,
    data: { enableAPIKey: false },
  })
  await payload.delete({
    collection: 'partner-accounts',
    id: await account('删除的接口', keys.deleted),
  })
  await payload.create({ collection: 'users', data: { ...editor, role: 'unit-editor' } })
  adminToken = (await login(testAdmin)).token
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const account = async (name: string, apiKey: string) =>
  Number(
    (
      await booted.payload.create({
        collection: 'partner-accounts',
        data: { name, partnerSite, enableAPIKey: true, apiKey },
      })
    ).id,
  )

const login = async (credentials: { email: string; password: string }) => {
  const res = await fetch(`${http.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  })
  expect(res.status).toBe(200)
  return {
    token: ((await res.json()) as { token: string }).token,
    cookie: res.headers.getSetCookie().find((c) => c.startsWith('payload-token='))!,
  }
}

const logout = async (headers: Record<string, string>) => {
  const res = await fetch(`${http.url}/api/users/logout`, { method: 'POST', headers })
  expect(res.status).toBe(200)
}

/** A token Payload would have signed, with claims of our choosing. */
const signed = async ({
  secret = booted.payload.secret,
  expiresIn = 3600,
}: { secret?: string; expiresIn?: number } = {}) => {
  const { docs } = await booted.payload.find({
    collection: 'users',
    where: { email: { equals: editor.email } },
    limit: 1,
  })
  return (
    await jwtSign({
      fieldsToSign: { id: docs[0]!.id, collection: 'users', email: editor.email },
      secret,
      tokenExpiration: expiresIn,
    })
  ).token
}

const rest = (headers: Record<string, string>) =>
  fetch(`${http.url}/api/campaigns?limit=1`, { headers })
const graphql = (headers: Record<string, string>) =>
  fetch(`${http.url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ Campaigns { totalDocs } }' }),
  })

const expectRefused = async (res: Response, message: string) => {
  expect(res.status).toBe(401)
  expect(await res.json()).toEqual({ errors: [{ message }] })
}

type HeadersOf = () => Promise<Record<string, string>> | Record<string, string>

const badApiKeys: [string, HeadersOf][] = [
  [
    'an unknown API key',
    () => ({ Authorization: 'partner-accounts API-Key made-up-key-0123456789abcdef' }),
  ],
  ['a disabled API key', () => ({ Authorization: `partner-accounts API-Key ${keys.revoked}` })],
  [
    'the API key of a deleted account',
    () => ({ Authorization: `partner-accounts API-Key ${keys.deleted}` }),
  ],
  [
    'a real key naming a collection without API keys',
    () => ({ Authorization: `users API-Key ${keys.live}` }),
  ],
  ['a key naming no collection at all', () => ({ Authorization: `nobody API-Key ${keys.live}` })],
]

const badTokens: [string, HeadersOf][] = [
  ['a made-up JWT header', () => ({ Authorization: 'JWT not.a.token' })],
  ['a made-up Bearer header', () => ({ Authorization: 'Bearer not.a.token' })],
  ['an expired token', async () => ({ Authorization: `JWT ${await signed({ expiresIn: -60 })}` })],
  [
    'a token signed with another secret',
    async () => ({ Authorization: `JWT ${await signed({ secret: 'not-our-secret' })}` }),
  ],
  ['a token without a session', async () => ({ Authorization: `JWT ${await signed()}` })],
  [
    'a logged-out JWT header',
    async () => {
      const { token } = await login(editor)
      await logout({ Authorization: `JWT ${token}` })
      return { Authorization: `JWT ${token}` }
    },
  ],
  [
    'a logged-out Bearer header',
    async () => {
      const { token } = await login(editor)
      await logout({ Authorization: `Bearer ${token}` })
      return { Authorization: `Bearer ${token}` }
    },
  ],
]

describe.each([
  ['REST', rest],
  ['GraphQL', graphql],
])('%s', (_api, send) => {
  it.each(badApiKeys)('answers %s with 401', async (_what, headersOf) => {
    await expectRefused(await send(await headersOf()), invalidApiKeyMessage)
  })

  it.each(badTokens)('answers %s with 401', async (_what, headersOf) => {
    await expectRefused(await send(await headersOf()), invalidTokenMessage)
  })

  it.each<[string, HeadersOf]>([
    ['a live API key', () => ({ Authorization: `partner-accounts API-Key ${keys.live}` })],
    ['a live JWT', () => ({ Authorization: `JWT ${adminToken}` })],
    ['no credential at all', () => ({})],
    [
      'a token cookie of a logged-out session',
      async () => {
        const { token } = await login(editor)
        await logout({ Authorization: `JWT ${token}` })
        return { Cookie: `payload-token=${token}` }
      },
    ],
    ['a made-up token cookie', () => ({ Cookie: 'payload-token=made-up' })],
  ])('answers with %s', async (_what, headersOf) => {
    expect((await send(await headersOf())).status).toBe(200)
  })
})

describe('revocation and logout', () => {
  it('refuses a key from the moment an admin disables it, though it was in use a moment before', async () => {
    const headers = { Authorization: `partner-accounts API-Key ${keys.revokedInUse}` }
    expect((await rest(headers)).status).toBe(200)
    const { docs } = await booted.payload.find({
      collection: 'partner-accounts',
      where: { name: { equals: '一直在用的接口' } },
      limit: 1,
    })
    const res = await fetch(`${http.url}/api/partner-accounts/${docs[0]!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', Authorization: `JWT ${adminToken}` },
      body: JSON.stringify({ enableAPIKey: false }),
    })
    expect(res.status).toBe(200)
    await expectRefused(await rest(headers), invalidApiKeyMessage)
    await expectRefused(await graphql(headers), invalidApiKeyMessage)
  })

  it('refuses a token from the moment it is logged out, though it was in use a moment before', async () => {
    const { token } = await login(editor)
    const me = await fetch(`${http.url}/api/users/me`, {
      headers: { Authorization: `JWT ${token}` },
    })
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(editor.email)
    await logout({ Authorization: `JWT ${token}` })
    await expectRefused(
      await fetch(`${http.url}/api/users/me`, { headers: { Authorization: `JWT ${token}` } }),
      invalidTokenMessage,
    )
  })

  it('keeps the login page working with the cookie of a logged-out session', async () => {
    const { cookie } = await login(editor)
    const stale = cookie.split(';', 1)[0]!
    await logout({ Cookie: stale })
    const me = await fetch(`${http.url}/api/users/me`, { headers: { Cookie: stale } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: unknown }).user).toBeNull()
    const again = await fetch(`${http.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Cookie: stale },
      body: JSON.stringify(editor),
    })
    expect(again.status).toBe(200)
  })
})
