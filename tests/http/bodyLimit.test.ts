/**
 * Request bodies other than uploads are capped (REQUEST_BODY_MAX_KB, 1 MB by default) in the
 * Express layer, before Next or Payload read them: a declared size over the cap is refused
 * unread, a chunked body the moment it passes the cap. Multipart bodies too, unless they are a
 * staff upload to media or go to a public submission endpoint.
 */
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let adminToken: string
/** The admin's session cookie, `payload-token=…`. */
let adminCookie: string
let contact: number

const KB = 1024
const MB = 1024 * KB
const tooLarge = '请求内容过大，不能超过 1 MB / Request body too large: at most 1 MB'

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-body-limit-'))
  booted = await bootPayload({ name: 'http_body_limit', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const res = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(testAdmin),
  })
  adminToken = ((await res.json()) as { token: string }).token
  adminCookie = res.headers
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
  await fs.rm(mediaDir, { recursive: true, force: true })
})

/** A PNG of random pixels: over 1.5 MB, as no compression can shrink noise. */
const noisePng = async () => {
  const side = 800
  const png = await sharp(randomBytes(side * side * 3), {
    raw: { width: side, height: side, channels: 3 },
  })
    .png()
    .toBuffer()
  expect(png.length).toBeGreaterThan(1.5 * MB)
  return png
}

type Sent = { status: number; body: string; sentBytes: number; finishedSending: boolean }

/**
 * Sends a body in 64 KB pieces and stops once the answer arrives. `declaredBytes` sets
 * Content-Length; without it the body is chunked. When more is declared than `bytes`, the client
 * sends `bytes` and then waits, still able to send the rest: only a server that answers without
 * reading the whole body answers at all.
 */
const send = ({
  base = server.url,
  path: target,
  method = 'POST',
  headers = {},
  bytes,
  declaredBytes,
  prefix = '',
  suffix = '',
}: {
  base?: string
  path: string
  method?: string
  headers?: Record<string, string>
  /** How many bytes to send at most (prefix and suffix included). */
  bytes: number
  declaredBytes?: number
  prefix?: string
  suffix?: string
}): Promise<Sent> =>
  new Promise((resolve, reject) => {
    const request = http.request(`${base}${target}`, {
      // A connection of its own: this request may be left half-sent, and a server that answers
      // early may drop the connection, which a pooled one would carry into the next test.
      agent: false,
      method,
      headers: {
        ...headers,
        ...(declaredBytes === undefined ? {} : { 'content-length': String(declaredBytes) }),
      },
    })
    let sentBytes = 0
    let finishedSending = false
    let isAnswered = false
    const timer = setTimeout(() => {
      request.destroy()
      reject(new Error(`no answer within 20 s; ${sentBytes} of ${bytes} bytes sent`))
    }, 20_000)
    request.on('response', (res) => {
      isAnswered = true
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        clearTimeout(timer)
        resolve({
          status: res.statusCode!,
          body: Buffer.concat(chunks).toString('utf8'),
          sentBytes,
          finishedSending,
        })
      })
    })
    // A server that answers early closes the connection while we are still sending.
    request.on('error', (err) => {
      if (!isAnswered) {
        clearTimeout(timer)
        reject(err)
      }
    })
    const middle = bytes - Buffer.byteLength(prefix) - Buffer.byteLength(suffix)
    const fillPieces = Array.from({ length: Math.ceil(middle / (64 * KB)) }, (_, i) =>
      Buffer.from('x'.repeat(Math.min(64 * KB, middle - i * 64 * KB))),
    )
    const pieces = [Buffer.from(prefix), ...fillPieces, Buffer.from(suffix)]
    const pump = () => {
      while (!isAnswered && pieces.length > 0) {
        const piece = pieces.shift()!
        sentBytes += piece.length
        if (!request.write(piece)) {
          request.once('drain', pump)
          return
        }
      }
      if (!isAnswered && (declaredBytes === undefined || declaredBytes === bytes)) {
        finishedSending = true
        request.end()
      }
    }
    pump()
  })

const graphqlQuery = (paddingBytes: number) => {
  const prefix = '{"query":"{ Campaigns { totalDocs } } #'
  return { prefix, suffix: '"}', bytes: paddingBytes }
}

const json = { 'content-type': 'application/json' }
const admin = () => ({ ...json, Authorization: `JWT ${adminToken}` })

describe('a body over the cap', () => {
  it('answers an anonymous 100 MB JSON body with 413 while the client has sent only 256 KB of it', async () => {
    const sent = await send({
      path: '/api/contacts',
      headers: json,
      bytes: 256 * KB,
      declaredBytes: 100 * MB,
      prefix: '{"name":"',
    })
    expect(sent.status).toBe(413)
    expect(JSON.parse(sent.body)).toEqual({ errors: [{ message: tooLarge }] })
    expect(sent.sentBytes).toBeLessThanOrEqual(256 * KB)
  })

  it('answers a chunked 2 MB JSON body without Content-Length with 413, and nothing is written', async () => {
    const sent = await send({
      path: `/api/contacts/${contact}`,
      method: 'PATCH',
      headers: admin(),
      bytes: 2 * MB,
      prefix: '{"name":"李四","x":"',
      suffix: '"}',
    })
    expect(sent.status).toBe(413)
    expect(JSON.parse(sent.body)).toEqual({ errors: [{ message: tooLarge }] })
    expect((await booted.payload.findByID({ collection: 'contacts', id: contact })).name).toBe(
      '张三',
    )
  })

  it.each([
    ['JSON', '/api/contacts', { 'content-type': 'application/json' }],
    ['a form', '/api/contacts', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['plain text', '/api/contacts', { 'content-type': 'text/plain' }],
    ['a body without a content type', '/api/contacts', {}],
    ['a GraphQL request', '/api/graphql', { 'content-type': 'application/json' }],
    [
      'a GraphQL request sent as application/graphql',
      '/api/graphql',
      { 'content-type': 'application/graphql' },
    ],
  ])('refuses %s of 1 MB and one byte, by its Content-Length', async (_what, target, headers) => {
    const sent = await send({ path: target, headers, bytes: 64 * KB, declaredBytes: MB + 1 })
    expect(sent.status).toBe(413)
    expect(JSON.parse(sent.body)).toEqual({ errors: [{ message: tooLarge }] })
  })
})

const boundary = 'body-limit-test'
const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` }
/** A multipart body with `fields` first, then one file of filler, as `send` pads it. */
const multipartParts = ({
  fields = {},
  file = 'file',
}: { fields?: Record<string, string>; file?: string } = {}) => ({
  prefix:
    Object.entries(fields)
      .map(
        ([name, value]) =>
          `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
    `--${boundary}\r\ncontent-disposition: form-data; name="${file}"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`,
  suffix: `\r\n--${boundary}--\r\n`,
})

describe('a multipart body over the cap that is no upload', () => {
  it.each<[string, string, () => Record<string, string>]>([
    ['an anonymous write to a collection', '/api/contacts', () => ({})],
    ['an anonymous GraphQL request', '/api/graphql', () => ({})],
    ['an anonymous upload to media (access refuses it anyway)', '/api/media', () => ({})],
    [
      'an upload to media with a made-up session cookie',
      '/api/media',
      () => ({ Cookie: 'payload-token=made-up' }),
    ],
    [
      'an upload to media with a made-up API key',
      '/api/media',
      () => ({ Authorization: 'partner-accounts API-Key made-up-key-0000000000' }),
    ],
    [
      'the admin’s form for a collection that takes no file',
      '/api/contacts',
      () => ({ Authorization: `JWT ${adminToken}` }),
    ],
    ['the admin’s GraphQL request', '/api/graphql', () => ({ Authorization: `JWT ${adminToken}` })],
  ])(
    'is refused with 413 while the client has sent only 256 KB of its 100 MB: %s',
    async (_what, target, headersOf) => {
      const sent = await send({
        path: target,
        headers: { ...multipart, ...headersOf() },
        bytes: 256 * KB,
        declaredBytes: 100 * MB,
        ...multipartParts(),
      })
      expect(sent.status).toBe(413)
      expect(JSON.parse(sent.body)).toEqual({ errors: [{ message: tooLarge }] })
      expect(sent.sentBytes).toBeLessThanOrEqual(256 * KB)
    },
  )

  it('is refused with 413 when chunked, without Content-Length: 2 MB to a collection, nothing created', async () => {
    const before = (await booted.payload.count({ collection: 'contacts' })).totalDocs
    const sent = await send({
      path: '/api/contacts',
      headers: multipart,
      bytes: 2 * MB,
      ...multipartParts({ fields: { _payload: '{"name":"大文件"}' } }),
    })
    expect(sent.status).toBe(413)
    expect(JSON.parse(sent.body)).toEqual({ errors: [{ message: tooLarge }] })
    expect((await booted.payload.count({ collection: 'contacts' })).totalDocs).toBe(before)
  })
})

describe('an upload over the cap', () => {
  it.each([
    ['/api/entries/submit', 'subProject'],
    ['/api/featured-workers/recommend', 'recommenderName'],
  ])(
    'goes on to the public endpoint %s, which answers with its own reason',
    async (target, reason) => {
      const sent = await send({
        path: target,
        headers: multipart,
        bytes: 2 * MB,
        declaredBytes: 2 * MB,
        ...multipartParts({ file: 'photo' }),
      })
      expect(sent.status).toBe(400)
      expect(
        (JSON.parse(sent.body) as { errors: { message: string }[] }).errors[0]!.message,
      ).toContain(reason)
    },
  )
})

describe('a body within the cap', () => {
  it.each([
    ['with Content-Length', 900 * KB],
    ['chunked', undefined],
  ])('passes a 900 KB GraphQL request %s on intact', async (_how, declared) => {
    const query = graphqlQuery(900 * KB)
    const sent = await send({
      path: '/api/graphql',
      headers: json,
      ...query,
      declaredBytes: declared,
    })
    expect(sent.status).toBe(200)
    expect(JSON.parse(sent.body)).toEqual({ data: { Campaigns: { totalDocs: 0 } } })
  })

  it.each([
    ['with Content-Length', 900 * KB],
    ['chunked', undefined],
  ])('saves a 900 KB JSON update %s', async (_how, declared) => {
    const name = `王五-${declared ?? 'chunked'}`
    const sent = await send({
      path: `/api/contacts/${contact}`,
      method: 'PATCH',
      headers: admin(),
      bytes: 900 * KB,
      declaredBytes: declared,
      prefix: `{"name":"${name}","x":"`,
      suffix: '"}',
    })
    expect(sent.status).toBe(200)
    expect((await booted.payload.findByID({ collection: 'contacts', id: contact })).name).toBe(name)
  })

  it.each<[string, () => Record<string, string>]>([
    ['a JWT header', () => ({ Authorization: `JWT ${adminToken}` })],
    ['the session cookie', () => ({ Cookie: adminCookie })],
  ])('still takes a staff upload larger than 1 MB, signed in with %s', async (_how, headersOf) => {
    const png = await noisePng()
    const form = new FormData()
    form.append('_payload', JSON.stringify({ alt: '噪点图' }))
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'noise.png')
    const res = await fetch(`${server.url}/api/media`, {
      method: 'POST',
      headers: headersOf(),
      body: form,
    })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { doc: { filesize: number } }).doc.filesize).toBe(png.length)
  })

  it('replaces a media file with one larger than 1 MB', async () => {
    const small = new FormData()
    small.append(
      'file',
      new Blob(
        [
          new Uint8Array(
            await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
              .png()
              .toBuffer(),
          ),
        ],
        { type: 'image/png' },
      ),
      'small.png',
    )
    const created = await fetch(`${server.url}/api/media`, {
      method: 'POST',
      headers: { Authorization: `JWT ${adminToken}` },
      body: small,
    })
    const { doc } = (await created.json()) as { doc: { id: number } }
    const png = await noisePng()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'larger.png')
    const res = await fetch(`${server.url}/api/media/${doc.id}`, {
      method: 'PATCH',
      headers: { Authorization: `JWT ${adminToken}` },
      body: form,
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { doc: { filesize: number } }).doc.filesize).toBe(png.length)
  })
})

describe('REQUEST_BODY_MAX_KB', () => {
  it('raises the cap: a 1.5 MB JSON update goes through at 2048', async () => {
    const previous = process.env.REQUEST_BODY_MAX_KB
    process.env.REQUEST_BODY_MAX_KB = '2048'
    const larger = await serveApp({ payload: () => booted.payload, config: booted.config })
    try {
      const sent = await send({
        base: larger.url,
        path: `/api/contacts/${contact}`,
        method: 'PATCH',
        headers: admin(),
        bytes: 1.5 * MB,
        declaredBytes: 1.5 * MB,
        prefix: '{"name":"赵六","x":"',
        suffix: '"}',
      })
      expect(sent.status).toBe(200)
      const over = await send({
        base: larger.url,
        path: '/api/contacts',
        headers: json,
        bytes: 64 * KB,
        declaredBytes: 2 * MB + 1,
      })
      expect(JSON.parse(over.body)).toEqual({
        errors: [{ message: '请求内容过大，不能超过 2 MB / Request body too large: at most 2 MB' }],
      })
    } finally {
      await larger.close()
      if (previous === undefined) {
        delete process.env.REQUEST_BODY_MAX_KB
      } else {
        process.env.REQUEST_BODY_MAX_KB = previous
      }
    }
  })
})
