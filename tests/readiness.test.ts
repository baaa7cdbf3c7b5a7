import { Agent, get, type IncomingMessage } from 'node:http'
import path from 'node:path'

import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Cluster } from '../src/db/embeddedPostgres'
import type { Booted } from './helpers/payload'

import { ensureDatabase, startCluster } from '../src/db/embeddedPostgres'
import { serveApp } from './helpers/http'
import { bootPayload } from './helpers/payload'
import { waitUntil } from './helpers/wait'

// A cluster of its own: this test stops its database, which the other files must not feel.
const clusterDir = path.resolve(`${process.env.TEST_PG_DIR ?? '.data/postgres-test'}-readiness`)
let cluster: Cluster
let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>

beforeAll(async () => {
  cluster = await startCluster({ dir: clusterDir })
  await ensureDatabase(cluster, 'readiness')
  booted = await bootPayload({ name: 'readiness', env: { DATABASE_URL: cluster.url('readiness') } })
  http = await serveApp({
    payload: () => booted.payload,
    config: booted.config,
    readinessTimeoutMs: 1_000,
  })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
  await cluster?.stop()
})

const readyz = async () => (await fetch(`${http.url}/readyz`)).status

it('turns /readyz to 503 while the database is stopped and back to 200 when it returns', async () => {
  expect(await readyz()).toBe(200)

  await cluster.stop()
  expect(await readyz()).toBe(503)
  // The process stays up meanwhile.
  expect((await fetch(`${http.url}/healthz`)).status).toBe(200)

  cluster = await startCluster({ dir: clusterDir, port: cluster.port })
  await waitUntil(async () => (await readyz()) === 200, {
    what: '/readyz to return 200',
    timeoutMs: 20_000,
  })
})

it('drains on shutdown: /readyz answers 503 for the balancer while requests are still served, each closing its connection', async () => {
  expect(await readyz()).toBe(200)
  http.drain()
  const ready = await fetch(`${http.url}/readyz`)
  expect(ready.status).toBe(503)
  expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'shutting down' })
  expect((await fetch(`${http.url}/healthz`)).status).toBe(200)
  // A request the balancer already sent is answered, and its keep-alive connection ends.
  const answered = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`${http.url}/api/campaigns?limit=1`, { agent: new Agent({ keepAlive: true }) }, resolve).on(
      'error',
      reject,
    ),
  )
  answered.resume()
  expect(answered.statusCode).toBe(200)
  expect(answered.headers.connection).toBe('close')
})
