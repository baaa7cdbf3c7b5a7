/**
 * With SERVER_URL and CSRF_ORIGINS set, a cookie-authenticated write is taken from SERVER_URL's
 * origin and the listed ones only — no longer from whatever host the request names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { crossSiteWriteMessage } from '../../src/http/auth/refuseCrossSiteWrites'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let cookie: string
let contact: number

const serverUrl = 'https://cms.example.org'
const trusted = 'https://union-portal.example'

beforeAll(async () => {
  booted = await bootPayload({
    name: 'http_csrf_origins',
    env: { SERVER_URL: serverUrl, CSRF_ORIGINS: `${trusted}, https://other.example` },
  })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const res = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', Origin: serverUrl },
    body: JSON.stringify(testAdmin),
  })
  expect(res.status).toBe(200)
  cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('payload-token='))!
    .split(';', 1)[0]!
  contact = Number(
    (await booted.payload.create({ collection: 'contacts', data: { name: '张三' } })).id,
  )
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

const rename = (name: string, origin: string) =>
  fetch(`${server.url}/api/contacts/${contact}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', Cookie: cookie, Origin: origin },
    body: JSON.stringify({ name }),
  })

describe('SERVER_URL and CSRF_ORIGINS', () => {
  it.each([
    ['SERVER_URL’s origin', serverUrl],
    ['an origin CSRF_ORIGINS lists', trusted],
  ])('take a cookie-authenticated PATCH from %s', async (_what, origin) => {
    const name = `李四 ${origin}`
    expect((await rename(name, origin)).status).toBe(200)
    expect((await booted.payload.findByID({ collection: 'contacts', id: contact })).name).toBe(name)
  })

  it.each([
    ['https://evil.example', () => 'https://evil.example'],
    ['the host the request names, which SERVER_URL replaces', () => server.url],
  ])('refuse one from %s with 403', async (_what, originOf) => {
    const res = await rename('被篡改', originOf())
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ errors: [{ message: crossSiteWriteMessage }] })
    expect((await booted.payload.findByID({ collection: 'contacts', id: contact })).name).not.toBe(
      '被篡改',
    )
  })
})
