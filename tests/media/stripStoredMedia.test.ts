import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { makeImage, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { readExif } from '../../plugins/submission-spec/utilities/readExif'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

/**
 * The `stripStoredMedia` job on files stored before uploads were stripped: it goes through all
 * of them once, however many cannot be stripped; those stay private and say why to the office;
 * and a download already under way when the job replaces a file gets the file it started on.
 */

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
const ids: Record<string, number> = {}

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-strip-stored-'))
  booted = await bootPayload({ name: 'media_strip_stored', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number((await payload.create({ collection: collection as 'organizers', data: data as never, depth: 0 })).id)
  ids.linfen = await create('organizers', { name: '临汾市总工会', kind: 'federation', level: 'city' })
  ids.campaign = await create('campaigns', { name: '2020年临汾市主题活动', year: 2020, status: 'active', hosts: [ids.linfen] })
  ids.call = await create('sub-projects', { campaign: ids.campaign, name: '网络正能量摄影作品征集', kind: 'photography', _status: 'published' })
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * A published work's photo as the version before stripping left it: `bytes` on disk as sent,
 * nothing decided about it (`originalFile` empty), no original kept apart.
 */
const legacyPhoto = async (name: string, bytes: Buffer) => {
  const { payload } = booted
  const good = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).jpeg().toBuffer()
  const doc = await payload.create({
    collection: 'media',
    data: { alt: name },
    file: { data: good, mimetype: 'image/jpeg', name: `${name}.jpg`, size: good.length },
    context: { skipMediaProcessing: true },
  })
  await fs.writeFile(path.join(mediaDir, doc.filename!), bytes)
  await fs.rm(path.join(`${mediaDir}-originals`, doc.filename!), { force: true })
  await payload.db.updateOne({ collection: 'media', id: doc.id, data: { originalFile: { isKept: null, hadLocation: null, removed: null } }, returning: false })
  await payload.create({
    collection: 'entries',
    data: { title: `作品 ${name}`, subProject: ids.call, submittingUnit: ids.linfen, status: 'published', media: [doc.id] } as never,
    depth: 0,
  })
  return { id: Number(doc.id), filename: doc.filename! }
}

/** Runs queued strip jobs until none is left; the number of runs it took, or Infinity past `maxRuns`. */
const runStripJobsToTheEnd = async (maxRuns: number) => {
  const { payload } = booted
  const pending = async () =>
    (
      await payload.count({
        collection: 'payload-jobs',
        where: { and: [{ taskSlug: { equals: 'stripStoredMedia' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
      })
    ).totalDocs
  for (let run = 1; run <= maxRuns; run += 1) {
    await payload.jobs.run({ allQueues: true, where: { taskSlug: { equals: 'stripStoredMedia' } } })
    if (!(await pending())) {
      return run
    }
  }
  return Infinity
}

describe('stripping files stored before stripping existed', () => {
  it('goes through every file once though 21 cannot be stripped: those stay private and show why, the file after them is stripped', async () => {
    const broken: { id: number; filename: string }[] = []
    for (let index = 0; index < 21; index += 1) {
      // A JPEG's first bytes, then nothing a reader can use.
      broken.push(await legacyPhoto(`broken-${index}`, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), Buffer.alloc(64, 0x5a)])))
    }
    const located = await fs.readFile(await makeImage({ format: 'jpeg', width: 64, height: 48, hasGps: true }))
    const last = await legacyPhoto('last-with-gps', located)

    await booted.payload.jobs.queue({ task: 'stripStoredMedia', input: {} as never })
    // 22 files, 20 a run: two runs, a third at most if the last page comes out empty.
    expect(await runStripJobsToTheEnd(5)).toBeLessThanOrEqual(3)

    const served = await fetch(`${server.url}/api/media/file/${last.filename}`)
    expect(served.status).toBe(200)
    expect(readExif((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).exif!).hasGps).toBe(false)

    const admin = await apiClient(server.url)
    for (const file of broken) {
      expect((await fetch(`${server.url}/api/media/file/${file.filename}`)).status, file.filename).toBe(403)
      const { body } = await admin.get(`/api/media/${file.id}?depth=0`)
      expect(body.originalFile.isKept ?? null).toBeNull()
      expect(Date.parse(body.originalFile.stripFailedAt)).not.toBeNaN()
      expect(body.originalFile.stripError).toMatch(/ \/ /)
    }
  })

  it('replaces a file by renaming its stripped copy over it: a download already under way gets the whole file it started on', async () => {
    const located = await fs.readFile(await makeImage({ format: 'jpeg', width: 320, height: 240, hasGps: true }))
    const photo = await legacyPhoto('being-downloaded', located)
    const reading = await fs.open(path.join(mediaDir, photo.filename), 'r')
    try {
      await booted.payload.jobs.queue({ task: 'stripStoredMedia', input: {} as never })
      expect(await runStripJobsToTheEnd(3)).toBeLessThanOrEqual(2)
      expect(sha256(await reading.readFile())).toBe(sha256(located))
    } finally {
      await reading.close()
    }
    const now = await fs.readFile(path.join(mediaDir, photo.filename))
    expect(readExif((await sharp(now).metadata()).exif!).hasGps).toBe(false)
    // Nothing of the job is left beside the stored files.
    expect((await fs.readdir(mediaDir)).filter((name) => name.startsWith('.'))).toEqual([])
  })
})
