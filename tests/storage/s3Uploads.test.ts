/**
 * Uploads on S3-compatible storage (`S3_BUCKET`), against a real S3 server (s3rver) the test
 * starts: files land in the bucket and nowhere on this server's disk, are served through
 * Payload's file route under the same read rules, keep their SHA-256, their originals go to
 * `originals/` for staff, and deleting a document deletes its objects. A missing object answers
 * the reasoned 404.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Bucket } from './bucket'
import type { Booted } from '../helpers/payload'
import type { S3Server } from '../helpers/s3'

import { makeImage, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { readExif } from '../../plugins/submission-spec/utilities/readExif'
import { serveApp } from '../helpers/http'
import { bootPayload, creatorOf, testAdmin } from '../helpers/payload'
import { startS3Server } from '../helpers/s3'
import { renditionsOf, runJobsUntil } from './jobs'
import { bucketOf, filesUnder, sha256 } from './bucket'

let s3: S3Server
let bucket: Bucket
let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let tempDir: string
const ids: Record<string, number> = {}
const headersOf: Record<string, Record<string, string>> = { anonymous: {} }

beforeAll(async () => {
  s3 = await startS3Server()
  bucket = bucketOf(s3)
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-s3-media-'))
  // Temp files of its own, to see that none is left behind.
  tempDir = await fs.mkdtemp(`${mediaDir}-tmp-`)
  booted = await bootPayload({
    name: 'storage_s3_uploads',
    env: { ...s3.env, MEDIA_DIR: mediaDir, TMPDIR: tempDir },
  })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = creatorOf(() => payload)
  ids.linfen = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
  })
  ids.campaign = await create('campaigns', {
    name: '2020年临汾市主题活动',
    year: 2020,
    status: 'active',
  })
  ids.photoCall = await create('sub-projects', {
    campaign: ids.campaign,
    name: '网络正能量摄影作品征集',
    kind: 'photography',
    _status: 'published',
    spec: { mediaKinds: ['image'] },
  })
  const login = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(testAdmin),
  })
  headersOf.admin = {
    Authorization: `JWT ${((await login.json()) as { token: string }).token}`,
  }
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  bucket?.destroy()
  await s3?.stop()
  await removeFixtures()
  for (const dir of [mediaDir, `${mediaDir}-originals`, tempDir]) {
    await fs.rm(dir, { recursive: true, force: true })
  }
})

type UploadedDoc = {
  id: number
  filename: string
  sha256: string
  url: string
  originalFile: { isKept: boolean; hadLocation: boolean }
}

/** Uploads through Payload's own REST route, as the admin panel does. */
const uploadOverRest = async (file: string, type: string): Promise<UploadedDoc> => {
  const form = new FormData()
  const name = path.basename(file)
  form.append('file', new Blob([new Uint8Array(await fs.readFile(file))], { type }), name)
  form.append('_payload', JSON.stringify({ alt: name }))
  const res = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    headers: headersOf.admin,
    body: form,
  })
  const body = (await res.json()) as { doc: UploadedDoc }
  expect(res.status, JSON.stringify(body)).toBe(201)
  return body.doc
}

/** Temp files the upload left (not tsx's cache nor the fixtures). */
const uploadTemps = async () =>
  (await filesUnder(tempDir)).filter(
    (name) => !name.startsWith('tsx-') && !name.startsWith('submission-spec-'),
  )

const download = async (url: string, caller = 'admin') => {
  const res = await fetch(`${server.url}${url}`, { headers: headersOf[caller] })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

describe('an upload with S3_BUCKET set', () => {
  let photo: string
  let doc: UploadedDoc

  beforeAll(async () => {
    photo = await makeImage({ format: 'jpeg', width: 320, height: 240, hasGps: true })
    doc = await uploadOverRest(photo, 'image/jpeg')
  })

  it('lands in the bucket under media/, its SHA-256 that of the bytes there, and nothing under MEDIA_DIR', async () => {
    const stored = await bucket.read(`media/${doc.filename}`)
    expect(stored).not.toBeNull()
    expect(doc.sha256).toBe(sha256(stored!))
    // The public copy lost its GPS on the way in.
    const exif = (await sharp(stored!).metadata()).exif
    expect(exif ? readExif(exif).hasGps : false).toBe(false)
    expect(await filesUnder(mediaDir)).toEqual([])
    expect(await filesUnder(`${mediaDir}-originals`)).toEqual([])
    // The link has the same shape as on disk: Payload's file route, no storage prefix.
    expect(doc.url).toBe(`/api/media/file/${doc.filename}`)
  })

  it('keeps the untouched original as a private object under originals/, which only staff download', async () => {
    const uploaded = await fs.readFile(photo)
    expect(doc.originalFile).toMatchObject({ isKept: true, hadLocation: true })
    expect(sha256((await bucket.read(`originals/${doc.filename}`))!)).toBe(sha256(uploaded))

    const original = await download(`/api/media/${doc.id}/original`)
    expect(original.status).toBe(200)
    expect(sha256(original.bytes)).toBe(sha256(uploaded))
    expect(original.headers.get('cache-control')).toBe('private, no-store')
    expect((await download(`/api/media/${doc.id}/original`, 'anonymous')).status).toBe(401)
  })

  it('is served from the bucket at /api/media/file/<name>, under the read rules: the admin reads it, anonymous is refused while it is private', async () => {
    const served = await download(`/api/media/file/${doc.filename}`)
    expect(served.status).toBe(200)
    expect(sha256(served.bytes)).toBe(doc.sha256)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await download(`/api/media/file/${doc.filename}`, 'anonymous')).status).toBe(403)
  })

  it('is served to anonymous once a published work uses it', async () => {
    await booted.payload.create({
      collection: 'entries',
      data: {
        title: '车间里的正能量',
        subProject: ids.photoCall,
        submittingUnit: ids.linfen,
        status: 'published',
        media: [doc.id],
      } as never,
      depth: 0,
    })
    const served = await download(`/api/media/file/${doc.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    expect(sha256(served.bytes)).toBe(doc.sha256)
  })
})

describe('where an object lies', () => {
  it('is the storage’s alone: a prefix sent with an upload is ignored, and the link keeps its shape', async () => {
    const file = await makeImage({ format: 'jpeg', width: 48, height: 48 })
    const form = new FormData()
    form.append(
      'file',
      new Blob([new Uint8Array(await fs.readFile(file))], { type: 'image/jpeg' }),
      'moved.jpg',
    )
    form.append(
      '_payload',
      JSON.stringify({ alt: '挪走', prefix: 'elsewhere', _objectKey: 'moved' }),
    )
    const res = await fetch(`${server.url}/api/media`, {
      method: 'POST',
      headers: headersOf.admin,
      body: form,
    })
    const body = (await res.json()) as {
      doc: UploadedDoc & { prefix: string; _objectKey?: string | null }
    }
    expect(res.status, JSON.stringify(body)).toBe(201)
    expect(body.doc.prefix).toBe('')
    expect(body.doc._objectKey ?? null).toBeNull()
    expect(body.doc.url).toBe(`/api/media/file/${body.doc.filename}`)
    expect(sha256((await bucket.read(`media/${body.doc.filename}`))!)).toBe(body.doc.sha256)
    expect(await bucket.keys('media/elsewhere')).toEqual([])
  })
})

describe('a public submission with S3_BUCKET set (the upload streamed to a temp file)', () => {
  it('stores the stripped copy in the bucket and the original under originals/, leaving no temp file', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 64, height: 48, hasGps: true })
    const form = new FormData()
    for (const [key, value] of Object.entries({
      subProject: String(ids.photoCall),
      submittingUnit: String(ids.linfen),
      title: '焊花',
      authorName: '张师傅',
    })) {
      form.append(key, value)
    }
    form.append(
      'file',
      new Blob([new Uint8Array(await fs.readFile(photo))], { type: 'image/jpeg' }),
      'weld.jpg',
    )
    const res = await fetch(`${server.url}/api/entries/submit`, { method: 'POST', body: form })
    const body = (await res.json()) as { entry: { id: number } }
    expect(res.status, JSON.stringify(body)).toBe(201)
    const entry = await booted.payload.findByID({
      collection: 'entries',
      id: body.entry.id,
      depth: 1,
    })
    const media = (entry.media as { filename: string; sha256: string }[])[0]!
    expect(sha256((await bucket.read(`media/${media.filename}`))!)).toBe(media.sha256)
    expect(sha256((await bucket.read(`originals/${media.filename}`))!)).toBe(
      sha256(await fs.readFile(photo)),
    )
    expect(await filesUnder(mediaDir)).toEqual([])
    expect(await uploadTemps()).toEqual([])
  })
})

describe('a file whose object is gone from the bucket', () => {
  it('answers 404 with the reason, in Chinese and English, at its media and rendition links', async () => {
    const doc = await uploadOverRest(
      await makeImage({ format: 'jpeg', width: 200, height: 150 }),
      'image/jpeg',
    )
    const [thumbnail] = await runJobsUntil(
      booted.payload,
      async () => {
        const docs = await renditionsOf(booted.payload, doc.id)
        return docs.length === 4
          ? docs.filter((rendition) => rendition.name === 'thumbnail')
          : false
      },
      'the renditions',
    )
    await bucket.remove(`media/${doc.filename}`)
    await bucket.remove(`renditions/${thumbnail!.filename}`)
    for (const url of [`/api/media/file/${doc.filename}`, thumbnail!.url!]) {
      const { status, bytes } = await download(url)
      expect(status, url).toBe(404)
      const name = url.split('/').at(-1)
      expect(JSON.parse(bytes.toString())).toEqual({
        errors: [
          { message: `文件不存在或已删除：${name} / no such file, or it was deleted: ${name}` },
        ],
      })
    }
  })
})

describe('deleting an upload with S3_BUCKET set', () => {
  it('deletes its object, its original and its renditions’ objects from the bucket', async () => {
    const doc = await uploadOverRest(
      await makeImage({ format: 'jpeg', width: 400, height: 300, hasGps: true }),
      'image/jpeg',
    )
    const renditions = await runJobsUntil(
      booted.payload,
      async () => {
        const docs = await renditionsOf(booted.payload, doc.id)
        return docs.length === 4 ? docs : false
      },
      'the renditions',
    )
    const keys = [
      `media/${doc.filename}`,
      `originals/${doc.filename}`,
      ...renditions.map((rendition) => `renditions/${rendition.filename}`),
    ]
    expect(await bucket.keys()).toEqual(expect.arrayContaining(keys))

    const res = await fetch(`${server.url}/api/media/${doc.id}`, {
      method: 'DELETE',
      headers: headersOf.admin,
    })
    expect(res.status).toBe(200)
    const left = await bucket.keys()
    expect(left.filter((key) => keys.includes(key))).toEqual([])
  })
})
