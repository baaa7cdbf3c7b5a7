import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'
import { waitUntil } from '../helpers/wait'

/**
 * Who may read a file must not depend on the order in which concurrent writes commit. Each case
 * holds the media row locked from a connection of its own, lets the concurrent requests queue up
 * behind it (each in its own transaction, through REST), then lets them go one after another:
 * whatever committed last, a file of works that were all taken down is private.
 */

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let adminHeaders: Record<string, string>
const ids: Record<string, number> = {}

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-usage-races-'))
  booted = await bootPayload({ name: 'media_usage_races', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number((await payload.create({ collection: collection as 'organizers', data: data as never, depth: 0 })).id)
  ids.linfen = await create('organizers', { name: '临汾市总工会', kind: 'federation', level: 'city' })
  ids.huozhou = await create('organizers', { name: '霍州市总工会', kind: 'federation', level: 'county', parent: ids.linfen })
  ids.campaign = await create('campaigns', { name: '2020年临汾市主题活动', year: 2020, status: 'active', hosts: [ids.linfen] })
  ids.call = await create('sub-projects', { campaign: ids.campaign, name: '网络正能量摄影作品征集', kind: 'photography', _status: 'published' })
  const login = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(testAdmin) })
  adminHeaders = { Authorization: `JWT ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' }
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const photo = async (alt: string) => {
  const data = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } }).jpeg().toBuffer()
  const doc = await booted.payload.create({
    collection: 'media',
    data: { alt },
    file: { data, mimetype: 'image/jpeg', name: `${alt}.jpg`, size: data.length },
    context: { skipMediaProcessing: true },
  })
  return Number(doc.id)
}

const publishedWork = (title: string, mediaId: number) =>
  booted.payload.create({
    collection: 'entries',
    // Selected (精品) and pushed: taking it back (撤稿) cancels it everywhere.
    data: { title, subProject: ids.call, submittingUnit: ids.huozhou, status: 'published', bestWork: { status: 'selected' }, media: [mediaId] } as never,
    depth: 0,
  })

/** Taking a selected work back (撤稿): it stays published in the office, its pushes are canceled. */
const takeDown = { bestWork: { status: 'recommended' } }

const anonymousStatus = async (mediaId: number) => (await fetch(`${server.url}/api/media/${mediaId}?depth=0`)).status

/** Sends a PATCH as the admin and reads its answer. */
const patch = async (url: string, data: unknown) => {
  const res = await fetch(`${server.url}${url}`, { method: 'PATCH', headers: adminHeaders, body: JSON.stringify(data) })
  return { status: res.status, body: (await res.json()) as unknown }
}

/**
 * Locks the media row from a connection of its own, runs `start` for each request in turn once
 * the ones before it are waiting on a lock, then releases the row and waits for all of them.
 */
const queuedBehindLockedMedia = async (mediaId: number, starts: (() => Promise<{ status: number; body: unknown }>)[]) => {
  const holder = new pg.Client({ connectionString: booted.databaseUrl })
  const observer = new pg.Client({ connectionString: booted.databaseUrl })
  await holder.connect()
  await observer.connect()
  try {
    await holder.query('begin')
    await holder.query('select id from media where id = $1 for update', [mediaId])
    const waiting = async () =>
      Number(
        (
          await observer.query<{ count: string }>(
            `select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and state = 'active'`,
          )
        ).rows[0]!.count,
      )
    const running: Promise<{ status: number; body: unknown }>[] = []
    for (const start of starts) {
      running.push(start())
      const expected = running.length
      await waitUntil(async () => (await waiting()) >= expected, { timeoutMs: 20_000, intervalMs: 50, what: `${expected} request(s) waiting on the locked media row` })
    }
    await holder.query('commit')
    return await Promise.all(running)
  } finally {
    await holder.end()
    await observer.end()
  }
}

describe('a file used by two works taken down at the same time', () => {
  it('is private once both take-downs have committed, whichever committed last', async () => {
    const mediaId = await photo('shared')
    const first = await publishedWork('霍州市：劳动者之歌', mediaId)
    const second = await publishedWork('霍州市：劳动者之歌（转载）', mediaId)
    expect(await anonymousStatus(mediaId)).toBe(200)

    const results = await queuedBehindLockedMedia(mediaId, [
      () => patch(`/api/entries/${first.id}`, takeDown),
      () => patch(`/api/entries/${second.id}`, takeDown),
    ])
    expect(results.map((result) => result.status)).toEqual([200, 200])
    expect(await anonymousStatus(mediaId)).toBe(404)
  })
})

describe('a file whose alt text is saved while its work changes', () => {
  it.each([
    { change: 'taken down', isPublishedBefore: true, data: takeDown, expected: 404 },
    { change: 'published', isPublishedBefore: false, data: { status: 'published' }, expected: 200 },
  ])('follows its work when it is $change meanwhile: the save writes back no publicity it read before', async ({ isPublishedBefore, data, expected }) => {
    const mediaId = await photo(`alt-${expected}`)
    const work = await booted.payload.create({
      collection: 'entries',
      data: {
        title: '霍州市：战疫一线',
        subProject: ids.call,
        submittingUnit: ids.huozhou,
        status: isPublishedBefore ? 'published' : 'reported',
        ...(isPublishedBefore ? { bestWork: { status: 'selected' } } : {}),
        media: [mediaId],
      } as never,
      depth: 0,
    })
    expect(await anonymousStatus(mediaId)).toBe(isPublishedBefore ? 200 : 404)

    const results = await queuedBehindLockedMedia(mediaId, [
      () => patch(`/api/entries/${work.id}`, data),
      () => patch(`/api/media/${mediaId}`, { alt: '战疫一线的护士' }),
    ])
    expect(results.map((result) => result.status)).toEqual([200, 200])
    expect(await anonymousStatus(mediaId)).toBe(expected)
  })
})
