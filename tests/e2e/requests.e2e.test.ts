/**
 * What a careless or hostile client meets on the built server (`npm start`): bad uploads,
 * credentials that do not verify, oversized bodies, cross-site cookie writes, and what the public
 * sees of an unscreened submission. Each is a 4xx whose message says why, Chinese first, then
 * English, and leaves nothing behind. The in-process suites prove the details; these prove the
 * built server answers the same.
 */
import http from 'node:http'

import sharp from 'sharp'
import { beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { e2eClient } from './client'

const base = () => inject('e2eBaseUrl')

let admin: Api
let anonymous: Api
let ids: { subProject: number; unit: number; campaign: number }

const idOf = async (path: string): Promise<number> => {
  const { body } = await admin.get(path)
  const id = body?.docs?.[0]?.id
  expect(typeof id, `demo data: ${path}`).toBe('number')
  return id as number
}

/** A small JPEG made in beforeAll: enough for the probe to read. */
let jpeg: Buffer
/** An MP4 cut after its first box: the bytes say MP4, the movie is gone. */
const truncatedMp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypmp42'),
  Buffer.alloc(4),
  Buffer.from('mp42isom'),
])

const expectBilingual = (message: string) =>
  expect(message).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)

const postForm = async (
  path: string,
  fields: Record<string, string>,
  file?: { bytes: Buffer; name: string; type: string; field?: string },
  headers: Record<string, string> = {},
) => {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) {
    form.append(key, value)
  }
  if (file) {
    form.append(
      file.field ?? 'file',
      new Blob([new Uint8Array(file.bytes)], { type: file.type }),
      file.name,
    )
  }
  const res = await fetch(`${base()}${path}`, { method: 'POST', body: form, headers })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const submission = () => ({
  subProject: String(ids.subProject),
  submittingUnit: String(ids.unit),
  title: '车间里的正能量',
  authorName: '张师傅',
  isAuthentic: 'true',
})

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } })
    .jpeg()
    .toBuffer()
  admin = await e2eClient()
  anonymous = await e2eClient({ as: 'anonymous' })
  // The seeded campaigns are history (closed): submissions go to this year's edition.
  const campaign = await admin.post('/api/campaigns', {
    name: '2026年临汾市“网聚职工正能量 争做中国好网民”主题活动',
    year: 2026,
    status: 'active',
  })
  const call = await admin.post('/api/sub-projects', {
    campaign: campaign.body.doc.id,
    name: '网络正能量摄影作品征集',
    kind: 'photography',
    _status: 'published',
  })
  expect(call.status, JSON.stringify(call.body)).toBe(201)
  ids = {
    subProject: call.body.doc.id,
    unit: await idOf(
      `/api/organizers?where[name][equals]=${encodeURIComponent('尧都区总工会')}&depth=0`,
    ),
    campaign: campaign.body.doc.id,
  }
})

describe('bad uploads (built server)', () => {
  it('a multipart body without a boundary: 400 with the reason', async () => {
    const res = await fetch(`${base()}/api/entries/submit`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    })
    const body = await res.json()
    expect(res.status).toBe(400)
    expectBilingual(body.errors[0].message)
  })

  it('a file name over 255 bytes: 400 with the reason, in Chinese and English', async () => {
    const { status, body } = await postForm('/api/entries/submit', submission(), {
      bytes: jpeg,
      name: `${'焊花'.repeat(60)}.jpg`,
      type: 'image/jpeg',
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('255')
    expectBilingual(body.errors[0].message)
  })

  it('a file whose extension is 300 characters: 400 with the reason', async () => {
    const { status, body } = await postForm('/api/entries/submit', submission(), {
      bytes: jpeg,
      name: `photo.${'j'.repeat(300)}`,
      type: 'image/jpeg',
    })
    expect(status).toBe(400)
    expectBilingual(body.errors[0].message)
  })

  it('a truncated MP4: 400 naming no server path', async () => {
    const { status, body } = await postForm('/api/entries/submit', submission(), {
      bytes: truncatedMp4,
      name: 'clip.mp4',
      type: 'video/mp4',
    })
    expect(status).toBe(400)
    expectBilingual(body.errors[0].message)
    expect(body.errors[0].message).not.toMatch(/\/tmp|\/work|\/root|\.data/)
  })

  it('a recommendation naming a unit that does not exist: 400 naming the field', async () => {
    const { status, body } = await postForm(
      '/api/featured-workers/recommend',
      {
        campaign: String(ids.campaign),
        name: '李师傅',
        recommenderName: '王网友',
        recommenderContact: '13812345678',
        unit: '999999',
      },
      { bytes: jpeg, name: 'li.jpg', type: 'image/jpeg', field: 'photo' },
    )
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('unit')
    expectBilingual(body.errors[0].message)
  })

  it('an accepted submission’s photo stays out of the public’s sight until the work is published', async () => {
    const { status, body } = await postForm(
      '/api/entries/submit',
      { ...submission(), title: '未审作品' },
      { bytes: jpeg, name: 'unscreened.jpg', type: 'image/jpeg' },
    )
    expect(status, JSON.stringify(body)).toBe(201)
    const entry = await admin.get(`/api/entries/${body.entry.id}?depth=1`)
    const media = entry.body.media[0]
    const listed = await anonymous.get('/api/media?limit=0&depth=0')
    expect(listed.body.docs.map((doc: { id: number }) => doc.id)).not.toContain(media.id)
    expect((await fetch(`${base()}${media.url}`)).status).toBeGreaterThanOrEqual(403)
    const asAdmin = await fetch(`${base()}${media.url}`, {
      headers: { Authorization: `JWT ${inject('e2eAdminToken')}` },
    })
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

/** The e2e admin's token, from a login of its own (also sets the cookie used below). */
const login = async () => {
  const res = await fetch(`${base()}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(inject('e2eAdmin')),
  })
  const { token } = (await res.json()) as { token: string }
  const cookie = res.headers
    .getSetCookie()
    .map((each) => each.split(';')[0])
    .join('; ')
  return { token, cookie }
}

describe('requests that do not verify (built server)', () => {
  it.each([
    ['a made-up partner key', 'partner-accounts API-Key made-up-key-0000000000000000'],
    ['a key for a collection without keys', 'users API-Key made-up-key-0000000000000000'],
    ['a made-up token', 'JWT eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl'],
  ])('%s: 401 over REST and GraphQL, never the public view', async (_, authorization) => {
    const rest = await fetch(`${base()}/api/entries?limit=1`, {
      headers: { Authorization: authorization },
    })
    expect(rest.status).toBe(401)
    expectBilingual(((await rest.json()) as { errors: { message: string }[] }).errors[0]!.message)
    const gql = await fetch(`${base()}/api/graphql`, {
      method: 'POST',
      headers: { Authorization: authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ Entries { totalDocs } }' }),
    })
    expect(gql.status).toBe(401)
  })

  it('a 2 MB JSON body: 413 before anything reads it', async () => {
    // fetch as any client sends it: it must read the answer, not meet a reset while still sending.
    const res = await fetch(`${base()}/api/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    })
    expect(res.status).toBe(413)
    expectBilingual(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message)
  })

  it('a cookie-authenticated write from another site: 403, nothing changed', async () => {
    const { cookie } = await login()
    const before = (await admin.get('/api/contacts/count')).body.totalDocs
    const res = await fetch(`${base()}/api/contacts`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: '跨站写入' }),
    })
    expect(res.status).toBe(403)
    expectBilingual(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message)
    expect((await admin.get('/api/contacts/count')).body.totalDocs).toBe(before)
    // The same cookie from the server's own origin writes.
    const own = await fetch(`${base()}/api/contacts`, {
      method: 'POST',
      headers: { cookie, origin: base(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '本站写入' }),
    })
    expect(own.status).toBe(201)
  })
})

const form2mbBoundary = 'e2e-form-2mb'
const form2mbType = `multipart/form-data; boundary=${form2mbBoundary}`
/** The admin's kind of document form (`_payload`) with a 2 MB file beside it. */
const form2mb = () =>
  Buffer.concat([
    Buffer.from(
      `--${form2mbBoundary}\r\ncontent-disposition: form-data; name="_payload"\r\n\r\n{"name":"大表单"}\r\n`,
    ),
    Buffer.from(
      `--${form2mbBoundary}\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.alloc(2 * 1024 * 1024),
    Buffer.from(`\r\n--${form2mbBoundary}--\r\n`),
  ])

describe('what one client can do to the rest (built server)', () => {
  /** The admin's session cookie, from one login for the tests below (the account's logins are limited too). */
  let cookie: string
  beforeAll(async () => {
    ;({ cookie } = await login())
  })

  it('an anonymous 2 MB multipart body to a collection: 413 before anything reads it', async () => {
    const res = await fetch(`${base()}/api/contacts`, {
      method: 'POST',
      headers: { 'content-type': form2mbType },
      body: new Uint8Array(form2mb()),
    })
    expect(res.status).toBe(413)
    expectBilingual(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message)
  })

  it('a GraphQL request with four logins: 400 with the reason', async () => {
    const attempts = [1, 2, 3, 4].map(
      (n) => `a${n}: loginUser(email: "nobody@test.local", password: "guess-${n}") { token }`,
    )
    const res = await fetch(`${base()}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.40' },
      body: JSON.stringify({ query: `mutation { ${attempts.join(' ')} }` }),
    })
    expect(res.status).toBe(400)
    expectBilingual(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message)
  })

  it('a live session cookie followed by a made-up one (Payload reads the last): held to the anonymous write limit', async () => {
    const ip = '198.51.100.41'
    const write = (headers: Record<string, string> = {}) =>
      fetch(`${base()}/api/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers },
        body: '{}',
      })
    // Anonymous writes until the address is over RATE_LIMIT_PUBLIC_WRITE (30 a minute): at most a window and one more.
    let status = 0
    for (let i = 0; i < 61 && status !== 429; i++) {
      status = (await write()).status
    }
    expect(status).toBe(429)
    expect(
      (await write({ cookie: `${cookie}; payload-token=made-up`, origin: base() })).status,
    ).toBe(429)
    // The live cookie alone is the admin's: Payload's validation answers, not the limiter.
    expect((await write({ cookie, origin: base() })).status).toBe(400)
  })

  it('a cookie-authenticated write behind a TLS-terminating proxy (Origin https://<host>, seen as http): saved', async () => {
    const body = JSON.stringify({ name: '代理后的写入' })
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${base()}/api/contacts`, {
        method: 'POST',
        headers: {
          host: 'cms.example.org',
          origin: 'https://cms.example.org',
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
    expect(status).toBe(201)
  })
})
