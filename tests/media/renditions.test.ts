import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { makeImage, makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'
import { waitUntil } from '../helpers/wait'

let booted: Booted
let mediaDir: string

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-renditions-'))
  booted = await bootPayload({ name: 'media_renditions', env: { MEDIA_DIR: mediaDir } })
})

afterAll(async () => {
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const upload = async (filePath: string, mimetype: string) => {
  const data = await fs.readFile(filePath)
  const doc = await booted.payload.create({
    collection: 'media',
    data: { alt: path.basename(filePath) },
    file: { data, mimetype, name: path.basename(filePath), size: data.length },
  })
  return { id: Number(doc.id), filename: doc.filename!, checksum: createHash('sha256').update(data).digest('hex') }
}

const renditionsOf = async (mediaId: number) =>
  (await booted.payload.find({ collection: 'renditions', where: { original: { equals: mediaId } }, depth: 0, limit: 0 })).docs

/** Runs the queue until `check` holds: the job runner, as the app's cron would. */
const runJobsUntil = <T>(check: () => Promise<T | undefined | false>) =>
  waitUntil(
    async () => {
      await booted.payload.jobs.run({ allQueues: true })
      return check()
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'the media job' },
  )

describe('renditions made by the background job', () => {
  it('makes the four image sizes of a photo, upright and without EXIF, and keeps the uploaded original untouched for staff', async () => {
    // A phone photo stored sideways with orientation 6 (rotate 90°) and GPS in its EXIF.
    const photo = await makeImage({ format: 'jpeg', width: 1200, height: 800, exifOrientation: 6, hasGps: true })
    const original = await upload(photo, 'image/jpeg')
    expect((await booted.payload.findByID({ collection: 'media', id: original.id })).processing?.status).toBe('pending')

    const renditions = await runJobsUntil(async () => {
      const docs = await renditionsOf(original.id)
      return docs.length === 4 ? docs : undefined
    })
    const sizes = Object.fromEntries(renditions.map((r) => [r.name, [r.renditionWidth, r.renditionHeight]]))
    expect(sizes).toEqual({ thumbnail: [300, 300], card: [768, 432], 'wechat-cover': [900, 383], weibo: [980, 560] })

    for (const rendition of renditions) {
      const meta = await sharp(path.join(mediaDir, 'renditions', rendition.filename!)).metadata()
      expect(meta.exif, `${rendition.name} keeps no EXIF`).toBeUndefined()
      expect(meta.xmp, `${rendition.name} keeps no XMP`).toBeUndefined()
      expect(meta.orientation ?? 1).toBe(1)
    }
    const media = await booted.payload.findByID({ collection: 'media', id: original.id })
    expect(media.processing?.status).toBe('done')
    expect(media.thumbnailURL).toContain('thumbnail')
    // The public file lost its GPS; the upload itself is kept byte for byte beside the media folder.
    const kept = await fs.readFile(path.join(`${mediaDir}-originals`, original.filename))
    expect(createHash('sha256').update(kept).digest('hex')).toBe(original.checksum)
    expect(media.originalFile).toMatchObject({ isKept: true, hadLocation: true })
  })

  it('applies the EXIF orientation: a sideways landscape photo becomes a portrait card source', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 600, height: 300, exifOrientation: 6 })
    const original = await upload(photo, 'image/jpeg')
    const probe = (await booted.payload.findByID({ collection: 'media', id: original.id })).probe as { width: number; height: number }
    // As displayed: the 600×300 pixels turned a quarter.
    expect([probe.width, probe.height]).toEqual([300, 600])
  })

  it('makes a poster frame of a video and the image sizes of that frame', async () => {
    const video = await makeVideo({ seconds: 2, withSubtitles: false, size: '320x240' })
    const original = await upload(video, 'video/mp4')
    const renditions = await runJobsUntil(async () => {
      const docs = await renditionsOf(original.id)
      return docs.length === 5 ? docs : undefined
    })
    const poster = renditions.find((r) => r.name === 'poster')!
    expect([poster.renditionWidth, poster.renditionHeight]).toEqual([320, 240])
    expect(poster.checksum).toMatch(/^[0-9a-f]{64}$/)
  })

  it('retries a failing job and shows the failure to admins in the jobs list and on the media', async () => {
    const photo = await makeImage({ format: 'png', width: 64, height: 64 })
    const original = await upload(photo, 'image/png')
    // The original disappears from disk before the job runs.
    await fs.rm(path.join(mediaDir, original.filename))

    const job = await runJobsUntil(async () => {
      const { docs } = await booted.payload.find({
        collection: 'payload-jobs',
        where: { and: [{ taskSlug: { equals: 'processMedia' } }, { hasError: { equals: true } }] },
        limit: 1,
      })
      return docs[0]
    })
    expect(job.totalTried).toBeGreaterThan(1)
    const media = await booted.payload.findByID({ collection: 'media', id: original.id })
    expect(media.processing).toMatchObject({ status: 'failed' })
    expect(media.processing?.error).toBeTruthy()

    const server = await serveApp({ payload: () => booted.payload, config: booted.config })
    try {
      const admin = await apiClient(server.url)
      const { body } = await admin.get('/api/payload-jobs?where[hasError][equals]=true')
      expect(body.totalDocs).toBeGreaterThan(0)
      expect(JSON.stringify(body.docs[0].log)).toContain('processMedia')
    } finally {
      await server.close()
    }
  }, 120_000)
})

describe('deleting an upload', () => {
  it('takes its renditions and their files with it, over REST', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 400, height: 300 })
    const original = await upload(photo, 'image/jpeg')
    const renditions = await runJobsUntil(async () => {
      const docs = await renditionsOf(original.id)
      return docs.length === 4 ? docs : undefined
    })
    const http = await serveApp({ payload: () => booted.payload, config: booted.config })
    try {
      const admin = await apiClient(http.url)
      const { status } = await admin.delete(`/api/media/${original.id}`)
      expect(status).toBe(200)
      expect(await renditionsOf(original.id)).toEqual([])
      for (const rendition of renditions) {
        await expect(fs.stat(path.join(mediaDir, 'renditions', rendition.filename!))).rejects.toThrow()
      }
    } finally {
      await http.close()
    }
  })
})
