/**
 * The rate limiter takes a session cookie exactly as Payload does: a cookie Payload ignores — an
 * earlier duplicate, or, with CSRF_ORIGINS set, one sent from an unlisted origin — leaves the
 * request anonymous for Payload, so it is held to the anonymous write limit too; and a cookie
 * Payload reads is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

const trusted = 'https://cms.example.org'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
/** The admin's live session cookie, `payload-token=…`. */
let cookie: string

beforeAll(async () => {
  booted = await bootPayload({
    name: 'http_rate_limit_cookies',
    env: {
      CSRF_ORIGINS: trusted,
      SERVER_URL: '',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_PUBLIC_WRITE: '3/3600',
      RATE_LIMIT_LOGIN_ACCOUNT: '100/3600',
    },
  })
  // Windows are aligned on the hour: start clear of its end, so no test straddles two windows.
  const secondsLeft = 3600 - ((Date.now() / 1000) % 3600)
  if (secondsLeft < 60) {
    await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 500))
  }
  server = await serveApp({ payload: () => booted.payload, config: booted.config, rateLimit: {} })
  const res = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: trusted,
      'x-forwarded-for': '192.0.2.1',
    },
    body: JSON.stringify(testAdmin),
  })
  expect(res.status).toBe(200)
  cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('payload-token='))!
    .split(';', 1)[0]!
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

let lastAddress = 0
const newAddress = () => `198.51.100.${++lastAddress}`

/** An empty contact: anonymous, Payload's access refuses it (403); as the admin, its validation does (400). */
const write = (ip: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers },
    body: '{}',
  })

/** An address that has used up its anonymous writes. */
const addressOverTheLimit = async () => {
  const ip = newAddress()
  for (let i = 0; i < 3; i++) {
    expect((await write(ip)).status).toBe(403)
  }
  return ip
}

describe('a write with a session cookie Payload ignores', () => {
  it.each<[string, () => Record<string, string>]>([
    [
      'the live cookie followed by a made-up one (Payload reads the last)',
      () => ({ Cookie: `${cookie}; payload-token=made-up`, Origin: trusted }),
    ],
    [
      'the live cookie from an origin CSRF_ORIGINS does not list',
      () => ({ Cookie: cookie, Origin: 'https://evil.example' }),
    ],
    ['the live cookie with neither Origin nor Sec-Fetch-Site', () => ({ Cookie: cookie })],
    [
      'the live cookie with no Origin and Sec-Fetch-Site: cross-site',
      () => ({ Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' }),
    ],
  ])(
    'is anonymous for the limiter too: %s gets 429 from an address over the limit',
    async (_what, headersOf) => {
      const ip = await addressOverTheLimit()
      const res = await write(ip, headersOf())
      expect(res.status).toBe(429)
    },
  )
})

describe('a write with a session cookie Payload reads', () => {
  it.each<[string, () => Record<string, string>]>([
    [
      'a made-up cookie followed by the live one',
      () => ({ Cookie: `payload-token=made-up; ${cookie}`, Origin: trusted }),
    ],
    ['the live cookie from the listed origin', () => ({ Cookie: cookie, Origin: trusted })],
    [
      'the live cookie with no Origin and Sec-Fetch-Site: same-origin',
      () => ({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' }),
    ],
    [
      'the live cookie written with a space before “=”',
      () => ({ Cookie: cookie.replace('payload-token=', 'payload-token ='), Origin: trusted }),
    ],
  ])(
    'is not held to the anonymous limit: %s reaches Payload from an address over it',
    async (_what, headersOf) => {
      const ip = await addressOverTheLimit()
      const res = await write(ip, headersOf())
      // 400: the admin's request, refused by Payload's validation (a contact needs a name).
      expect(res.status).toBe(400)
    },
  )
})
