/**
 * Column pulls with no credential are answered in front of Next (src/columns/fastPath.ts). Each
 * request goes to the fast path alone and, directly, to Payload's own REST handler (the one Next
 * mounts): the answers must be the same — status, body, ETag, caching and CORS — and the fast path
 * must answer the plain ones itself and hand on anything with a credential or a query.
 */
import type { Server } from 'node:http'

import { REST_GET } from '@payloadcms/next/routes'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { WindowWorld } from '../moderation/fixture'

import { createColumnPullFastPath } from '../../src/columns/fastPath'
import { bootWindowWorld, createColumn, label } from '../moderation/fixture'

const partnerPage = 'https://www.scgh.org'

let world: WindowWorld
let server: Server
let base = ''
const handedOn: string[] = []
let draft = 0

beforeAll(async () => {
  world = await bootWindowWorld('column_pull_fast_path', { CORS_ORIGINS: partnerPage })
  draft = await createColumn(world, {
    title: `${label}——四川职工风采（微博）`,
    unit: world.ids.sichuan,
    channel: 'weibo',
    _status: 'draft',
  })
  const app = express()
  app.use(createColumnPullFastPath({ payload: () => world.booted.payload }))
  app.use((req, res) => {
    handedOn.push(req.originalUrl)
    res.status(599).end()
  })
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
}, 300_000)

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await world?.close()
})

type Answer = { status: number; body: string; headers: Record<string, string | null> }

const answerOf = async (res: Response): Promise<Answer> => ({
  status: res.status,
  body: await res.text(),
  headers: Object.fromEntries(
    ['content-type', 'cache-control', 'etag', 'access-control-allow-origin'].map((name) => [
      name,
      res.headers.get(name),
    ]),
  ),
})

const viaFastPath = async (path: string, headers: Record<string, string> = {}) =>
  answerOf(await fetch(`${base}${path}`, { headers: { origin: partnerPage, ...headers } }))

const viaPayload = async (path: string, headers: Record<string, string> = {}) => {
  const url = new URL(path, 'http://127.0.0.1')
  const slug = url.pathname.slice('/api/'.length).split('/')
  const request = new Request(url, { headers: { origin: partnerPage, ...headers } })
  return answerOf(
    await REST_GET(world.booted.config)(request, { params: Promise.resolve({ slug }) }),
  )
}

describe('a column pulled with no credential', () => {
  it.each(['pull', 'feed'])('answers %s as Payload’s endpoint does, 304 included', async (kind) => {
    const path = `/api/columns/${world.ids.column}/${kind}`
    const fast = await viaFastPath(path)
    expect(fast.status).toBe(200)
    expect(fast).toEqual(await viaPayload(path))
    expect(fast.headers['access-control-allow-origin']).toBe(partnerPage)
    const again = { 'if-none-match': fast.headers.etag! }
    const notModified = await viaFastPath(path, again)
    expect(notModified).toMatchObject({ status: 304, body: '' })
    expect(notModified).toEqual(await viaPayload(path, again))
  })

  it('answers a draft and an unknown column 404 as Payload’s endpoint does', async () => {
    for (const path of [`/api/columns/${draft}/pull`, '/api/columns/999999/feed']) {
      const fast = await viaFastPath(path)
      expect(fast.status).toBe(404)
      expect(fast).toEqual(await viaPayload(path))
    }
  })

  it('hands on anything with a credential, a query, or another path', async () => {
    handedOn.length = 0
    const column = world.ids.column
    for (const [path, headers] of [
      [`/api/columns/${column}/pull`, { authorization: 'partner-accounts API-Key made-up' }],
      [`/api/columns/${column}/pull`, { cookie: 'payload-token=abc' }],
      [`/api/columns/${column}/pull?depth=2`, {}],
      [`/api/columns/${column}`, {}],
      ['/api/columns/abc/pull', {}],
    ] as [string, Record<string, string>][]) {
      expect((await viaFastPath(path, headers)).status).toBe(599)
    }
    expect(handedOn).toHaveLength(5)
  })
})
