/**
 * Comments are answered in front of Next (src/moderation/fastPath.ts). Each request goes to the
 * fast path alone and, directly, to Payload's own REST handler (the one Next mounts): the answers
 * must be the same — status, body, caching, CORS and retry-after — and a browser's form post must
 * go on to the endpoint.
 */
import type { Server } from 'node:http'

import { REST_POST } from '@payloadcms/next/routes'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { WindowWorld } from './fixture'

import { createCommentFastPath } from '../../src/moderation/fastPath'
import { bootWindowWorld } from './fixture'

const partnerPage = 'https://www.scgh.org'

let world: WindowWorld
let server: Server
let base = ''
const handedOn: string[] = []

beforeAll(async () => {
  world = await bootWindowWorld('comment_fast_path', {
    CORS_ORIGINS: partnerPage,
    INTERACTION_LIMIT_PER_DEVICE: '2/3600',
  })
  await world.booted.payload.create({
    collection: 'sensitive-words',
    data: { word: '赌博', action: 'block' } as never,
  })
  const app = express()
  app.use(
    createCommentFastPath({ payload: () => world.booted.payload })((req, res) => {
      handedOn.push(`${req.method} ${req.originalUrl}`)
      res.status(599).end()
    }),
  )
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
}, 300_000)

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await world?.close()
})

type Answer = { status: number; body: any; headers: Record<string, string | null> }

const answerOf = async (res: Response): Promise<Answer> => {
  const text = await res.text()
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    headers: Object.fromEntries(
      ['content-type', 'cache-control', 'retry-after', 'access-control-allow-origin'].map(
        (name) => [name, res.headers.get(name)],
      ),
    ),
  }
}

const headers = (device: string) => ({
  'content-type': 'application/json',
  origin: partnerPage,
  'x-device-id': device,
})

const viaFastPath = async (body: string, device: string) =>
  answerOf(
    await fetch(`${base}/api/interactions/comment`, {
      method: 'POST',
      headers: headers(device),
      body,
    }),
  )

const viaPayload = async (body: string, device: string) => {
  const url = new URL('/api/interactions/comment', 'http://127.0.0.1')
  const request = new Request(url, { method: 'POST', headers: headers(device), body })
  return answerOf(
    await REST_POST(world.booted.config)(request, {
      params: Promise.resolve({ slug: ['interactions', 'comment'] }),
    }),
  )
}

/** The same answer but for the stored comment's id. */
const withoutId = ({ body, ...rest }: Answer) => ({ ...rest, body: { ...body, id: undefined } })

describe('a comment answered in front of Next', () => {
  it('is stored and answered as the endpoint does, refusals and limits included', async () => {
    const comment = (text: string) => JSON.stringify({ column: world.ids.column, body: text })
    const fast = await viaFastPath(comment('向大国工匠致敬'), 'device-fast-0001')
    const slow = await viaPayload(comment('向大国工匠致敬'), 'device-slow-0001')
    expect(fast.status).toBe(201)
    expect(fast.headers['access-control-allow-origin']).toBe(partnerPage)
    expect(withoutId(fast)).toEqual(withoutId(slow))
    expect(fast.body.id).not.toBe(slow.body.id)

    for (const body of [comment('来赌博'), 'not json', '[1]', JSON.stringify({ column: 'x' })]) {
      const refused = await viaFastPath(body, 'device-fast-0002')
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(refused).toEqual(await viaPayload(body, 'device-slow-0002'))
    }

    // The device's second comment, then its third over the limit: 429 alike.
    await viaFastPath(comment('第二条'), 'device-fast-0001')
    await viaPayload(comment('第二条'), 'device-slow-0001')
    const fastLimited = await viaFastPath(comment('第三条'), 'device-fast-0001')
    const slowLimited = await viaPayload(comment('第三条'), 'device-slow-0001')
    expect(fastLimited.status).toBe(429)
    expect(Number(fastLimited.headers['retry-after'])).toBeGreaterThan(3000)
    expect({ ...fastLimited, headers: { ...fastLimited.headers, 'retry-after': null } }).toEqual({
      ...slowLimited,
      headers: { ...slowLimited.headers, 'retry-after': null },
    })
  })

  it('hands a browser’s form post on to the endpoint', async () => {
    handedOn.length = 0
    const res = await fetch(`${base}/api/interactions/comment`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ column: String(world.ids.column), body: '好' }).toString(),
    })
    expect(res.status).toBe(599)
    expect(handedOn).toEqual(['POST /api/interactions/comment'])
  })
})
