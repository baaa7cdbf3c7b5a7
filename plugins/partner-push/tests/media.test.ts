import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'
import type { Received } from './receiver'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { makeImage, makeVideo, removeFixtures } from '../../submission-spec/tests/fixtures'
import { runJobs } from './jobs'
import { ninjsValidator } from './jsonSchema'
import { startReceiver } from './receiver'

const { extended } = ninjsValidator()
const label = '中国梦·大国工匠篇'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let mediaDir: string
let campaign: number
let subProject: number
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = []

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-push-media-'))
  booted = await bootPayload({
    name: 'partner_push_media',
    env: {
      MEDIA_DIR: mediaDir,
      OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost',
      PUSH_ATTEMPT_TIMEOUT_MS: '5000',
    },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  campaign = Number(
    (
      await booted.payload.create({
        collection: 'campaigns',
        data: {
          name: '2016年“中国梦·大国工匠篇”',
          year: 2016,
          status: 'active',
          label,
          unification: { watermarkPhotos: true },
        },
      })
    ).id,
  )
  subProject = Number(
    (
      await booted.payload.create({
        collection: 'sub-projects',
        data: { campaign, name: '大国工匠作品征集', kind: 'other', _status: 'published' },
      })
    ).id,
  )
})

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await http?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

type Rendition = {
  name: string
  href: string
  contenttype: string
  width?: number
  height?: number
  sizeinbytes?: number
}
type PushedItem = { renditions?: Rendition[]; x_wangju: { sha256?: Record<string, string> } }

const upload = async (file: string, mimetype: string) => {
  const data = await fs.readFile(file)
  return Number(
    (
      await booted.payload.create({
        collection: 'media',
        data: {},
        file: { data, mimetype, name: path.basename(file), size: data.length },
      })
    ).id,
  )
}

/** Runs every queued job (renditions, deliveries) until `check` holds. */
const drainUntil = <T>(check: () => Promise<T | undefined>, what: string) =>
  waitUntil(
    async () => {
      const { docs } = await booted.payload.find({
        collection: 'payload-jobs',
        where: { completedAt: { exists: false } },
        limit: 0,
      })
      for (const job of docs) {
        await booted.payload.update({
          collection: 'payload-jobs',
          id: job.id,
          data: { waitUntil: new Date(Date.now() - 1000).toISOString() },
        })
      }
      await runJobs(booted.payload)
      return check()
    },
    { timeoutMs: 90_000, intervalMs: 300, what },
  )

/** A partner taking the campaign, its receiver, and a published work with `media` selected as 精品. */
const pushWork = async ({
  title,
  media,
  renditionName,
}: {
  title: string
  media: number[]
  renditionName?: 'label' | 'intro'
}) => {
  const receiver = await startReceiver([{ status: 200 }])
  receivers.push(receiver)
  const { body: site } = await admin.post('/api/partner-sites', {
    name: `媒体-${title}`,
    kind: 'central-news-site',
    push: { status: 'active', endpointURL: receiver.url, campaigns: [campaign] },
  })
  // A partner gets its signing secret by rotation; without one nothing is sent.
  expect((await admin.post(`/api/partner-sites/${site.doc.id}/rotate-secret`, {})).status).toBe(200)
  const { body } = await admin.post('/api/entries', {
    title,
    subProject,
    status: 'published',
    text: '三十年如一日。',
    media,
  })
  const entry = Number(body.doc.id)
  if (renditionName) {
    // The labelled copy is made by its job before the work is selected, as in production.
    await drainUntil(
      async () => (await renditionsOf(media[0]!, renditionName)).docs[0],
      `the ${renditionName} rendition`,
    )
  }
  expect((await admin.post(`/api/entries/${entry}/select`, { reason: '传播局精选' })).status).toBe(
    200,
  )
  const push = await drainUntil(
    async () => receiver.received.find((r) => r.json.event === 'publish'),
    'the push',
  )
  return push as Received & { json: { item: PushedItem } }
}

const renditionsOf = (media: number, name: string) =>
  booted.payload.find({
    collection: 'renditions',
    where: { and: [{ original: { equals: media } }, { name: { equals: name } }] },
    depth: 0,
  })

/**
 * What a partner does with a link: downloads it and hashes the bytes. Links are absolute on the
 * configured public URL (`SERVER_URL`); the test app listens on a random port, so the path is
 * fetched from there.
 */
const download = async (href: string) => {
  const url = new URL(href)
  const res = await fetch(new URL(`${url.pathname}${url.search}`, http.url))
  expect(res.status).toBe(200)
  const bytes = Buffer.from(await res.arrayBuffer())
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType: res.headers.get('content-type'),
  }
}

const sha256OfFile = async (file: string) =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex')

describe('media in pushed works', () => {
  it('links a photo’s original and its labelled copy, each with a SHA-256 the downloaded bytes match', async () => {
    const file = await makeImage({ format: 'jpeg', width: 320, height: 240 })
    const photo = await upload(file, 'image/jpeg')
    const push = await pushWork({ title: '焊花里的青春', media: [photo], renditionName: 'label' })
    const { item } = push.json
    expect(extended(item as unknown as Record<string, unknown>)).toEqual([])
    expect(item.renditions!.map((r) => r.name)).toEqual(['original', 'labelled'])
    const [original, labelled] = item.renditions!
    expect(original).toMatchObject({
      contenttype: 'image/jpeg',
      width: 320,
      height: 240,
      sizeinbytes: (await fs.stat(file)).size,
    })
    expect(labelled).toMatchObject({ contenttype: 'image/jpeg', width: 320, height: 240 })
    expect(Object.keys(item.x_wangju.sha256!).sort()).toEqual(
      [original!.href, labelled!.href].sort(),
    )
    for (const rendition of item.renditions!) {
      const { sha256, bytes } = await download(rendition.href)
      expect(sha256).toBe(item.x_wangju.sha256![rendition.href])
      expect(bytes.length).toBe(rendition.sizeinbytes)
    }
    // The original is the uploaded file itself; the labelled copy is the current one, not it.
    expect(item.x_wangju.sha256![original!.href]).toBe(await sha256OfFile(file))
    const [copy] = (await renditionsOf(photo, 'label')).docs
    expect(copy!.labelText).toBe(`【${label}】`)
    expect(item.x_wangju.sha256![labelled!.href]).toBe(copy!.checksum)
    expect(item.x_wangju.sha256![labelled!.href]).not.toBe(item.x_wangju.sha256![original!.href])
  }, 120_000)

  it('links a video’s original and its copy with the campaign’s intro, each with a SHA-256 the downloaded bytes match', async () => {
    const intro = await upload(
      await makeVideo({ seconds: 1, withSubtitles: false, frameRate: 25 }),
      'video/mp4',
    )
    await booted.payload.update({
      collection: 'campaigns',
      id: campaign,
      data: { introClip: intro },
    })
    const file = await makeVideo({ seconds: 2, withSubtitles: false, frameRate: 25 })
    const video = await upload(file, 'video/mp4')
    const push = await pushWork({
      title: '数控车间的年轻人',
      media: [video],
      renditionName: 'intro',
    })
    const { item } = push.json
    expect(extended(item as unknown as Record<string, unknown>)).toEqual([])
    expect(item.renditions!.map((r) => [r.name, r.contenttype])).toEqual([
      ['original', 'video/mp4'],
      ['labelled', 'video/mp4'],
    ])
    for (const rendition of item.renditions!) {
      expect((await download(rendition.href)).sha256).toBe(item.x_wangju.sha256![rendition.href])
    }
    expect(item.x_wangju.sha256![item.renditions![0]!.href]).toBe(await sha256OfFile(file))
    expect(item.x_wangju.sha256![item.renditions![1]!.href]).toBe(
      (await renditionsOf(video, 'intro')).docs[0]!.checksum,
    )
    await booted.payload.update({
      collection: 'campaigns',
      id: campaign,
      data: { introClip: null },
    })
  }, 120_000)

  it('hashes a file stored before hashes were kept once, at its first push, and keeps the hash', async () => {
    const file = await makeImage({ format: 'png', width: 48, height: 48 })
    const photo = await upload(file, 'image/png')
    // As the migration leaves older uploads: no hash.
    await booted.payload.update({
      collection: 'media',
      id: photo,
      data: { sha256: null },
      context: { isSha256Measured: true },
    })
    expect(
      (await booted.payload.findByID({ collection: 'media', id: photo, depth: 0 })).sha256,
    ).toBeNull()
    const push = await pushWork({ title: '老照片', media: [photo] })
    const original = push.json.item.renditions!.find((r) => r.name === 'original')!
    expect(push.json.item.x_wangju.sha256![original.href]).toBe(await sha256OfFile(file))
    expect((await download(original.href)).sha256).toBe(await sha256OfFile(file))
    expect(
      (await booted.payload.findByID({ collection: 'media', id: photo, depth: 0 })).sha256,
    ).toBe(await sha256OfFile(file))
  }, 120_000)

  it('pushes an update with the labelled copy when it is made after the work went out', async () => {
    const receiver = await startReceiver([{ status: 200 }])
    receivers.push(receiver)
    const { body: site } = await admin.post('/api/partner-sites', {
      name: '媒体-后到的标识版',
      kind: 'central-news-site',
      push: { status: 'active', endpointURL: receiver.url, campaigns: [campaign] },
    })
    await admin.post(`/api/partner-sites/${site.doc.id}/rotate-secret`, {})
    const photo = await upload(
      await makeImage({ format: 'jpeg', width: 200, height: 150 }),
      'image/jpeg',
    )
    const { body } = await admin.post('/api/entries', {
      title: '先推后加标识',
      subProject,
      status: 'published',
      text: '三十年如一日。',
      media: [photo],
    })
    await admin.post(`/api/entries/${body.doc.id}/select`, { reason: '传播局精选' })
    // Only the delivery runs: the watermark job is still waiting.
    await runJobs(booted.payload, {
      allQueues: true,
      where: { taskSlug: { equals: 'deliverToPartner' } },
      limit: 100,
    })
    const publish = receiver.received.find((r) => r.json.event === 'publish') as
      (Received & { json: { item: PushedItem } }) | undefined
    expect(publish?.json.item.renditions!.map((r) => r.name)).toEqual(['original'])

    const update = (await drainUntil(
      async () => receiver.received.find((r) => r.json.event === 'update'),
      'the update',
    )) as Received & { json: { item: PushedItem } }
    expect(update.json.item.version).toBe('2')
    expect(update.json.item.renditions!.map((r) => r.name)).toEqual(['original', 'labelled'])
    const labelled = update.json.item.renditions!.find((r) => r.name === 'labelled')!
    expect((await download(labelled.href)).sha256).toBe(
      update.json.item.x_wangju.sha256![labelled.href],
    )
  }, 120_000)
})
