import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { makeAudio, makeImage, makePolyglot, makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { readExif } from '../../plugins/submission-spec/utilities/readExif'
import { runTool } from '../../plugins/shared/runTool'
import { mediaTools } from '../../plugins/shared/tools'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

/**
 * What is served at a file's public URL carries no location (EXIF GPS, MP4/MOV location tags);
 * the upload itself is kept for staff. Every file is served with `nosniff`, and anything that is
 * not a picture, video or sound as a download.
 */

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let tempDir: string | undefined
const ids: Record<string, number> = {}
const headersOf: Record<string, Record<string, string>> = { anonymous: {} }
const password = 'public-copies-password-1'

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-public-copies-'))
  // Temp files of its own: the submission tests beside it count theirs in the shared temp folder.
  tempDir = await fs.mkdtemp(`${mediaDir}-tmp-`)
  booted = await bootPayload({ name: 'media_public_copies', env: { MEDIA_DIR: mediaDir, TMPDIR: tempDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number((await payload.create({ collection: collection as 'organizers', data: data as never, depth: 0 })).id)
  ids.linfen = await create('organizers', { name: '临汾市总工会', kind: 'federation', level: 'city' })
  ids.yaodu = await create('organizers', { name: '尧都区总工会', kind: 'federation', level: 'county', parent: ids.linfen })
  ids.shanghai = await create('organizers', { name: '上海市总工会', kind: 'federation', level: 'provincial' })
  ids.campaign = await create('campaigns', { name: '2020年临汾市主题活动', year: 2020, status: 'active', hosts: [ids.linfen] })
  ids.photoCall = await create('sub-projects', { campaign: ids.campaign, name: '网络正能量摄影作品征集', kind: 'photography', _status: 'published', spec: { mediaKinds: ['image'] } })
  ids.anyCall = await create('sub-projects', { campaign: ids.campaign, name: '网络正能量作品征集', kind: 'other', _status: 'published' })
  const login = async (key: string, credentials: { email: string; password: string }) => {
    const res = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) })
    headersOf[key] = { Authorization: `JWT ${((await res.json()) as { token: string }).token}` }
  }
  for (const [key, role, organizer] of [
    ['cityEditor', 'unit-editor', ids.linfen],
    ['shanghaiEditor', 'unit-editor', ids.shanghai],
  ] as const) {
    await create('users', { email: `${key}@media.test`, password, role, organizer, name: key })
    await login(key, { email: `${key}@media.test`, password })
  }
  await login('admin', testAdmin)
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
  if (tempDir) {
    await fs.rm(tempDir, { recursive: true, force: true })
  }
})

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Uploads through Payload's own REST route, as the admin panel does. */
const uploadAs = async (role: string, file: string, type: string, name = path.basename(file)) => {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await fs.readFile(file))], { type }), name)
  form.append('_payload', JSON.stringify({ alt: name }))
  const res = await fetch(`${server.url}/api/media`, { method: 'POST', headers: headersOf[role], body: form })
  const body = (await res.json()) as { doc: { id: number; filename: string; sha256: string; mimeType: string; originalFile: { hadLocation: boolean; isKept: boolean } } }
  expect(res.status, JSON.stringify(body)).toBe(201)
  return body.doc
}

const download = async (url: string, role = 'admin') => {
  const res = await fetch(`${server.url}${url}`, { headers: headersOf[role] })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** Publishes a file the way the public sees it: as the photo of a published work. */
const publish = (mediaId: number) =>
  booted.payload.create({ collection: 'entries', data: { title: `作品 ${mediaId}`, subProject: ids.anyCall, submittingUnit: ids.yaodu, status: 'published', media: [mediaId] } as never })

const formatTags = async (bytes: Buffer, ext: string) => {
  const file = path.join(os.tmpdir(), `probe-test-${Date.now()}-${Math.random().toString(16).slice(2)}.${ext}`)
  await fs.writeFile(file, bytes)
  try {
    const { ffprobe } = await mediaTools()
    const { stdout } = await runTool({ command: ffprobe, args: ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file] })
    const output = JSON.parse(stdout) as { format: { tags?: Record<string, string>; duration: string }; streams: { tags?: Record<string, string> }[] }
    return { tags: JSON.stringify([output.format.tags, ...output.streams.map((stream) => stream.tags)]), duration: Number(output.format.duration) }
  } finally {
    await fs.rm(file, { force: true })
  }
}

describe('the public copy of a photo with GPS', () => {
  it('is served without the position, its SHA-256 is of the served bytes, and the original with GPS goes to staff only', async () => {
    const file = await makeImage({ format: 'jpeg', width: 320, height: 240, hasGps: true, camera: { make: 'HUAWEI', model: 'P40' } })
    const uploaded = await fs.readFile(file)
    const doc = await uploadAs('cityEditor', file, 'image/jpeg')
    expect(doc.originalFile).toMatchObject({ hadLocation: true, isKept: true })
    await publish(doc.id)

    const served = await download(`/api/media/file/${doc.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    const exif = (await sharp(served.bytes).metadata()).exif
    expect(exif ? readExif(exif) : {}).not.toMatchObject({ hasGps: true })
    expect(exif ? readExif(exif).make : undefined).toBeUndefined()
    expect(doc.sha256).toBe(sha256(served.bytes))

    const original = await download(`/api/media/${doc.id}/original`, 'cityEditor')
    expect(original.status).toBe(200)
    expect(sha256(original.bytes)).toBe(sha256(uploaded))
    expect(readExif((await sharp(original.bytes).metadata()).exif!).hasGps).toBe(true)
    expect(original.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(original.headers.get('cache-control')).toBe('private, no-store')
  })

  it('names the download of an original by its file name, encoded as RFC 5987 asks (quotes and brackets too)', async () => {
    const name = "张师傅's photo (1).jpg"
    const doc = await uploadAs('cityEditor', await makeImage({ format: 'jpeg', width: 16, height: 16, hasGps: true }), 'image/jpeg', name)
    const original = await download(`/api/media/${doc.id}/original`, 'cityEditor')
    const disposition = original.headers.get('content-disposition')!
    // attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~", the rest %-encoded.
    const [, encoded] = /^attachment; filename\*=UTF-8''(.*)$/.exec(disposition)!
    expect(encoded).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/)
    expect(decodeURIComponent(encoded!)).toBe(doc.filename)
  })

  it.each([
    ['anonymous', 401],
    ['shanghaiEditor', 404],
  ])('refuses the original to %s (%s), though the public copy is published', async (role, status) => {
    const doc = await uploadAs('cityEditor', await makeImage({ format: 'jpeg', width: 64, height: 64, hasGps: true }), 'image/jpeg')
    await publish(doc.id)
    expect((await download(`/api/media/file/${doc.filename}`, role)).status).toBe(200)
    const original = await download(`/api/media/${doc.id}/original`, role)
    expect(original.status).toBe(status)
    expect(original.bytes.toString('utf8')).toMatch(/只有工作人员|没有可下载/)
  })

  it('strips a work submitted through the public endpoint before anyone can fetch it', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 200, height: 150, hasGps: true })
    const form = new FormData()
    for (const [key, value] of Object.entries({ subProject: String(ids.photoCall), submittingUnit: String(ids.yaodu), title: '晨光里的焊花', authorName: '张师傅' })) {
      form.append(key, value)
    }
    form.append('file', new Blob([new Uint8Array(await fs.readFile(photo))], { type: 'image/jpeg' }), 'weld.jpg')
    const res = await fetch(`${server.url}/api/entries/submit`, { method: 'POST', body: form })
    expect(res.status).toBe(201)
    const { entry } = (await res.json()) as { entry: { id: number } }
    const saved = await booted.payload.findByID({ collection: 'entries', id: entry.id, depth: 1 })
    const media = saved.media![0] as { id: number; filename: string; sha256: string }
    // Not public until the work is published…
    expect((await download(`/api/media/file/${media.filename}`, 'anonymous')).status).toBe(403)
    await booted.payload.update({ collection: 'entries', id: entry.id, data: { status: 'published' } })
    // …and then without its position.
    const served = await download(`/api/media/file/${media.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    const exif = (await sharp(served.bytes).metadata()).exif
    expect(exif ? readExif(exif).hasGps : false).toBe(false)
    expect(media.sha256).toBe(sha256(served.bytes))
  })
})

describe('files stored before stripping existed', () => {
  it('stay private until the stripStoredMedia job has replaced them with a copy without GPS', async () => {
    const { payload } = booted
    const file = await makeImage({ format: 'jpeg', width: 120, height: 90, hasGps: true })
    const uploaded = await fs.readFile(file)
    const doc = await payload.create({ collection: 'media', data: { alt: '旧照片' }, file: { data: uploaded, mimetype: 'image/jpeg', name: 'legacy.jpg', size: uploaded.length } })
    // As an upload of the previous version left it: the file as sent, nothing decided about it.
    await fs.writeFile(path.join(mediaDir, doc.filename!), uploaded)
    await fs.rm(path.join(`${mediaDir}-originals`, doc.filename!), { force: true })
    await payload.db.updateOne({ collection: 'media', id: doc.id, data: { originalFile: { isKept: null, hadLocation: null, removed: null }, sha256: null }, returning: false })
    await publish(Number(doc.id))
    expect((await download(`/api/media/file/${doc.filename}`, 'anonymous')).status).toBe(403)

    await payload.jobs.queue({ task: 'stripStoredMedia', input: {} as never })
    await payload.jobs.run({ allQueues: true, where: { taskSlug: { equals: 'stripStoredMedia' } } })

    const served = await download(`/api/media/file/${doc.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    expect(readExif((await sharp(served.bytes).metadata()).exif!).hasGps).toBe(false)
    const checked = await payload.findByID({ collection: 'media', id: doc.id, depth: 0 })
    expect(checked.sha256).toBe(sha256(served.bytes))
    expect(checked.originalFile).toMatchObject({ isKept: true, hadLocation: true })
    expect(sha256((await download(`/api/media/${doc.id}/original`)).bytes)).toBe(sha256(uploaded))
  })
})

describe('the public copy of a video with a location', () => {
  it.each(['mp4', 'mov'] as const)('serves an %s without its location tag, streams copied, and keeps the tagged original for staff', async (container) => {
    const file = await makeVideo({ seconds: 2, withSubtitles: false, container, location: '+39.9042+116.4074/' })
    const doc = await uploadAs('admin', file, container === 'mp4' ? 'video/mp4' : 'video/quicktime')
    expect(doc.originalFile).toMatchObject({ hadLocation: true, isKept: true })
    await publish(doc.id)

    const served = await download(`/api/media/file/${doc.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    const publicCopy = await formatTags(served.bytes, container)
    expect(publicCopy.tags).not.toMatch(/39\.9042|location/i)
    expect(publicCopy.duration).toBeCloseTo(2, 0)
    expect(doc.sha256).toBe(sha256(served.bytes))

    const original = await download(`/api/media/${doc.id}/original`)
    expect(sha256(original.bytes)).toBe(sha256(await fs.readFile(file)))
    expect((await formatTags(original.bytes, container)).tags).toContain('+39.9042+116.4074')
  })
})

describe('the public copy of a song with cover art', () => {
  it.each([
    ['mp3', 'audio/mpeg'],
    ['m4a', 'audio/mp4'],
  ] as const)('serves an %s without the cover, whose EXIF held a GPS position, and keeps it in the original for staff', async (format, type) => {
    const file = await makeAudio({ seconds: 1, format, hasCoverWithGps: true })
    const doc = await uploadAs('admin', file, type)
    expect(doc.originalFile).toMatchObject({ hadLocation: true, isKept: true })
    await publish(doc.id)

    const served = await download(`/api/media/file/${doc.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    expect(served.bytes.toString('latin1')).not.toContain('Exif')
    expect(doc.sha256).toBe(sha256(served.bytes))
    const original = await download(`/api/media/${doc.id}/original`)
    expect(sha256(original.bytes)).toBe(sha256(await fs.readFile(file)))
  })
})

describe('headers of served files', () => {
  it('stores a JPEG/HTML polyglot as a JPEG and serves it with nosniff, so no browser runs its script', async () => {
    const doc = await uploadAs('admin', await makePolyglot(), 'text/html', 'poster.jpg')
    expect(doc.mimeType).toBe('image/jpeg')
    await publish(doc.id)
    const served = await download(`/api/media/file/${doc.filename}`, 'anonymous')
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-disposition')).toBeNull()
  })

  it('sends a PDF as a download, with nosniff', async () => {
    const pdf = path.join(os.tmpdir(), `notice-${Date.now()}.pdf`)
    await fs.writeFile(pdf, '%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\nxref\n0 2\ntrailer<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n')
    try {
      const doc = await uploadAs('admin', pdf, 'application/pdf', '附件1.pdf')
      const served = await download(`/api/media/file/${encodeURIComponent(doc.filename)}`)
      expect(served.headers.get('content-type')).toBe('application/pdf')
      expect(served.headers.get('content-disposition')).toBe('attachment')
      expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    } finally {
      await fs.rm(pdf, { force: true })
    }
  })

  it('sends renditions with nosniff too', async () => {
    const data = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).jpeg().toBuffer()
    const media = await booted.payload.create({ collection: 'media', data: { alt: '缩略图测试' }, file: { data, mimetype: 'image/jpeg', name: 'thumb-source.jpg', size: data.length } })
    const rendition = (await booted.payload.create({
      collection: 'renditions',
      data: { original: media.id, name: 'thumbnail' },
      file: { data, mimetype: 'image/jpeg', name: 'thumb-source-thumbnail.jpg', size: data.length },
    })) as { filename: string }
    const served = await download(`/api/renditions/file/${rendition.filename}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
