/**
 * The media jobs with uploads on S3-compatible storage (`S3_BUCKET`, a real s3rver the test
 * starts): each reads the stored file from the bucket and writes what it makes back to it, with no
 * file on this server's disk — renditions and a video's poster, the campaign's intro in front of
 * a video, the label drawn on a photo, and the stripping of files stored before stripping existed.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Bucket } from './bucket'
import type { Booted } from '../helpers/payload'
import type { S3Server } from '../helpers/s3'

import { makeImage, makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { readExif } from '../../plugins/submission-spec/utilities/readExif'
import { streamLayout } from '../../plugins/unified-campaign/utilities/intro'
import { bootPayload, creatorOf } from '../helpers/payload'
import { startS3Server } from '../helpers/s3'
import { renditionsOf, runJobsUntil } from './jobs'
import { bucketOf, filesUnder, sha256 } from './bucket'

let s3: S3Server
let bucket: Bucket
let booted: Booted
let mediaDir: string
const ids: Record<string, number> = {}
const label = '中国梦·大国工匠篇'

beforeAll(async () => {
  s3 = await startS3Server()
  bucket = bucketOf(s3)
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-s3-jobs-'))
  booted = await bootPayload({
    name: 'storage_s3_jobs',
    env: { ...s3.env, MEDIA_DIR: mediaDir },
  })
  const { payload } = booted
  const create = creatorOf(() => payload)
  ids.linfen = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
  })
  ids.campaign = await create('campaigns', {
    name: '2016年“中国梦·大国工匠篇”',
    year: 2016,
    status: 'active',
    label,
    unification: { watermarkPhotos: true },
  })
  ids.call = await create('sub-projects', {
    campaign: ids.campaign,
    name: '大国工匠作品征集',
    kind: 'other',
    _status: 'published',
  })
})

afterAll(async () => {
  await booted?.payload.destroy()
  bucket?.destroy()
  await s3?.stop()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const upload = async (file: string, mimetype: string) => {
  const data = await fs.readFile(file)
  const doc = await booted.payload.create({
    collection: 'media',
    data: { alt: path.basename(file) },
    file: { data, mimetype, name: path.basename(file), size: data.length },
  })
  return { id: Number(doc.id), filename: doc.filename! }
}

const publish = (title: string, media: number[]) =>
  booted.payload.create({
    collection: 'entries',
    data: {
      title,
      subProject: ids.call,
      submittingUnit: ids.linfen,
      status: 'published',
      media,
    } as never,
    depth: 0,
  })

/** A rendition's object, whose bytes match its recorded checksum. */
const objectOf = async (rendition: { filename?: string | null; checksum?: string | null }) => {
  const bytes = await bucket.read(`renditions/${rendition.filename}`)
  expect(bytes, `renditions/${rendition.filename}`).not.toBeNull()
  expect(sha256(bytes!)).toBe(rendition.checksum)
  return bytes!
}

/** ffprobe's reading of bytes from the bucket (it reads files). */
const layoutOf = async (bytes: Buffer) => {
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 's3-probe-')), 'clip.mp4')
  try {
    await fs.writeFile(file, bytes)
    return await streamLayout(file)
  } finally {
    await fs.rm(path.dirname(file), { recursive: true, force: true })
  }
}

describe('the media job with uploads in the bucket', () => {
  it('makes the four sizes of a photo from its object, as objects under renditions/, without EXIF', async () => {
    const photo = await upload(
      await makeImage({
        format: 'jpeg',
        width: 1200,
        height: 800,
        exifOrientation: 6,
        hasGps: true,
      }),
      'image/jpeg',
    )
    const renditions = await runJobsUntil(
      booted.payload,
      async () => {
        const docs = await renditionsOf(booted.payload, photo.id)
        return docs.length === 4 ? docs : false
      },
      'the renditions',
    )
    for (const rendition of renditions) {
      const meta = await sharp(await objectOf(rendition)).metadata()
      expect(meta.exif, `${rendition.name} keeps no EXIF`).toBeUndefined()
      expect([meta.width, meta.height]).toEqual([
        rendition.renditionWidth,
        rendition.renditionHeight,
      ])
    }
    expect(await filesUnder(mediaDir)).toEqual([])
    // The job's update of the photo's status stored no file over the photo's own object.
    const stored = await booted.payload.findByID({ collection: 'media', id: photo.id, depth: 0 })
    expect(sha256((await bucket.read(`media/${stored.filename}`))!)).toBe(stored.sha256)
  })

  it('makes a video’s poster frame and its sizes from the object, with no file on disk', async () => {
    const video = await upload(
      await makeVideo({ seconds: 2, withSubtitles: false, size: '320x240' }),
      'video/mp4',
    )
    const renditions = await runJobsUntil(
      booted.payload,
      async () => {
        const docs = await renditionsOf(booted.payload, video.id)
        return docs.length === 5 ? docs : false
      },
      'the poster and its sizes',
    )
    const poster = renditions.find((rendition) => rendition.name === 'poster')!
    const meta = await sharp(await objectOf(poster)).metadata()
    expect([meta.width, meta.height]).toEqual([320, 240])
    const stored = await booted.payload.findByID({ collection: 'media', id: video.id, depth: 0 })
    expect(sha256((await bucket.read(`media/${stored.filename}`))!)).toBe(stored.sha256)
    expect(await filesUnder(mediaDir)).toEqual([])
  })
})

describe('the labelled copies with uploads in the bucket', () => {
  it('puts the campaign’s intro before a video, both read from the bucket, and stores the copy there', async () => {
    const intro = await upload(
      await makeVideo({ seconds: 1, withSubtitles: false, frameRate: 25, size: '64x64' }),
      'video/mp4',
    )
    await booted.payload.update({
      collection: 'campaigns',
      id: ids.campaign,
      data: { introClip: intro.id },
    })
    const work = await upload(
      await makeVideo({ seconds: 2, withSubtitles: false, frameRate: 25, size: '64x64' }),
      'video/mp4',
    )
    await publish('焊花里的青春', [work.id])
    const [copy] = await runJobsUntil(
      booted.payload,
      async () => {
        const docs = await renditionsOf(booted.payload, work.id, 'intro')
        return docs.length ? docs : false
      },
      'the intro version',
    )
    const layout = await layoutOf(await objectOf(copy!))
    // The intro's second and the work's two, within a frame at 25 fps.
    expect(Math.abs(layout.durationSeconds - 3)).toBeLessThanOrEqual(1 / 25 + 1e-6)
    expect(await filesUnder(mediaDir)).toEqual([])
  }, 180_000)

  it('draws the label on a photo read from the bucket and stores the copy there', async () => {
    const photo = await upload(
      await makeImage({ format: 'jpeg', width: 800, height: 600 }),
      'image/jpeg',
    )
    await publish('大国工匠', [photo.id])
    const [copy] = await runJobsUntil(
      booted.payload,
      async () => {
        const docs = await renditionsOf(booted.payload, photo.id, 'label')
        return docs.length ? docs : false
      },
      'the watermarked copy',
    )
    const meta = await sharp(await objectOf(copy!)).metadata()
    expect([meta.width, meta.height]).toEqual([800, 600])
    const original = (await bucket.read(`media/${photo.filename}`))!
    // The label is drawn into the copy; the stored photo is untouched.
    expect(sha256(await objectOf(copy!))).not.toBe(sha256(original))
    expect(await filesUnder(mediaDir)).toEqual([])
  }, 180_000)
})

describe('stripping a file stored before stripping existed, in the bucket', () => {
  it('replaces the object under the same name by its copy without GPS, keeps the upload under originals/, and measures it again', async () => {
    const { payload } = booted
    const located = await fs.readFile(
      await makeImage({ format: 'jpeg', width: 320, height: 240, hasGps: true }),
    )
    // As the version before stripping left it: the bytes as sent, nothing decided, no original.
    const clean = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
      .jpeg()
      .toBuffer()
    const doc = await payload.create({
      collection: 'media',
      data: { alt: 'legacy' },
      file: { data: clean, mimetype: 'image/jpeg', name: 'legacy.jpg', size: clean.length },
      context: { skipMediaProcessing: true },
    })
    await bucket.write(`media/${doc.filename}`, located, 'image/jpeg')
    await bucket.remove(`originals/${doc.filename}`)
    await payload.db.updateOne({
      collection: 'media',
      id: doc.id,
      data: { originalFile: { isKept: null, hadLocation: null, removed: null } },
      returning: false,
    })

    await payload.jobs.queue({ task: 'stripStoredMedia', input: {} })
    const stripped = await runJobsUntil(
      booted.payload,
      async () => {
        const now = await payload.findByID({ collection: 'media', id: doc.id, depth: 0 })
        return now.originalFile?.isKept === true ? now : false
      },
      'the strip job',
    )

    expect(stripped.filename).toBe(doc.filename)
    const stored = (await bucket.read(`media/${doc.filename}`))!
    expect(readExif((await sharp(stored).metadata()).exif!).hasGps).toBe(false)
    expect(stripped.sha256).toBe(sha256(stored))
    expect(stripped.filesize).toBe(stored.length)
    expect(stripped.originalFile).toMatchObject({ isKept: true, hadLocation: true })
    expect(sha256((await bucket.read(`originals/${doc.filename}`))!)).toBe(sha256(located))
    expect(await filesUnder(mediaDir)).toEqual([])
  })
})
