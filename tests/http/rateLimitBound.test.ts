/**
 * `rate_limit.buckets` stays bounded whatever keys clients make up (random e-mails, addresses,
 * Authorization values), while the limits of real accounts still hold and a flood cannot push
 * other clients onto its counters: two instances on one database, as behind a load balancer,
 * with RATE_LIMIT_MAX_BUCKETS at 500.
 */
import type { Server } from 'node:http'

import type { RequestHandler } from 'express'

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { createApp } from '../../src/http/app'
import { readRateLimitConfig } from '../../src/http/rateLimit'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

const maxBuckets = 500
const limits = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_LOGIN: '6/3600',
  RATE_LIMIT_LOGIN_ACCOUNT: '3/3600',
  RATE_LIMIT_GRAPHQL: '4/3600',
  RATE_LIMIT_PUBLIC_WRITE: '3/3600',
  RATE_LIMIT_MAX_BUCKETS: String(maxBuckets),
}

let booted: Booted
/** The real app, Payload behind it. */
let site: string
/** Two more instances whose fallthrough only answers 200: the flood costs them no Payload work. */
let floodTargets: [string, string]
const pools: pg.Pool[] = []
const closers: (() => Promise<void>)[] = []

const newPool = () => {
  const pool = new pg.Pool({
    connectionString: booted.databaseUrl,
    max: 2,
    connectionTimeoutMillis: 5_000,
  })
  pool.on('error', () => {})
  pools.push(pool)
  return pool
}

beforeAll(async () => {
  booted = await bootPayload({ name: 'http_rate_limit_bound', env: limits })
  // Windows are aligned on the hour: start clear of its end, so no test straddles two windows.
  const secondsLeft = 3600 - ((Date.now() / 1000) % 3600)
  if (secondsLeft < 90) {
    await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 500))
  }
  const served = await serveApp({
    payload: () => booted.payload,
    config: booted.config,
    rateLimit: { pool: newPool() },
  })
  closers.push(served.close)
  site = served.url
  const answer: RequestHandler = (req, res) => {
    req.resume()
    req.on('end', () => res.json({ ok: true }))
  }
  const flood = async () => {
    const pool = newPool()
    return listen(
      createApp({
        payload: () => booted.payload,
        fallthrough: answer,
        rateLimit: { pool: () => pool, config: readRateLimitConfig(limits) },
      }),
    )
  }
  floodTargets = [await flood(), await flood()]
  for (const email of [
    'real@test.local',
    'fresh@test.local',
    'late-comer@test.local',
    'newcomer@test.local',
  ]) {
    await booted.payload.create({
      collection: 'users',
      data: { email, password: 'real-password-0123', role: 'unit-editor' },
    })
  }
})

afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
  await Promise.all(pools.map((pool) => pool.end()))
  await booted?.payload.destroy()
})

const listen = async (app: ReturnType<typeof createApp>): Promise<string> => {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  closers.push(async () => {
    await new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
    await app.close()
  })
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

let lastAddress = 0
/** A fresh client address for every request (198.18.0.0/15, the benchmarking range). */
const newAddress = () => {
  lastAddress++
  return `198.18.${lastAddress >> 8}.${lastAddress & 255}`
}

const login = (base: string, email: string, ip = newAddress()) =>
  fetch(`${base}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password: 'not-the-password' }),
  })

const rows = async () =>
  Number(
    (await newPool().query<{ n: string }>('select count(*) as n from rate_limit.buckets')).rows[0]!
      .n,
  )

/** Runs `count` requests, `concurrency` at a time. */
const inParallel = async (
  count: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
) => {
  let next = 0
  const statuses: number[] = []
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const res = await send(next++)
        await res.arrayBuffer()
        statuses.push(res.status)
      }
    }),
  )
  return statuses
}

describe('a table full of dead rows', () => {
  it('is cleaned up before it turns a new account away: ended windows do not count towards the cap', async () => {
    // The table is made by the first count.
    expect((await login(site, 'warm-up@test.local')).status).toBe(401)
    const db = newPool()
    await db.query(
      `insert into rate_limit.buckets (key, window_start, hits, expires_at)
       select 'login-account:dead-' || n, now() - interval '2 hours', 1, now() - interval '1 hour' from generate_series(1, $1) n`,
      [maxBuckets + 100],
    )
    // A fresh instance counts (and cleans up) before its first request.
    const fresh = await serveApp({
      payload: () => booted.payload,
      config: booted.config,
      rateLimit: { pool: newPool() },
    })
    closers.push(fresh.close)
    expect((await login(fresh.url, 'first-comer@test.local')).status).toBe(401)
    // The warm-up's two counters and the first comer's: the dead rows are gone.
    expect(await rows()).toBe(4)
  })
})

const accountRows = async () =>
  Number(
    (
      await newPool().query<{ n: string }>(
        `select count(*) as n from rate_limit.buckets where key like 'login-account:%'`,
      )
    ).rows[0]!.n,
  )

describe('a flood from one address', () => {
  it('cannot fill the table with e-mails: once over its limit it opens no counter, and a fresh address and a fresh real account are still let through', async () => {
    const ip = '203.0.113.66'
    const before = await accountRows()
    const statuses = await inParallel(600, 8, (i) =>
      login(floodTargets[i % 2]!, `one-address-${i}@attacker.example`, ip),
    )
    // The flood targets answer 200 to whatever the limiter lets through.
    expect(statuses.filter((status) => status !== 429)).toHaveLength(6)
    expect((await accountRows()) - before).toBe(6)
    expect((await login(floodTargets[0], 'fresh@test.local', '192.0.2.20')).status).toBe(200)
  }, 120_000)

  it('cannot fill the table through GraphQL: a document of 600 aliased logins is refused with 400 and opens no counter', async () => {
    const before = await accountRows()
    const attempts = Array.from(
      { length: 600 },
      (_, i) => `a${i}: loginUser(email: "alias-${i}@attacker.example", password: "x") { token }`,
    )
    const res = await fetch(`${site}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.67' },
      body: JSON.stringify({ query: `mutation { ${attempts.join(' ')} }` }),
    })
    expect(res.status).toBe(400)
    expect(await accountRows()).toBe(before)
  })
})

describe('a full table', () => {
  it('shares overflow counters by network: a new address flooding is refused, and its neighbour, but not a newcomer from elsewhere or a new account', async () => {
    const db = newPool()
    await db.query(
      `insert into rate_limit.buckets (key, window_start, hits, expires_at)
       select 'test:filler-' || n, now(), 1, now() + interval '1 hour' from generate_series(1, $1) n`,
      [maxBuckets],
    )
    try {
      // A fresh instance counts the table (full) before its first request.
      const full = await serveApp({
        payload: () => booted.payload,
        config: booted.config,
        rateLimit: { pool: newPool() },
      })
      closers.push(full.close)
      const statuses: number[] = []
      for (let i = 0; i < 7; i++) {
        statuses.push(
          (await login(full.url, `full-table-${i}@attacker.example`, '198.51.100.7')).status,
        )
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429])
      // Its network shares its counter: new addresses next door are no way around the limit.
      expect((await login(full.url, 'full-table-7@attacker.example', '198.51.100.8')).status).toBe(
        429,
      )
      // Another network and an account first seen now count elsewhere.
      expect((await login(full.url, 'late-comer@test.local', '192.0.2.1')).status).toBe(401)
    } finally {
      await db.query(`delete from rate_limit.buckets where key like 'test:filler-%'`)
    }
  })
})

describe('thousands of made-up keys', () => {
  it('leave the table within its cap, while a real account keeps its own limit and a newcomer from elsewhere is let in', async () => {
    // The real account, from its usual address, has counters before the flood: one failed login.
    const realIp = newAddress()
    expect((await login(site, 'real@test.local', realIp)).status).toBe(401)

    // 1000 logins with a new e-mail from a new address each, 500 writes and GraphQL requests
    // with made-up credentials from new addresses: 2500 keys nobody will use again.
    const forged = [
      'partner-accounts API-Key forged-',
      'JWT forged.token.',
      'users API-Key forged-',
    ]
    await inParallel(1000, 8, (i) => login(floodTargets[i % 2]!, `random-${i}@attacker.example`))
    await inParallel(500, 8, (i) =>
      fetch(`${floodTargets[i % 2]}${i % 2 ? '/api/graphql' : '/api/contacts'}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': newAddress(),
          Authorization: `${forged[i % 3]}${i}`,
        },
        body: '{}',
      }),
    )

    // Each instance recounts after adding 1 % of the cap; the rest of the slack is requests in flight.
    const count = await rows()
    expect(count).toBeGreaterThanOrEqual(maxBuckets * 0.9)
    expect(count).toBeLessThanOrEqual(maxBuckets * 1.1)

    // The real account's own counters still count exactly: two more failures, then 429.
    expect((await login(site, 'real@test.local', realIp)).status).toBe(401)
    expect((await login(site, 'real@test.local', realIp)).status).toBe(401)
    expect((await login(site, 'real@test.local', realIp)).status).toBe(429)
    // An account and an address first seen now, from a network the flood did not use, share
    // overflow counters the flood has not used up (of the 1000 flood e-mails at most two fall in
    // newcomer@test.local's, so its count stays within the limit whatever the timing).
    expect((await login(floodTargets[0], 'newcomer@test.local', '100.64.0.9')).status).toBe(200)
    expect(await rows()).toBeLessThanOrEqual(maxBuckets * 1.1)
  }, 180_000)
})
