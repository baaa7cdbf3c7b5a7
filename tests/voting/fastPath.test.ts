/**
 * Votes and vote counts are answered in front of Next (src/voting/fastPath.ts). Each request is
 * sent to the fast path and, directly, to Payload's own REST handler (the one Next mounts): the
 * answers must be the same — status, body, caching and CORS headers — and the fast path must
 * answer them itself, handing nothing of them on and everything else on.
 */
import type { Server } from 'node:http'

import express from 'express'
import { REST_GET, REST_POST } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { VotingWorld } from './fixture'

import { createCountFastPath, createVoteFastPath } from '../../src/voting/fastPath'
import { bootVotingWorld, tokenFor, votingSubProject, work } from './fixture'

const partnerPage = 'https://h5.example.org'

let world: VotingWorld
let server: Server
let base = ''
/** Requests the fast path handed on. */
const handedOn: string[] = []
const ids = { subProject: 0, open: 0, hidden: 0 }

beforeAll(async () => {
  world = await bootVotingWorld('voting_fast_path', { CORS_ORIGINS: partnerPage })
  const app = express()
  app.all(
    '/{*splat}',
    createVoteFastPath({ payload: () => world.booted.payload })((req, res) => {
      handedOn.push(`${req.method} ${req.originalUrl}`)
      res.status(599).end()
    }),
  )
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  ids.subProject = await votingSubProject(world)
  ids.open = await work(world, ids.subProject)
  ids.hidden = await work(world, ids.subProject, 'screened-in')
}, 300_000)

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await world?.close()
})

type Ask = { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }

type Answer = { status: number; body: unknown; headers: Record<string, string | null> }

const headersOf = (ask: Ask) => ({
  'content-type': 'application/json',
  'x-real-ip': '198.51.100.7',
  'user-agent': 'Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.47',
  origin: partnerPage,
  ...ask.headers,
})

const answerOf = async (res: Response): Promise<Answer> => {
  const text = await res.text()
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as unknown) : null,
    headers: Object.fromEntries(
      [
        'content-type',
        'cache-control',
        'etag',
        'retry-after',
        'access-control-allow-origin',
        'access-control-allow-credentials',
      ].map((name) => [name, res.headers.get(name)]),
    ),
  }
}

const viaFastPath = async (ask: Ask) =>
  answerOf(
    await fetch(`${base}${ask.path}`, {
      method: ask.method,
      headers: headersOf(ask),
      body: ask.body,
    }),
  )

/** The same request to Payload's REST handler, as Next would route it. */
const viaPayload = async (ask: Ask) => {
  const url = new URL(ask.path, 'http://127.0.0.1')
  const slug = url.pathname.slice('/api/'.length).split('/')
  const handler = (ask.method === 'GET' ? REST_GET : REST_POST)(world.booted.config)
  const request = new Request(url, { method: ask.method, headers: headersOf(ask), body: ask.body })
  return answerOf(await handler(request, { params: Promise.resolve({ slug }) }))
}

describe('answers as Payload’s endpoint does', () => {
  it('a vote, then the same voter again: 201 with the count, then 409, with CORS for the partner page', async () => {
    const first = await viaPayload({
      method: 'POST',
      path: `/api/entries/${ids.open}/vote`,
      body: JSON.stringify({ token: await tokenFor(world.booted.payload, 'a@example.com') }),
    })
    const second = await viaFastPath({
      method: 'POST',
      path: `/api/entries/${ids.open}/vote`,
      body: JSON.stringify({ token: await tokenFor(world.booted.payload, 'b@example.com') }),
    })
    expect(first).toMatchObject({ status: 201, body: { entry: ids.open, votes: 1 } })
    expect(second).toEqual({
      ...first,
      body: { ...(first.body as object), votes: 2 },
    })
    expect(second.headers['access-control-allow-origin']).toBe(partnerPage)

    const again = {
      method: 'POST' as const,
      path: `/api/entries/${ids.open}/vote`,
      body: JSON.stringify({ token: await tokenFor(world.booted.payload, 'a@example.com') }),
    }
    const refused = await viaFastPath(again)
    expect(refused.status).toBe(409)
    expect(refused).toEqual(await viaPayload(again))
  })

  it.each([
    ['a body that is not JSON', `/api/entries/{open}/vote`, 'not json', 400],
    ['a JSON array', `/api/entries/{open}/vote`, '[1]', 400],
    ['no proof', `/api/entries/{open}/vote`, '{}', 401],
    ['a forged token', `/api/entries/{open}/vote`, '{"token":"eyJhbGciOiJIUzI1NiJ9.e30.x"}', 401],
    ['a work that does not exist', '/api/entries/999999999/vote', '{"token":"x"}', 404],
    ['an id that is not one', '/api/entries/abc/vote', '{"token":"x"}', 404],
    ['a work the public cannot read', `/api/entries/{hidden}/vote`, '{"token":"x"}', 404],
  ])('a vote with %s: refused alike, in Chinese then English', async (_, path, body, status) => {
    const ask = {
      method: 'POST' as const,
      path: path.replace('{open}', String(ids.open)).replace('{hidden}', String(ids.hidden)),
      body,
    }
    const fast = await viaFastPath(ask)
    expect(fast.status).toBe(status)
    expect((fast.body as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /[\u4e00-\u9fff].* \/ .*[A-Za-z]/,
    )
    expect(fast).toEqual(await viaPayload(ask))
  })

  it.each([
    ['a work’s count', () => `/api/entries/${ids.open}/votes`, 200],
    ['a hidden work’s count', () => `/api/entries/${ids.hidden}/votes`, 404],
    ['a sub-project’s counts', () => `/api/votes/counts?subProject=${ids.subProject}`, 200],
    ['counts without a sub-project', () => '/api/votes/counts', 400],
  ])('%s: the same answer, and 304 for its ETag', async (_, path, status) => {
    const ask = { method: 'GET' as const, path: path() }
    const fast = await viaFastPath(ask)
    expect(fast.status).toBe(status)
    expect(fast).toEqual(await viaPayload(ask))
    if (status === 200) {
      const cached = { ...ask, headers: { 'if-none-match': fast.headers.etag! } }
      expect((await viaFastPath(cached)).status).toBe(304)
      expect((await viaPayload(cached)).status).toBe(304)
    }
  })
})

describe('answers them itself', () => {
  it('hands on nothing it answers, and everything else', async () => {
    const before = handedOn.length
    await viaFastPath({ method: 'GET', path: `/api/entries/${ids.open}/votes` })
    await viaFastPath({ method: 'GET', path: `/api/votes/counts?subProject=${ids.subProject}` })
    await viaFastPath({ method: 'POST', path: `/api/entries/${ids.open}/vote`, body: '{}' })
    expect(handedOn.slice(before)).toEqual([])

    const others: Ask[] = [
      { method: 'GET', path: `/api/entries/${ids.open}/vote` },
      { method: 'POST', path: `/api/entries/${ids.open}/votes`, body: '{}' },
      { method: 'GET', path: `/api/votes/summary?subProject=${ids.subProject}` },
      { method: 'POST', path: '/api/votes/code', body: '{}' },
      { method: 'GET', path: `/api/entries/${ids.open}` },
    ]
    for (const ask of others) {
      expect((await viaFastPath(ask)).status, ask.path).toBe(599)
    }
    expect(handedOn.slice(before)).toEqual(others.map((ask) => `${ask.method} ${ask.path}`))
  })
})

describe('the plainest count polls, answered first (createCountFastPath)', () => {
  it('answers a credential-less, query-less poll, and hands every other request on to the chain', async () => {
    const passedOn: string[] = []
    const app = express()
    app.use(createCountFastPath({ payload: () => world.booted.payload }))
    app.all('/{*splat}', (req, res) => {
      passedOn.push(`${req.method} ${req.originalUrl}`)
      res.status(599).end()
    })
    const early = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    try {
      const at = `http://127.0.0.1:${(early.address() as { port: number }).port}`
      const ask = (path: string, init: RequestInit = {}) => fetch(`${at}${path}`, init)
      expect((await ask(`/api/entries/${ids.open}/votes`)).status).toBe(200)
      expect((await ask(`/api/votes/counts?subProject=${ids.subProject}`)).status).toBe(200)
      expect(passedOn).toEqual([])
      const onward: [string, RequestInit][] = [
        // A credential meets the credential check (a bad key is refused there).
        [
          `/api/entries/${ids.open}/votes`,
          { headers: { authorization: 'partner-accounts API-Key made-up' } },
        ],
        [`/api/entries/${ids.open}/votes`, { headers: { cookie: 'payload-token=abc' } }],
        // A query meets the query check.
        [`/api/entries/${ids.open}/votes?where=nonsense`, {}],
        [`/api/votes/counts?subProject=${ids.subProject}&page=-1`, {}],
        [`/api/entries/${ids.open}/vote`, { method: 'POST', body: '{}' }],
      ]
      for (const [path, init] of onward) {
        expect((await ask(path, init)).status, path).toBe(599)
      }
      expect(passedOn).toHaveLength(onward.length)
    } finally {
      await new Promise((resolve) => early.close(resolve))
    }
  })
})
