import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { runJobs } from '../../partner-push/tests/jobs'
import { startReceiver } from '../../partner-push/tests/receiver'
import { makeImage, makeVideo, removeFixtures } from '../../submission-spec/tests/fixtures'

/**
 * Labelled copies (the photo with the campaign's watermark, the video with its intro) belong to
 * a file and a campaign. One file used by works of two campaigns, as the partners of each see
 * it: every link a partner was given keeps answering 200 with the SHA-256 it was given, until
 * an update tells it otherwise.
 */

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let mediaDir: string
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = []

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-labelled-'))
  booted = await bootPayload({
    name: 'labelled_copies',
    env: {
      MEDIA_DIR: mediaDir,
      OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost',
      PUSH_ATTEMPT_TIMEOUT_MS: '5000',
    },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
})

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await http?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

type Rendition = { name: string; href: string }
type Push = {
  event: string
  sequence: number
  item: {
    uri: string
    version: string
    renditions?: Rendition[]
    x_wangju: { sha256?: Record<string, string> }
  }
}

let campaigns = 0

/** A campaign with its own label, a sub-project to submit to, and a partner site taking it. */
const campaignWithPartner = async ({
  label,
  unification = {},
  introClip,
}: {
  label: string
  unification?: Record<string, unknown>
  introClip?: number
}) => {
  campaigns += 1
  const { body } = await admin.post('/api/campaigns', {
    name: `第${campaigns}届${label}`,
    year: 2016 + campaigns,
    status: 'active',
    label,
    introClip,
    unification,
  })
  const campaign = Number(body.doc.id)
  const subProject = Number(
    (
      await admin.post('/api/sub-projects', {
        campaign,
        name: `${label}作品征集`,
        kind: 'other',
        _status: 'published',
      })
    ).body.doc.id,
  )
  const receiver = await startReceiver([{ status: 200 }])
  receivers.push(receiver)
  const { body: site } = await admin.post('/api/partner-sites', {
    name: `${label}合作网站`,
    kind: 'central-news-site',
    push: { status: 'active', endpointURL: receiver.url, campaigns: [campaign] },
  })
  const { body: rotated } = await admin.post(`/api/partner-sites/${site.doc.id}/rotate-secret`, {})
  const webhook = new Webhook(rotated.secret as string)
  /** What the partner received, each push verified the Standard Webhooks way as a partner does. */
  const pushes = () => receiver.received.map((r) => webhook.verify(r.body, r.headers) as Push)
  return { campaign, subProject, pushes }
}

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
const uploadPhoto = async (width: number) =>
  upload(await makeImage({ format: 'jpeg', width, height: 200 }), 'image/jpeg')
const uploadVideo = async (seconds: number) =>
  upload(await makeVideo({ seconds, withSubtitles: false, frameRate: 25 }), 'video/mp4')

/** A published work of the campaign showing `media`. */
const publishWork = async ({
  subProject,
  title,
  media,
}: {
  subProject: number
  title: string
  media: number[]
}) => {
  const { status, body } = await admin.post('/api/entries', {
    title,
    subProject,
    status: 'published',
    text: '三十年如一日。',
    media,
  })
  expect(status).toBe(201)
  return Number(body.doc.id)
}
const select = async (entry: number) =>
  expect((await admin.post(`/api/entries/${entry}/select`, { reason: '传播局精选' })).status).toBe(
    200,
  )

/** Runs every queued job (copies, deliveries) now, as the runner would once their waits pass. */
const runQueue = async () => {
  const { docs } = await booted.payload.find({
    collection: 'payload-jobs',
    where: { and: [{ completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
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
  return docs.length
}
const drainUntil = <T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
) =>
  waitUntil(
    async () => {
      await runQueue()
      return check()
    },
    { timeoutMs: 60_000, intervalMs: 300, what },
  )
/** Runs the queue until nothing is left to run: every copy made or removed, every push sent. */
const settle = () => drainUntil(async () => (await runQueue()) === 0, 'the queue to empty')

/** The labelled copies stored for a file (admin REST, as the admin's list shows them). */
const copiesOf = async (media: number) =>
  (
    await admin.get(
      `/api/renditions?depth=0&limit=0&where[original][equals]=${media}&where[name][in]=label,intro`,
    )
  ).body.docs as { id: number; labelText?: string }[]

/** What a partner does with a link: downloads it and hashes the bytes. */
const download = async (href: string) => {
  const url = new URL(href)
  const res = await fetch(new URL(`${url.pathname}${url.search}`, http.url))
  return {
    status: res.status,
    sha256: createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex'),
  }
}

/** Every link of a push answers 200 with the SHA-256 the push carried for it. */
const expectLinksWork = async (push: Push) => {
  const links = push.item.renditions ?? []
  expect(links.length).toBeGreaterThan(0)
  for (const { href } of links) {
    expect(await download(href), href).toEqual({
      status: 200,
      sha256: push.item.x_wangju.sha256![href],
    })
  }
}
const labelledOf = (push: Push) => push.item.renditions?.find((r) => r.name === 'labelled')

describe('a file used by works of two campaigns', () => {
  it('keeps campaign A’s watermarked photo when a work of campaign F (watermark off) publishes it', async () => {
    const a = await campaignWithPartner({
      label: '中国梦·大国工匠篇',
      unification: { watermarkPhotos: true },
    })
    const f = await campaignWithPartner({
      label: '劳动创造幸福',
      unification: { watermarkPhotos: false },
    })
    const photo = await uploadPhoto(301)
    const workA = await publishWork({
      subProject: a.subProject,
      title: '焊花里的青春',
      media: [photo],
    })
    await drainUntil(async () => (await copiesOf(photo)).length === 1, 'A’s labelled copy')
    await select(workA)
    const [published] = await drainUntil(
      () => a.pushes().length === 1 && a.pushes(),
      'the push to A’s partner',
    )
    expect(labelledOf(published!)).toBeDefined()

    await select(
      await publishWork({ subProject: f.subProject, title: '劳动者之歌', media: [photo] }),
    )
    await drainUntil(() => f.pushes().length === 1, 'the push to F’s partner')
    await settle()

    expect(f.pushes()[0]!.item.renditions!.map((r) => r.name)).toEqual(['original'])
    await expectLinksWork(f.pushes()[0]!)
    // A’s partner was told nothing new, and nothing it was given has gone.
    expect(a.pushes()).toHaveLength(1)
    await expectLinksWork(published!)
  }, 180_000)

  it('keeps each campaign’s intro version of a video when both campaigns have their own intro', async () => {
    const introA = await uploadVideo(1)
    const introF = await uploadVideo(2)
    const a = await campaignWithPartner({ label: '网聚职工正能量', introClip: introA })
    const f = await campaignWithPartner({ label: '最美职工', introClip: introF })
    const video = await uploadVideo(3)
    const workA = await publishWork({
      subProject: a.subProject,
      title: '数控车间的年轻人',
      media: [video],
    })
    const workF = await publishWork({
      subProject: f.subProject,
      title: '车间里的春天',
      media: [video],
    })
    await drainUntil(async () => (await copiesOf(video)).length === 2, 'both intro versions')
    await select(workA)
    await select(workF)
    await drainUntil(
      () => a.pushes().length === 1 && f.pushes().length === 1,
      'the pushes to both partners',
    )
    await settle()

    const [pushA, pushF] = [a.pushes()[0]!, f.pushes()[0]!]
    expect(labelledOf(pushA)!.href).not.toBe(labelledOf(pushF)!.href)
    await expectLinksWork(pushA)
    await expectLinksWork(pushF)
    expect([a.pushes().length, f.pushes().length]).toEqual([1, 1])
  }, 240_000)

  it('redoes only the changed campaign’s copy when its label changes, and pushes it to that campaign’s partners', async () => {
    const a = await campaignWithPartner({
      label: '匠心筑梦',
      unification: { watermarkPhotos: true },
    })
    const f = await campaignWithPartner({
      label: '技能成才',
      unification: { watermarkPhotos: true },
    })
    const photo = await uploadPhoto(302)
    const workA = await publishWork({ subProject: a.subProject, title: '钳工之星', media: [photo] })
    const workF = await publishWork({ subProject: f.subProject, title: '技能大师', media: [photo] })
    await drainUntil(async () => (await copiesOf(photo)).length === 2, 'both labelled copies')
    await select(workA)
    await select(workF)
    await drainUntil(
      () => a.pushes().length === 1 && f.pushes().length === 1,
      'the pushes to both partners',
    )

    expect(
      (await admin.patch(`/api/campaigns/${a.campaign}`, { label: '匠心筑梦新时代' })).status,
    ).toBe(200)
    const update = await drainUntil(
      () => a.pushes().find((p) => p.event === 'update'),
      'the update to A’s partner',
    )
    await settle()

    expect(labelledOf(update)!.href).not.toBe(labelledOf(a.pushes()[0]!)!.href)
    await expectLinksWork(update)
    expect((await copiesOf(photo)).map((c) => c.labelText).sort()).toEqual([
      '【匠心筑梦新时代】',
      '【技能成才】',
    ])
    // F’s partner keeps what it had: no update, every link as it was.
    expect(f.pushes().map((p) => p.event)).toEqual(['publish'])
    await expectLinksWork(f.pushes()[0]!)
  }, 180_000)

  it('removes only the campaign’s own copies when it switches the watermark off, and tells its partners', async () => {
    const a = await campaignWithPartner({
      label: '职工书屋',
      unification: { watermarkPhotos: true },
    })
    const f = await campaignWithPartner({ label: '安康杯', unification: { watermarkPhotos: true } })
    const photo = await uploadPhoto(303)
    const workA = await publishWork({ subProject: a.subProject, title: '书香车间', media: [photo] })
    const workF = await publishWork({
      subProject: f.subProject,
      title: '安全生产月',
      media: [photo],
    })
    await drainUntil(async () => (await copiesOf(photo)).length === 2, 'both labelled copies')
    await select(workA)
    await select(workF)
    await drainUntil(
      () => a.pushes().length === 1 && f.pushes().length === 1,
      'the pushes to both partners',
    )

    expect(
      (
        await admin.patch(`/api/campaigns/${a.campaign}`, {
          unification: { watermarkPhotos: false },
        })
      ).status,
    ).toBe(200)
    const update = await drainUntil(
      () => a.pushes().find((p) => p.event === 'update'),
      'the update to A’s partner',
    )
    await settle()

    expect(update.item.renditions!.map((r) => r.name)).toEqual(['original'])
    await expectLinksWork(update)
    expect((await copiesOf(photo)).map((c) => c.labelText)).toEqual(['【安康杯】'])
    expect(f.pushes().map((p) => p.event)).toEqual(['publish'])
    await expectLinksWork(f.pushes()[0]!)
  }, 180_000)

  it('leaves campaign A’s copy alone when the work of campaign F using the file is deleted', async () => {
    const a = await campaignWithPartner({
      label: '五一劳动奖章',
      unification: { watermarkPhotos: true },
    })
    const f = await campaignWithPartner({
      label: '工人先锋号',
      unification: { watermarkPhotos: true },
    })
    const photo = await uploadPhoto(304)
    const workA = await publishWork({
      subProject: a.subProject,
      title: '劳模工作室',
      media: [photo],
    })
    const workF = await publishWork({ subProject: f.subProject, title: '先锋班组', media: [photo] })
    await drainUntil(async () => (await copiesOf(photo)).length === 2, 'both labelled copies')
    await select(workA)
    await drainUntil(() => a.pushes().length === 1, 'the push to A’s partner')

    expect((await admin.delete(`/api/entries/${workF}`)).status).toBe(200)
    await settle()

    // F no longer uses the file: its copy goes; A’s stays, as its partner was given it.
    expect((await copiesOf(photo)).map((c) => c.labelText)).toEqual(['【五一劳动奖章】'])
    expect(a.pushes()).toHaveLength(1)
    await expectLinksWork(a.pushes()[0]!)
  }, 180_000)
})

describe('a file used by two works of one campaign', () => {
  it('has one labelled copy, the one both works link to, and keeps it when one work is deleted', async () => {
    const a = await campaignWithPartner({
      label: '百万职工技能竞赛',
      unification: { watermarkPhotos: true },
    })
    const photo = await uploadPhoto(305)
    // Saved back to back: both works ask for the copy before either job has run.
    const first = await publishWork({ subProject: a.subProject, title: '车工比武', media: [photo] })
    const second = await publishWork({
      subProject: a.subProject,
      title: '焊工比武',
      media: [photo],
    })
    await settle()
    expect(await copiesOf(photo)).toHaveLength(1)
    await select(first)
    await select(second)
    const pushes = await drainUntil(
      () => a.pushes().length === 2 && a.pushes(),
      'the pushes of both works',
    )
    expect(labelledOf(pushes[0]!)!.href).toBe(labelledOf(pushes[1]!)!.href)
    await expectLinksWork(pushes[0]!)

    expect((await admin.delete(`/api/entries/${first}`)).status).toBe(200)
    await settle()
    expect(await copiesOf(photo)).toHaveLength(1)
    await expectLinksWork(pushes[1]!)
  }, 180_000)
})
