/**
 * Scale-out on one machine (issue #20): one PostgreSQL reached only through DATABASE_URL, one
 * S3-compatible server, two instances of the built server (A and B, JOBS_AUTORUN=false) and two
 * `npm run worker` processes, each with a disk of its own, driven through A and B alternately as
 * a load balancer would: boot work done once, files and renditions served by either instance,
 * partners' caches coherent across instances, rate limits shared, and a fan-out that survives a
 * worker killed mid-send. Uses no server of the e2e run's own (tests/e2e/globalSetup.ts).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import { createServer } from 'node:http'
import path from 'node:path'

import sharp from 'sharp'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Deployment, Instance, Member } from '../helpers/cluster'

import { apiClient } from '../helpers/api'
import { loginToken, root } from '../helpers/builtServer'
import { connectionOwner, isRunning, killHard, scaleOut } from '../helpers/cluster'
import { waitUntil } from '../helpers/wait'

const admin = { email: 'scale-out-admin@test.local', password: 'scale-out-password-1' }
/** RATE_LIMIT_PUBLIC_WRITE's count here: small, and nothing else in this file writes anonymously. */
const publicWriteLimit = 6
const partners = 50

const deployment = scaleOut({
  admin,
  env: {
    // The receivers run on loopback; every other private address stays refused.
    OUTBOUND_ALLOW_LIST: '127.0.0.1',
    // A day's window (aligned on the database's clock): the test never straddles two.
    RATE_LIMIT_PUBLIC_WRITE: `${publicWriteLimit}/86400`,
    // A lease longer than an attempt may take, so a live worker's send is never taken over; short
    // enough that the minute's sweep finds the killed worker's deliveries free. The job timings
    // (JOBS_AUTORUN_CRON, JOBS_SCHEDULE_CRON, JOBS_AUTORUN_LIMIT) are production's.
    PUSH_ATTEMPT_TIMEOUT_MS: '5000',
    PUSH_SEND_LEASE_MS: '10000',
    PUSH_LOST_JOB_AFTER_MS: '10000',
  },
})

let d: Deployment
let a: Instance
let b: Instance
let token: string
/** The admin's REST/GraphQL client per instance, with the one token A issued. */
const clients = new Map<Instance, Api>()
const on = (instance: Instance) => clients.get(instance)!
/** A and B by turns, as a round-robin load balancer hands out requests. */
const alternate = (i: number) => on(i % 2 === 0 ? a : b)
const receivers: { server: Server; url: string; secret: string; receipts: Receipt[] }[] = []

type Receipt = { webhookId: string; sender: number | null; isVerified: boolean }

const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const bytesOf = async (url: string) => {
  const res = await fetch(url, { headers: { Authorization: `JWT ${token}` } })
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** Every request of `items`, `width` at a time. */
const inBatches = async <T, R>(
  items: T[],
  width: number,
  fn: (item: T, i: number) => Promise<R>,
) => {
  const results: R[] = []
  for (let start = 0; start < items.length; start += width) {
    results.push(
      ...(await Promise.all(
        items.slice(start, start + width).map((item, j) => fn(item, start + j)),
      )),
    )
  }
  return results
}

const created = async (res: Promise<{ status: number; body: any }>): Promise<number> => {
  const { status, body } = await res
  expect(status, JSON.stringify(body)).toBe(201)
  return Number(body.doc.id)
}

/** A campaign, its published sub-project and a published work of it (not selected), made via A and B. */
const campaignWithWork = async (name: string) => {
  const campaign = await created(
    on(a).post('/api/campaigns', {
      name,
      year: 2026,
      status: 'active',
      label: '中国梦·大国工匠篇',
    }),
  )
  const subProject = await created(
    on(b).post('/api/sub-projects', {
      campaign,
      name: `${name}作品征集`,
      kind: 'other',
      _status: 'published',
    }),
  )
  const entry = await created(
    on(a).post('/api/entries', {
      title: `${name}的精品`,
      subProject,
      status: 'published',
      text: '三十年如一日，焊花里的青春。',
      authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
    }),
  )
  return { campaign, entry }
}

/** Where a fan-out stands, from the database: its deliveries, the push jobs, who holds what. */
const pushDiagnostics = async (entry: number) => {
  const sections = {
    deliveries: await d.query(
      'select state, count(*)::int as n from deliveries where entry_id = $1 group by state',
      [entry],
    ),
    jobs: await d.query(
      `select task_slug, input::text, processing, completed_at is not null as done, has_error, count(*)::int as n
         from payload_jobs group by 1, 2, 3, 4, 5 order by 1, 2`,
    ),
    connections: await d.query(
      `select application_name, state, wait_event_type, wait_event, left(query, 100) as query,
              round(extract(epoch from now() - xact_start))::int as xact_seconds
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    ),
  }
  const workers = d.workers.map((w) => `${w.name} (pid ${w.pid}):\n${w.output().slice(-4000)}`)
  return [
    ...Object.entries(sections).map(
      ([name, rows]) => `${name}:\n${rows.map((row) => JSON.stringify(row)).join('\n')}`,
    ),
    ...workers,
  ].join('\n\n')
}

beforeAll(async () => {
  d = await deployment.start()
  ;[a, b] = d.instances as [Instance, Instance]
  // One login, on A; B takes the same token (one secret, sessions in the database).
  token = await loginToken({ base: a.base, credentials: admin })
  for (const instance of d.instances) {
    clients.set(instance, await apiClient(instance.base, null, { Authorization: `JWT ${token}` }))
  }
}, 420_000)

afterAll(async () => {
  await Promise.all(
    receivers.map(
      ({ server }) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    ),
  )
  await deployment.stop()
}, 180_000)

describe('two instances and two workers on one database and one S3 bucket', () => {
  it('runs the migrations once when both instances (and both workers) start at the same moment', async () => {
    const index = await fs.readFile(path.join(root, 'src', 'migrations', 'index.ts'), 'utf8')
    const migrations = [...index.matchAll(/name: '([^']+)'/g)].map((m) => m[1]!).sort()
    expect(migrations.length).toBeGreaterThan(10)
    const rows = await d.query<{ name: string; runs: number }>(
      'select name, count(*)::int as runs from payload_migrations group by name order by name',
    )
    expect(rows).toEqual(migrations.map((name) => ({ name, runs: 1 })))
    // One process did the work under the boot lock; the others waited and found nothing to do.
    const members: Member[] = [...d.instances, ...d.workers]
    const migrated = members
      .map((m) => ({ name: m.name, count: m.output().split('Migrating: ').length - 1 }))
      .filter((m) => m.count > 0)
    expect(migrated, 'processes that logged `Migrating:`').toEqual([
      { name: expect.any(String), count: migrations.length },
    ])
    for (const instance of d.instances) {
      expect((await fetch(`${instance.base}/readyz`)).status).toBe(200)
    }
    // The first admin too: one account, however many instances started on the empty database.
    expect((await on(b).get('/api/users?depth=0&limit=0')).body.totalDocs).toBe(1)
  })

  describe('an upload on A', () => {
    let upload: { id: number; filename: string; sha256: string }
    let jpeg: Buffer

    beforeAll(async () => {
      jpeg = await sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 180, g: 40, b: 30 } },
      })
        .jpeg()
        .toBuffer()
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'weld.jpg')
      form.append('_payload', JSON.stringify({ alt: '焊花' }))
      const res = await fetch(`${a.base}/api/media`, {
        method: 'POST',
        headers: { Authorization: `JWT ${token}` },
        body: form,
      })
      const body = (await res.json()) as { doc: typeof upload }
      expect(res.status, JSON.stringify(body)).toBe(201)
      upload = { id: Number(body.doc.id), filename: body.doc.filename, sha256: body.doc.sha256 }
    })

    it('is served by B, and the renditions a worker made are served by both', async () => {
      const onB = await bytesOf(`${b.base}/api/media/file/${encodeURIComponent(upload.filename)}`)
      expect(onB.status).toBe(200)
      expect(sha256(onB.bytes)).toBe(upload.sha256)

      const processing = await waitUntil(
        async () => {
          const status = (await on(b).get(`/api/media/${upload.id}?depth=0`)).body?.processing
          return ['done', 'failed'].includes(status?.status) && status
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'the renditions job to finish' },
      )
      expect(processing, JSON.stringify(processing)).toMatchObject({ status: 'done' })
      const renditionsOn = async (instance: Instance) =>
        (
          (
            await on(instance).get(
              `/api/renditions?depth=0&limit=0&sort=name&where[original][equals]=${upload.id}`,
            )
          ).body.docs as { id: number; name: string; filename: string; checksum?: string }[]
        ).map(({ id, name, filename, checksum }) => ({ id, name, filename, checksum }))
      const renditions = await renditionsOn(a)
      expect(renditions.map((r) => r.name)).toEqual(['card', 'thumbnail', 'wechat-cover', 'weibo'])
      expect(await renditionsOn(b)).toEqual(renditions)
      for (const rendition of renditions) {
        const file = `/api/renditions/file/${encodeURIComponent(rendition.filename)}`
        const [fromA, fromB] = [
          await bytesOf(`${a.base}${file}`),
          await bytesOf(`${b.base}${file}`),
        ]
        expect([fromA.status, fromB.status], rendition.name).toEqual([200, 200])
        expect(sha256(fromB.bytes), rendition.name).toBe(sha256(fromA.bytes))
        if (rendition.checksum) {
          expect(sha256(fromB.bytes), rendition.name).toBe(rendition.checksum)
        }
      }
    })

    it('keeps its untouched original where staff on B download it', async () => {
      const original = await bytesOf(`${b.base}/api/media/${upload.id}/original`)
      expect(original.status).toBe(200)
      expect(sha256(original.bytes)).toBe(sha256(jpeg))
    })
  })

  describe('a partner of instance B', () => {
    let campaign: number
    let entry: number
    let apiKey: string
    let account: number
    const asPartner = (extra: Record<string, string> = {}) => ({
      Authorization: `partner-accounts API-Key ${apiKey}`,
      ...extra,
    })
    const feedOn = (instance: Instance, etag?: string) =>
      fetch(`${instance.base}/api/campaigns/${campaign}/feed.json?limit=100`, {
        headers: asPartner(etag ? { 'If-None-Match': etag } : {}),
      })
    const selectedOn = async (instance: Instance) => {
      const res = await fetch(
        `${instance.base}/api/entries?depth=0&where[campaign][equals]=${campaign}&where[bestWork.status][equals]=selected`,
        { headers: asPartner() },
      )
      const text = await res.text()
      return { status: res.status, cache: res.headers.get('x-cache'), text }
    }
    const graphqlOn = (instance: Instance) =>
      fetch(`${instance.base}/api/graphql`, {
        method: 'POST',
        headers: asPartner({ 'content-type': 'application/json' }),
        body: JSON.stringify({
          query: `{ Entries(where: { campaign: { equals: ${campaign} } }) { docs { id } } }`,
        }),
      })

    beforeAll(async () => {
      ;({ campaign, entry } = await campaignWithWork('横向扩展拉取测试活动'))
      const site = await created(
        on(b).post('/api/partner-sites', {
          name: '拉取合作网站',
          kind: 'union-site',
          push: { campaigns: [campaign] },
        }),
      )
      const res = await on(a).post('/api/partner-accounts', {
        name: '拉取合作网站接口',
        partnerSite: site,
        enableAPIKey: true,
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      account = Number(res.body.doc.id)
      apiKey = res.body.doc.apiKey as string
    })

    it('sees a work selected on A at its next poll of B, in the feed and over REST', async () => {
      const first = await feedOn(b)
      expect(first.status).toBe(200)
      expect(((await first.json()) as { items: unknown[] }).items).toEqual([])
      const etag = first.headers.get('etag')!
      expect((await feedOn(b, etag)).status).toBe(304)
      const before = await selectedOn(b)
      expect(JSON.parse(before.text).docs).toEqual([])
      expect(await selectedOn(b)).toMatchObject({ status: 200, cache: 'hit', text: before.text })

      const selected = await on(a).post(`/api/entries/${entry}/select`, { reason: '传播局精选' })
      expect(selected.status, JSON.stringify(selected.body)).toBe(200)

      // The very next poll, no waiting: B has dropped what it kept.
      const next = await feedOn(b, etag)
      expect(next.status).toBe(200)
      const items = ((await next.json()) as { items: { id: string }[] }).items
      expect(items.map((item) => item.id)).toEqual([`urn:wangju:entry:${entry}`])
      const after = await selectedOn(b)
      expect(after.status).toBe(200)
      expect(JSON.parse(after.text).docs.map((doc: { id: number }) => doc.id)).toEqual([entry])
    })

    it('is refused on B at once when its account is deleted on A', async () => {
      // B has the key's grant and reads in memory.
      expect((await feedOn(b)).status).toBe(200)
      expect((await selectedOn(b)).status).toBe(200)
      expect((await selectedOn(b)).cache).toBe('hit')
      expect((await graphqlOn(b)).status).toBe(200)

      const deleted = await on(a).delete(`/api/partner-accounts/${account}`)
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200)

      expect((await feedOn(b)).status, 'the feed on B').toBe(401)
      expect((await selectedOn(b)).status, 'a REST read on B').toBe(401)
      expect((await graphqlOn(b)).status, 'a GraphQL read on B').toBe(401)
      expect((await feedOn(a)).status, 'the feed on A').toBe(401)
    })
  })

  it('holds a rate limit across both instances: the limit spread over A and B, then 429 on either', async () => {
    // An anonymous write: counted per address under RATE_LIMIT_PUBLIC_WRITE, refused by Payload.
    const write = async (instance: Instance) => {
      const res = await fetch(`${instance.base}/api/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        text: await res.text(),
      }
    }
    // The first two at the same moment, one per instance; then by turns.
    const within = await Promise.all([write(a), write(b)])
    for (let i = 2; i < publicWriteLimit; i += 1) {
      within.push(await write(i % 2 === 0 ? a : b))
    }
    expect(within.map((r) => r.status)).not.toContain(429)
    const over = [await write(a), await write(b)]
    for (const res of over) {
      expect(res.status).toBe(429)
      expect(Number(res.retryAfter)).toBeGreaterThan(0)
      expect(res.text).toContain('请求过于频繁')
    }
  })

  it(
    'fans a work out to 50 partners while the sending worker is SIGKILLed: nothing lost, one webhook-id per message, each delivery sent by one worker',
    { timeout: 240_000 },
    async () => {
      const { campaign, entry } = await campaignWithWork('横向扩展推送测试活动')
      const workerPids = d.workers.map((w) => w.pid)
      const everyPid = [...d.instances, ...d.workers].map((m) => m.pid)
      let killed: Member | undefined
      let stray: Receipt | undefined
      /** Called as each push arrives, with its sender, before it is answered. */
      let onArrival: ((receipt: Receipt) => void) | undefined

      // 50 partners' sites, each a real HTTP server that verifies and records every push, and
      // asks the kernel which process opened the connection the push came on.
      const senders = new WeakMap<Socket, Promise<number | null>>()
      const lookups = new Set<Promise<unknown>>()
      for (let i = 0; i < partners; i += 1) {
        const receiver = { url: '', secret: '', receipts: [] as Receipt[] } as (typeof receivers)[0]
        const handle = async (req: IncomingMessage, res: ServerResponse) => {
          try {
            const chunks: Buffer[] = []
            for await (const chunk of req) {
              chunks.push(chunk as Buffer)
            }
            let isVerified = true
            try {
              new Webhook(receiver.secret).verify(
                Buffer.concat(chunks).toString('utf8'),
                req.headers as Record<string, string>,
              )
            } catch {
              isVerified = false
            }
            const receipt: Receipt = {
              webhookId: String(req.headers['webhook-id']),
              sender: (await senders.get(req.socket)) ?? null,
              isVerified,
            }
            receiver.receipts.push(receipt)
            onArrival?.(receipt)
            // Slow enough that the kill finds sends under way.
            setTimeout(() => res.writeHead(200).end(), 300)
          } catch {
            // The sender died mid-request.
          }
        }
        const server = createServer((req, res) => void handle(req, res))
        server.on('connection', (socket) => {
          const lookup = connectionOwner({ socket, pids: everyPid })
          senders.set(socket, lookup)
          lookups.add(lookup)
          void lookup.finally(() => lookups.delete(lookup))
        })
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        const { port } = server.address() as { port: number }
        Object.assign(receiver, { server, url: `http://127.0.0.1:${port}/hook` })
        receivers.push(receiver)
      }

      // Set up through both instances by turns, as the national office would over REST.
      const sites = await inBatches(receivers, 5, async (receiver, i) => {
        const site = await created(
          alternate(i).post('/api/partner-sites', {
            name: `扩展合作网站${i + 1}`,
            kind: 'union-site',
            push: { endpointURL: receiver.url, campaigns: [campaign] },
          }),
        )
        const rotated = await alternate(i + 1).post(`/api/partner-sites/${site}/rotate-secret`, {})
        expect(rotated.status, JSON.stringify(rotated.body)).toBe(200)
        receiver.secret = rotated.body.secret as string
        const resumed = await alternate(i).post(`/api/partner-sites/${site}/resume`, {})
        expect(resumed.status, JSON.stringify(resumed.body)).toBe(200)
        return site
      })

      // Killed the moment the sixth partner hears of it, from the receiver's own handler: the
      // worker that sent that push, whichever of the two took the fan-out. Stopped first, so it
      // sends nothing more while the connections it already opened are traced to it, then killed.
      const crash = async (worker: Member) => {
        process.kill(worker.pid, 'SIGSTOP')
        // Connections it opened before stopping wait in the accept queue: one turn takes them.
        await new Promise((resolve) => setImmediate(resolve))
        await new Promise((resolve) => setTimeout(resolve, 0))
        await Promise.allSettled([...lookups])
        await killHard(worker)
      }
      let crashed: Promise<void> | undefined
      onArrival = (receipt) => {
        if (!receipt.sender || !workerPids.includes(receipt.sender)) {
          stray ??= receipt
        }
        if (receivers.filter((r) => r.receipts.length > 0).length >= 6) {
          onArrival = (later) => {
            if (!later.sender || !workerPids.includes(later.sender)) {
              stray ??= later
            }
          }
          killed = d.workers.find((w) => w.pid === receipt.sender)
          crashed = killed ? crash(killed) : Promise.resolve()
        }
      }
      const selected = await on(a).post(`/api/entries/${entry}/select`, { reason: '传播局精选' })
      expect(selected.status, JSON.stringify(selected.body)).toBe(200)
      await waitUntil(() => crashed !== undefined, {
        timeoutMs: 60_000,
        intervalMs: 50,
        what: 'the fan-out to reach six partners',
      })
      await crashed
      expect(killed, 'the sender of the sixth push is a worker').toBeDefined()
      expect(killed!.child.signalCode).toBe('SIGKILL')
      const reachedBeforeKill = receivers.filter((r) => r.receipts.length > 0).length
      expect(reachedBeforeKill).toBeLessThan(partners)

      type Delivery = {
        id: number
        partnerSite: number
        webhookId: string
        state: string
        sequence: number
        attemptCount: number
        attempts: { outcome: string; statusCode?: number | null }[]
      }
      let round = 0
      const deliveries = await waitUntil(
        async () => {
          round += 1
          const docs = (
            await alternate(round).get(
              `/api/deliveries?depth=0&limit=0&where[entry][equals]=${entry}`,
            )
          ).body.docs as Delivery[]
          return docs.length === partners && docs.every((x) => x.state === 'delivered') && docs
        },
        {
          timeoutMs: 150_000,
          intervalMs: 1_000,
          what: "every delivery delivered by the surviving worker (after its lease and the minute's sweep)",
        },
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await pushDiagnostics(entry)}`)
      })

      const survivor = d.workers.find((w) => w !== killed)!
      expect(isRunning(survivor.child)).toBe(true)
      expect(stray, 'a push not traced to a worker').toBeUndefined()
      expect(new Set(deliveries.map((x) => x.webhookId)).size).toBe(partners)
      for (const [i, receiver] of receivers.entries()) {
        const what = `partner ${i + 1}: ${JSON.stringify(receiver.receipts)}`
        // Nothing lost, and one webhook-id per message however often it came.
        expect(receiver.receipts.length, what).toBeGreaterThanOrEqual(1)
        expect(new Set(receiver.receipts.map((r) => r.webhookId)).size, what).toBe(1)
        expect(
          receiver.receipts.every((r) => r.isVerified),
          what,
        ).toBe(true)
        const delivery = deliveries.find((x) => x.webhookId === receiver.receipts[0]!.webhookId)!
        expect(delivery?.partnerSite, what).toBe(sites[i])
        expect(delivery.sequence, what).toBe(1)
        // Delivered once, by one worker: every request the partner saw is logged, the one the
        // kill cut off as interrupted; no worker sent a message twice, and a second worker sent
        // it only after the first was killed with it under way.
        expect(
          delivery.attempts.filter((t) => t.outcome === 'delivered'),
          what,
        ).toHaveLength(1)
        expect(delivery.attemptCount, what).toBeGreaterThanOrEqual(receiver.receipts.length)
        const bySender = receiver.receipts.map((r) => r.sender)
        expect(new Set(bySender).size, what).toBe(bySender.length)
        if (bySender.length > 1) {
          expect(bySender, what).toEqual([killed!.pid, survivor.pid])
          expect(
            delivery.attempts.map((t) => t.outcome),
            what,
          ).toContain('interrupted')
        }
      }
      // The survivor took over what the killed worker had not finished.
      expect(receivers.some((r) => r.receipts.some((x) => x.sender === survivor.pid))).toBe(true)
      // And is still sound: no pooled connection left in a failed transaction (a job run twice
      // once left one so for each run, until the pool had none left).
      expect(
        await d.query(
          `select state, left(query, 100) as query from pg_stat_activity
            where datname = current_database() and state = 'idle in transaction (aborted)'`,
        ),
      ).toEqual([])
    },
  )
})
