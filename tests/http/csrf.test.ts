/**
 * With CSRF_ORIGINS and SERVER_URL unset, a write that a session cookie authenticates is taken
 * only from this site: another site's page cannot make a signed-in editor's browser change data.
 * Header-authenticated and anonymous requests are not affected.
 */
import http from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { crossSiteWriteMessage } from '../../src/http/auth/refuseCrossSiteWrites'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
/** The admin's session cookie, from a real login: `payload-token=…`. */
let cookie: string
let token: string
let contact: number

beforeAll(async () => {
  booted = await bootPayload({ name: 'http_csrf', env: { CSRF_ORIGINS: '', SERVER_URL: '' } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  ;({ cookie, token } = await login())
  contact = Number(
    (await booted.payload.create({ collection: 'contacts', data: { name: '张三' } })).id,
  )
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

const login = async (headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(testAdmin),
  })
  expect(res.status).toBe(200)
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('payload-token='))!
  return {
    cookie: setCookie.split(';', 1)[0]!,
    token: ((await res.json()) as { token: string }).token,
  }
}

const nameOf = async () =>
  (await booted.payload.findByID({ collection: 'contacts', id: contact })).name
const contactCount = async () => (await booted.payload.count({ collection: 'contacts' })).totalDocs

const rename = (name: string, headers: Record<string, string>) =>
  fetch(`${server.url}/api/contacts/${contact}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name }),
  })

const crossSite: [string, () => Record<string, string>][] = [
  ['Origin: https://evil.example', () => ({ Origin: 'https://evil.example' })],
  ['Origin: null (a sandboxed frame)', () => ({ Origin: 'null' })],
  ['the same host on another port', () => ({ Origin: server.url.replace(/:\d+$/, ':1') })],
  ['no Origin but Sec-Fetch-Site: cross-site', () => ({ 'Sec-Fetch-Site': 'cross-site' })],
]

describe('a cookie-authenticated write from another site', () => {
  it.each(crossSite)(
    'is refused with 403 and changes nothing: PATCH with %s',
    async (_what, headersOf) => {
      const before = await nameOf()
      const res = await rename('被篡改', { Cookie: cookie, ...headersOf() })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ errors: [{ message: crossSiteWriteMessage }] })
      expect(await nameOf()).toBe(before)
    },
  )

  it.each(crossSite)(
    'is refused with 403 and creates nothing: POST with %s',
    async (_what, headersOf) => {
      const before = await contactCount()
      const res = await fetch(`${server.url}/api/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', Cookie: cookie, ...headersOf() },
        body: JSON.stringify({ name: '伪造的联系人' }),
      })
      expect(res.status).toBe(403)
      expect(await contactCount()).toBe(before)
    },
  )

  it('is refused with 403 and deletes nothing: DELETE from evil.example', async () => {
    const res = await fetch(`${server.url}/api/contacts/${contact}`, {
      method: 'DELETE',
      headers: { Cookie: cookie, Origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
    expect(await nameOf()).toBeTruthy()
  })

  it('is refused with 403 as a GraphQL mutation from evil.example', async () => {
    const res = await fetch(`${server.url}/api/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        Cookie: cookie,
        Origin: 'https://evil.example',
      },
      body: JSON.stringify({
        query: `mutation { updateContact(id: ${contact}, data: { name: "被篡改" }) { name } }`,
      }),
    })
    expect(res.status).toBe(403)
    expect(await nameOf()).not.toBe('被篡改')
  })
})

/**
 * A PATCH as it arrives from a TLS-terminating proxy that is not a TRUST_PROXY hop: the browser's
 * Host and Origin, but plain http and no forwarded headers Express would believe.
 */
const renameBehindProxy = (name: string, { host, origin }: { host: string; origin: string }) =>
  new Promise<number>((resolve, reject) => {
    const body = JSON.stringify({ name })
    const request = http.request(`${server.url}/api/contacts/${contact}`, {
      method: 'PATCH',
      headers: {
        host,
        origin,
        cookie,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
    })
    request.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode!))
    })
    request.on('error', reject)
    request.end(body)
  })

describe('behind a TLS-terminating proxy, with SERVER_URL and TRUST_PROXY unset', () => {
  it.each([
    ['https://cms.example.org', 'cms.example.org'],
    ['https://cms.example.org:8443', 'cms.example.org:8443'],
  ])(
    'saves a cookie-authenticated PATCH from Origin %s to Host %s, though Express sees http',
    async (origin, host) => {
      const name = `李四（${origin}）`
      expect(await renameBehindProxy(name, { host, origin })).toBe(200)
      expect(await nameOf()).toBe(name)
    },
  )

  it.each([
    ['another port', 'https://cms.example.org:8443', 'cms.example.org'],
    ['the default port of the other scheme', 'https://cms.example.org:80', 'cms.example.org'],
    ['another host', 'https://evil.example', 'cms.example.org'],
    ['a subdomain', 'https://evil.cms.example.org', 'cms.example.org'],
  ])('refuses one from %s with 403', async (_what, origin, host) => {
    const before = await nameOf()
    expect(await renameBehindProxy('被篡改', { host, origin })).toBe(403)
    expect(await nameOf()).toBe(before)
  })
})

describe('writes that go through', () => {
  it.each<[string, () => Record<string, string>]>([
    ['the cookie and this site’s own Origin', () => ({ Cookie: cookie, Origin: server.url })],
    [
      'the cookie and Sec-Fetch-Site: same-origin',
      () => ({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' }),
    ],
    ['the cookie and no browser headers (a script with the cookie)', () => ({ Cookie: cookie })],
    [
      'the cookie, behind a trusted proxy that forwards the public scheme and host',
      () => ({
        Cookie: cookie,
        Origin: 'https://cms.example.org',
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'cms.example.org',
      }),
    ],
    [
      'a JWT header and Origin: https://evil.example',
      () => ({ Authorization: `JWT ${token}`, Origin: 'https://evil.example' }),
    ],
    [
      'a JWT header beside the cookie, from evil.example',
      () => ({ Authorization: `JWT ${token}`, Cookie: cookie, Origin: 'https://evil.example' }),
    ],
  ])('saves a PATCH with %s', async (what, headersOf) => {
    const name = `李四（${what}）`
    const res = await rename(name, headersOf())
    expect(res.status).toBe(200)
    expect(await nameOf()).toBe(name)
  })

  it('lets an anonymous request from another site through: a login from evil.example', async () => {
    await login({ Origin: 'https://evil.example' })
  })

  it('treats a logged-out session’s cookie as anonymous: a login from evil.example still works', async () => {
    const stale = await login()
    const out = await fetch(`${server.url}/api/users/logout`, {
      method: 'POST',
      headers: { Cookie: stale.cookie, Origin: server.url },
    })
    expect(out.status).toBe(200)
    await login({ Cookie: stale.cookie, Origin: 'https://evil.example' })
  })

  it('refreshes and logs out a session from this site', async () => {
    const session = await login()
    const refreshed = await fetch(`${server.url}/api/users/refresh-token`, {
      method: 'POST',
      headers: { Cookie: session.cookie, Origin: server.url },
    })
    expect(refreshed.status).toBe(200)
    expect(((await refreshed.json()) as { refreshedToken?: string }).refreshedToken).toBeTruthy()
    const out = await fetch(`${server.url}/api/users/logout`, {
      method: 'POST',
      headers: { Cookie: session.cookie, Origin: server.url },
    })
    expect(out.status).toBe(200)
  })
})
