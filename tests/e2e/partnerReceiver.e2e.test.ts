/**
 * The partner's guide's example (examples/partner-receiver) run as a real partner against the
 * built server: its receiver as a child process on loopback, set up over REST as the national
 * office does (a partner site, its signing secret, a partner account and its key), then driven
 * through publish → update → takedown → acknowledge with the admin's REST API. What the
 * receiver stored is read from its own `GET /status` and its data folder; what the CMS recorded
 * from the delivery log. The feed puller beside it pages through the same campaign's feed.
 */
import type { ChildProcess } from 'node:child_process'

import { execFile, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { apiClient } from '../helpers/api'
import { freePort, makeDataDir, root } from '../helpers/builtServer'
import { waitUntil } from '../helpers/wait'
import { e2eClient } from './client'

const exampleDir = path.join(root, 'examples', 'partner-receiver')
/** IPTC's ninjs 2.2 and GeoJSON schemas, kept beside the checkout (as the in-process tests read them). */
const schemaDir = path.resolve(root, '..', 'shared', 'schemas')
const extensionSchema = path.join(
  root,
  'plugins',
  'partner-push',
  'utilities',
  'ninjs-wangju-extension_2.2.json',
)

type StoredFile = {
  name: string
  href: string
  sha256?: string
  expectedSha256: string | null
  bytes?: number
  sizeinbytes?: number
  path?: string
  refused?: string
}
type ReceiverStatus = {
  validation: string[]
  counts: { verified: number; rejected: number; duplicates: number; stale: number }
  works: {
    uri: string
    version: number
    event: string
    headline: string
    attributionText: string
    republish: string | null
    files: StoredFile[]
    isValid: boolean
  }[]
  removed: { uri: string; version: number; webhookId: string }[]
  acknowledgements: {
    webhookId: string
    uri: string
    version: number
    acknowledgedAt: string | null
  }[]
  sequences: { highest: number; missing: number[] }
  inbox: number
  problems: { problem: string }[]
}
type Delivery = {
  id: number
  entry: number
  event: string
  version: number
  sequence: number
  state: string
  attemptCount: number
  webhookId: string
  acknowledgedAt?: string | null
}

let base: string
let admin: Api
let token: string
let campaign: number
let subProject: number
let site: number
let apiKey: string
let partner: Api
let receiverPort: number
let receiver: ChildProcess
let receiverOutput = ''
let dataDir: string
/** Two works, each with a photo of its own: A goes through update and takedown, B stays. */
const works = {} as Record<
  'a' | 'b',
  { id: number; uri: string; photo: { id: number; sha256: string } }
>

const receiverUrl = () => `http://127.0.0.1:${receiverPort}`

const status = async (): Promise<ReceiverStatus> =>
  (await (await fetch(`${receiverUrl()}/status`)).json()) as ReceiverStatus

/** Polls the receiver's status until `check` finds what it waits for; fails with the receiver's output. */
const waitForReceiver = async <T>(
  check: (s: ReceiverStatus) => T | undefined | false,
  what: string,
): Promise<T> => {
  try {
    return await waitUntil(async () => check(await status()), {
      timeoutMs: 90_000,
      intervalMs: 300,
      what,
    })
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nreceiver status: ${JSON.stringify(await status().catch(() => null))}\nreceiver output:\n${receiverOutput}`,
    )
  }
}

const workIn = (s: ReceiverStatus, uri: string) => s.works.find((w) => w.uri === uri)

const sha256OfFile = async (file: string) =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex')

/** A JPEG of its own (a colour per work), uploaded as the national office's staff does. */
const uploadPhoto = async (colour: { r: number; g: number; b: number }, name: string) => {
  const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } })
    .jpeg()
    .toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), name)
  form.append('_payload', JSON.stringify({ alt: name }))
  const res = await fetch(`${base}/api/media`, {
    method: 'POST',
    headers: { Authorization: `JWT ${token}` },
    body: form,
  })
  const body = (await res.json()) as { doc: { id: number; sha256: string } }
  expect(res.status, JSON.stringify(body)).toBe(201)
  return { id: Number(body.doc.id), sha256: body.doc.sha256 }
}

/** A published work of the campaign with its photo; its labelled copy is made by a job before it is selected. */
const createWork = async (title: string, photo: { id: number; sha256: string }) => {
  const { status: code, body } = await admin.post('/api/entries', {
    title,
    subProject,
    status: 'published',
    text: '三十年如一日，焊花里的青春。',
    authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
    media: [photo.id],
  })
  expect(code, JSON.stringify(body)).toBe(201)
  const id = Number(body.doc.id)
  await waitUntil(
    async () =>
      (
        await admin.get(
          `/api/renditions?depth=0&where[original][equals]=${photo.id}&where[name][equals]=label&where[campaign][equals]=${campaign}`,
        )
      ).body.totalDocs > 0,
    { timeoutMs: 90_000, intervalMs: 500, what: `the labelled copy of ${title}’s photo` },
  )
  return { id, uri: `urn:wangju:entry:${id}`, photo }
}

const deliveries = async (): Promise<Delivery[]> =>
  (
    await admin.get(
      `/api/deliveries?depth=0&limit=0&sort=sequence&where[partnerSite][equals]=${site}`,
    )
  ).body.docs as Delivery[]

const pullFeed = async (env: Record<string, string>) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['pullFeed.js'], {
    cwd: exampleDir,
    env: {
      ...process.env,
      WANGJU_CMS_URL: base,
      WANGJU_API_KEY: apiKey,
      CAMPAIGN: String(campaign),
      STATE_FILE: path.join(dataDir, 'feed-state.json'),
      DATA_DIR: path.join(dataDir, 'feed'),
      ...env,
    },
    timeout: 60_000,
  })
  return JSON.parse(stdout) as {
    pages: number
    notModified: boolean
    items: number
    stored: string[]
    removed: string[]
    downloads: { id: string; rendition: string; sha256: string }[]
    works: string[]
    tombstones: string[]
  }
}

beforeAll(async () => {
  base = inject('e2eBaseUrl')
  admin = await e2eClient()
  token = inject('e2eAdminToken')
  dataDir = await makeDataDir('wangju-e2e-receiver-')

  const created = await admin.post('/api/campaigns', {
    name: '示例接收站测试活动',
    year: 2026,
    status: 'active',
    label: '中国梦·大国工匠篇',
    // Photos of its works get a labelled copy (the label drawn in), pushed as `labelled`.
    unification: { watermarkPhotos: true },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  campaign = Number(created.body.doc.id)
  subProject = Number(
    (
      await admin.post('/api/sub-projects', {
        campaign,
        name: '示例作品征集',
        kind: 'other',
        _status: 'published',
      })
    ).body.doc.id,
  )

  // The national office sets the partner up over REST, as the guide says.
  receiverPort = await freePort()
  const siteCreated = await admin.post('/api/partner-sites', {
    name: '示例接收站',
    kind: 'union-site',
    push: {
      endpointURL: `${receiverUrl()}/hook`,
      campaigns: [campaign],
      alertEmails: ['ops@receiver.example'],
    },
  })
  expect(siteCreated.status, JSON.stringify(siteCreated.body)).toBe(201)
  site = Number(siteCreated.body.doc.id)
  expect(siteCreated.body.doc.push.status).toBe('paused')
  expect(siteCreated.body.doc.pushNote).toContain('新建的参与网站默认暂停')
  const rotated = await admin.post(`/api/partner-sites/${site}/rotate-secret`, {})
  expect(rotated.body).toMatchObject({
    secret: expect.stringMatching(/^whsec_/),
    status: 'paused',
    previousSecretValidUntil: null,
  })
  const account = await admin.post('/api/partner-accounts', {
    name: '示例接收站接口',
    partnerSite: site,
    enableAPIKey: true,
  })
  expect(account.status, JSON.stringify(account.body)).toBe(201)
  apiKey = account.body.doc.apiKey as string
  expect(apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
  partner = await apiClient(base, null, { Authorization: `partner-accounts API-Key ${apiKey}` })

  // The partner runs the example with what it was given.
  receiver = spawn(process.execPath, ['receiver.js'], {
    cwd: exampleDir,
    env: {
      ...process.env,
      WANGJU_SECRET: rotated.body.secret as string,
      WANGJU_CMS_URL: base,
      WANGJU_API_KEY: apiKey,
      PORT: String(receiverPort),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dataDir, 'receiver'),
      NINJS_SCHEMA_DIR: schemaDir,
      WANGJU_EXTENSION_SCHEMA: extensionSchema,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  receiver.stdout!.on('data', (chunk) => (receiverOutput += String(chunk)))
  receiver.stderr!.on('data', (chunk) => (receiverOutput += String(chunk)))
  await waitUntil(
    async () => {
      if (receiver.exitCode !== null) {
        throw new Error(`the example receiver exited with ${receiver.exitCode}:\n${receiverOutput}`)
      }
      return (await fetch(`${receiverUrl()}/status`).catch(() => null))?.status === 200
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'the example receiver to listen' },
  )
  expect((await admin.post(`/api/partner-sites/${site}/resume`, {})).status).toBe(200)

  works.a = await createWork(
    '焊花里的青春',
    await uploadPhoto({ r: 200, g: 60, b: 20 }, 'weld-a.jpg'),
  )
  works.b = await createWork('大国焊匠', await uploadPhoto({ r: 20, g: 90, b: 200 }, 'weld-b.jpg'))
}, 300_000)

afterAll(async () => {
  if (receiver && receiver.exitCode === null) {
    const exited = new Promise((resolve) => receiver.once('exit', resolve))
    receiver.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    if (receiver.exitCode === null) {
      receiver.kill('SIGKILL')
    }
  }
  if (process.env.E2E_LOG) {
    process.stdout.write(receiverOutput)
  }
  if (dataDir) {
    await fs.rm(dataDir, { recursive: true, force: true })
  }
}, 30_000)

describe('the example partner receiver against the built server', () => {
  it('stores each selected work, verified, with every file downloaded at the SHA-256 the push gave, valid against IPTC’s ninjs 2.2 schema', async () => {
    for (const work of [works.a, works.b]) {
      expect(
        (await admin.post(`/api/entries/${work.id}/select`, { reason: '传播局精选' })).status,
      ).toBe(200)
    }
    const held = await waitForReceiver((s) => {
      const [a, b] = [workIn(s, works.a.uri), workIn(s, works.b.uri)]
      return s.inbox === 0 && a && b && [a, b]
    }, 'both works stored')
    const s = await status()
    expect(s.validation).toEqual(['ninjs 2.2', 'ninjs 2.2 + x_wangju'])
    expect(s.problems).toEqual([])
    for (const [stored, work] of [
      [held[0], works.a],
      [held[1], works.b],
    ] as const) {
      expect(stored).toMatchObject({
        version: 1,
        event: 'publish',
        isValid: true,
        republish: 'labelled',
      })
      expect(stored.attributionText).toContain('原作者：张师傅')
      expect(stored.files.map((f) => f.name)).toEqual(['original', 'labelled'])
      for (const file of stored.files) {
        // The bytes on the partner's disk are the ones the CMS vouched for.
        expect(file.sha256).toBe(file.expectedSha256)
        expect(await sha256OfFile(path.join(dataDir, 'receiver', file.path!))).toBe(file.sha256)
        expect(file.bytes).toBe(file.sizeinbytes)
      }
      expect(stored.files[0]!.sha256).toBe(work.photo.sha256)
      expect(stored.files[1]!.sha256).not.toBe(work.photo.sha256)
    }
  })

  it('replaces its copy with the update: the highest version of the uri', async () => {
    expect(
      (
        await admin.patch(`/api/entries/${works.a.id}`, {
          title: '焊花里的青春（修订）',
          text: '三十年如一日，修订版。',
        })
      ).status,
    ).toBe(200)
    const updated = await waitForReceiver(
      (s) => s.inbox === 0 && workIn(s, works.a.uri)?.version === 2 && workIn(s, works.a.uri),
      'the update of A',
    )
    expect(updated).toMatchObject({ event: 'update', isValid: true })
    expect(updated.headline).toContain('焊花里的青春（修订）')
    expect(updated.files.every((f) => f.sha256 && f.sha256 === f.expectedSha256)).toBe(true)
    expect((await admin.get(`/api/entries/${works.a.id}`)).body.syndication.version).toBe(2)
  })

  it(
    'removes a taken-down work with its files and acknowledges it by webhook-id: the CMS shows acknowledgedAt',
    { timeout: 240_000 },
    async () => {
      const filesOfA = (await status()).works
        .find((w) => w.uri === works.a.uri)!
        .files.map((f) => path.join(dataDir, 'receiver', f.path!))
      expect((await admin.post(`/api/entries/${works.a.id}/deselect`, {})).status).toBe(200)
      const ack = await waitForReceiver(
        (s) => s.acknowledgements.find((a) => a.uri === works.a.uri && a.acknowledgedAt),
        'the takedown of A acknowledged',
      )
      const s = await status()
      expect(workIn(s, works.a.uri)).toBeUndefined()
      expect(s.removed).toContainEqual(
        expect.objectContaining({ uri: works.a.uri, version: 3, webhookId: ack.webhookId }),
      )
      for (const file of filesOfA) {
        await expect(fs.stat(file)).rejects.toThrow()
      }
      // B and its files stay.
      expect(workIn(s, works.b.uri)?.files.map((f) => f.name)).toEqual(['original', 'labelled'])

      // The partner answers and acknowledges within milliseconds: the CMS may still be recording the delivery.
      const takedown = await waitUntil(
        async () =>
          (await deliveries()).find((d) => d.event === 'takedown' && d.state === 'delivered'),
        {
          timeoutMs: 150_000,
          intervalMs: 500,
          what: 'the takedown recorded as delivered',
        },
      )
      expect(takedown).toMatchObject({
        entry: works.a.id,
        version: 3,
        webhookId: ack.webhookId,
        acknowledgedAt: ack.acknowledgedAt,
      })
      expect((await partner.get('/api/deliveries/takedowns')).body.docs).toEqual([])
    },
  )

  it('verified every push the CMS sent, took each message once, and saw its numbers without a gap', async () => {
    const log = await deliveries()
    expect(log.map((d) => [d.entry, d.event, d.version, d.state])).toEqual(
      expect.arrayContaining([
        [works.a.id, 'publish', 1, 'delivered'],
        [works.b.id, 'publish', 1, 'delivered'],
        [works.a.id, 'update', 2, 'delivered'],
        [works.a.id, 'takedown', 3, 'delivered'],
      ]),
    )
    expect(log).toHaveLength(4)
    expect(log.map((d) => d.sequence)).toEqual([1, 2, 3, 4])
    const s = await status()
    // Every request the CMS made was a push the receiver verified: none refused.
    expect(s.counts.rejected).toBe(0)
    expect(s.counts.verified).toBe(log.reduce((sum, d) => sum + d.attemptCount, 0))
    expect(s.sequences).toEqual({ highest: 4, missing: [] })
    expect(s.problems).toEqual([])
  })

  it('refuses a push whose signature does not verify, and keeps nothing of it', async () => {
    const body = JSON.stringify({
      event: 'publish',
      sequence: 99,
      webhookId: 'msg_forged',
      deliveryId: 0,
      item: { uri: 'urn:wangju:entry:forged', version: '9' },
    })
    const res = await fetch(`${receiverUrl()}/hook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
      },
      body,
    })
    expect(res.status).toBe(401)
    const s = await status()
    expect(s.counts.rejected).toBe(1)
    expect(workIn(s, 'urn:wangju:entry:forged')).toBeUndefined()
  })

  it('reads with its key what the guide says: its own account and push settings, the works it may republish by the filter, not the taken-down one; a wrong key is 401', async () => {
    const accounts = (await partner.get('/api/partner-accounts?depth=0')).body.docs as {
      partnerSite: number
    }[]
    expect(accounts.map((a) => a.partnerSite)).toEqual([site])
    const own = (await partner.get(`/api/partner-sites/${site}?depth=0`)).body
    expect(own.push).toMatchObject({
      status: 'active',
      endpointURL: `${receiverUrl()}/hook`,
      campaigns: [campaign],
    })
    expect(own.pushNote).toContain('接收推送中')
    const republish = await partner.get(
      `/api/entries?depth=0&limit=100&where[bestWork.status][equals]=selected&where[campaign][in]=${campaign}`,
    )
    expect(republish.body.docs.map((d: { id: number }) => d.id)).toEqual([works.b.id])
    const { body } = await partner.graphql(
      `{ Entries(where: { campaign: { equals: ${campaign} } }) { docs { id } } }`,
    )
    expect(body.data.Entries.docs.map((d: { id: number }) => Number(d.id))).toEqual([works.b.id])
    expect((await partner.get(`/api/entries/${works.a.id}`)).status).toBe(404)
    const wrongKey = await apiClient(base, null, {
      Authorization: 'partner-accounts API-Key not-a-key-the-cms-issued',
    })
    expect((await wrongKey.get('/api/entries?limit=1')).status).toBe(401)
  })

  it('gets a repeated read from the cache, byte for byte, and a change the office saves at the next read', async () => {
    const read = async () => {
      const res = await fetch(`${base}/api/entries?depth=1&where[campaign][equals]=${campaign}`, {
        headers: { Authorization: `partner-accounts API-Key ${apiKey}` },
      })
      return { cache: res.headers.get('x-cache'), text: await res.text() }
    }
    const first = await read()
    const again = await read()
    expect(again).toEqual({ cache: 'hit', text: first.text })
    const renamed = await admin.patch(`/api/sub-projects/${subProject}`, {
      name: '示例作品征集（更名）',
    })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)
    try {
      const after = await read()
      expect(after.cache).toBe('miss')
      expect(JSON.parse(after.text).docs[0].subProject.name).toBe('示例作品征集（更名）')
    } finally {
      await admin.patch(`/api/sub-projects/${subProject}`, { name: '示例作品征集' })
    }
  })

  it('pulls the campaign’s feed page by page through next_url: the work it may republish with its files’ hashes, the taken-down one as a tombstone', async () => {
    const first = await pullFeed({ LIMIT: '1', DOWNLOAD: '1' })
    expect(first).toMatchObject({
      pages: 2,
      items: 2,
      works: [works.b.uri],
      tombstones: [works.a.uri],
    })
    const heldB = workIn(await status(), works.b.uri)!
    expect(first.downloads.map((d) => [d.rendition, d.sha256])).toEqual([
      ['labelled', heldB.files.find((f) => f.name === 'labelled')!.sha256],
      ['original', heldB.files.find((f) => f.name === 'original')!.sha256],
    ])
    // Polled again with the cursor it saved: nothing new, then the same question again is a 304.
    expect(await pullFeed({ LIMIT: '1' })).toMatchObject({ pages: 1, items: 0, notModified: false })
    expect(await pullFeed({ LIMIT: '1' })).toMatchObject({ pages: 0, notModified: true })
  })
})
