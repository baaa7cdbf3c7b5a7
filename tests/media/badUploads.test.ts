import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { makeImage, makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

/**
 * Bad uploads on every route that takes a file — Payload's own `POST /api/media` (as the admin
 * panel uploads), the public `POST /api/entries/submit` and `POST /api/featured-workers/recommend`:
 * each is a 4xx whose message says why, Chinese first then English, names no server path, and
 * leaves no file, no row and no temp file behind.
 */

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let tempDir: string | undefined
let adminToken: string
const ids: Record<string, number> = {}
let photo: Buffer
let truncatedVideo: Buffer

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-bad-uploads-'))
  // Temp files of its own: the submission tests beside it count theirs in the shared temp folder.
  tempDir = await fs.mkdtemp(`${mediaDir}-tmp-`)
  booted = await bootPayload({ name: 'media_bad_uploads', env: { MEDIA_DIR: mediaDir, TMPDIR: tempDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number((await payload.create({ collection: collection as 'organizers', data: data as never, depth: 0 })).id)
  ids.yaodu = await create('organizers', { name: '尧都区总工会', kind: 'federation', level: 'county' })
  ids.campaign = await create('campaigns', { name: '2020年临汾市主题活动', year: 2020, status: 'active' })
  ids.call = await create('sub-projects', { campaign: ids.campaign, name: '网络正能量作品征集', kind: 'other', _status: 'published' })
  ids.draftCall = await create('sub-projects', { campaign: ids.campaign, name: '网络正能量微课征集（草稿）', kind: 'micro-lesson', _status: 'draft' })
  const res = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(testAdmin) })
  adminToken = ((await res.json()) as { token: string }).token
  photo = await fs.readFile(await makeImage({ format: 'jpeg', width: 32, height: 32 }))
  const video = await fs.readFile(await makeVideo({ seconds: 2, withSubtitles: false }))
  // The `ftyp` box survives, so the bytes still say MP4; the movie itself is gone.
  truncatedVideo = video.subarray(0, 48)
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

type Route = { name: string; url: string; fileField: string; fields: () => Record<string, string>; headers: () => Record<string, string> }

const routes: Route[] = [
  { name: 'POST /api/media', url: '/api/media', fileField: 'file', fields: () => ({ _payload: JSON.stringify({ alt: '上传' }) }), headers: () => ({ Authorization: `JWT ${adminToken}` }) },
  {
    name: 'POST /api/entries/submit',
    url: '/api/entries/submit',
    fileField: 'file',
    fields: () => ({ subProject: String(ids.call), submittingUnit: String(ids.yaodu), title: '车间里的正能量', authorName: '张师傅' }),
    headers: () => ({}),
  },
  {
    name: 'POST /api/featured-workers/recommend',
    url: '/api/featured-workers/recommend',
    fileField: 'photo',
    fields: () => ({ campaign: String(ids.campaign), name: '李师傅', recommenderName: '王网友', recommenderContact: '13812345678' }),
    headers: () => ({}),
  },
]

const post = async (route: Route, { fields = route.fields(), file }: { fields?: Record<string, string>; file?: { bytes: Buffer; name: string; type: string } }) => {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) {
    form.append(key, value)
  }
  if (file) {
    form.append(route.fileField, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
  }
  const res = await fetch(`${server.url}${route.url}`, { method: 'POST', headers: route.headers(), body: form })
  return { status: res.status, body: await res.text() }
}

/** Everything an upload could leave behind. */
const traces = async () => {
  const { payload } = booted
  const temp = (await fs.readdir(os.tmpdir())).filter((name) => /^\.?(submission|upload|strip|probe)-/.test(name))
  return {
    stored: (await fs.readdir(mediaDir)).filter((name) => name !== 'renditions').length,
    originals: (await fs.readdir(`${mediaDir}-originals`).catch(() => [])).length,
    media: (await payload.count({ collection: 'media' })).totalDocs,
    entries: (await payload.count({ collection: 'entries' })).totalDocs,
    workers: (await payload.count({ collection: 'featured-workers' })).totalDocs,
    temp: temp.length,
  }
}

/** A refusal a person can act on: one message, Chinese, then ` / `, then English; no server path. */
const expectClearRefusal = ({ status, body }: { status: number; body: string }, expected: { status: number; mentions: RegExp }) => {
  expect(status, body).toBe(expected.status)
  const message = (JSON.parse(body) as { errors: { message: string }[] }).errors[0]!.message
  // Payload's REST formatter may put the field first (`file：…`).
  expect(message.replace(/^file：/, '')).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^/]* \/ [A-Za-z]/)
  expect(message).toMatch(expected.mentions)
  expect(message).not.toContain(os.tmpdir())
  expect(message).not.toMatch(/submission-|upload-|probe-|strip-/)
}

const badFiles = [
  { what: 'a file whose extension is 300 characters', file: () => ({ bytes: photo, name: `photo.${'x'.repeat(300)}`, type: 'image/jpeg' }), mentions: /扩展名过长.*extension too long/ },
  { what: 'a file name of 270 bytes', file: () => ({ bytes: photo, name: `${'车间'.repeat(44)}ab.jpg`, type: 'image/jpeg' }), mentions: /文件名过长（270 字节.*file name too long \(270 bytes/ },
  { what: 'a truncated MP4', file: () => ({ bytes: truncatedVideo, name: 'clip.mp4', type: 'video/mp4' }), mentions: /不完整或已损坏.*incomplete or damaged/ },
]

describe.each(routes)('$name', (route) => {
  it.each(badFiles)('refuses $what with a reason, keeping nothing', async ({ file, mentions }) => {
    const before = await traces()
    expectClearRefusal(await post(route, { file: file() }), { status: 400, mentions })
    expect(await traces(), JSON.stringify(before)).toEqual(before)
  })

  it('refuses a multipart body without a boundary with a reason, keeping nothing', async () => {
    const before = await traces()
    const res = await fetch(`${server.url}${route.url}`, {
      method: 'POST',
      headers: { ...route.headers(), 'content-type': 'multipart/form-data' },
      body: '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\n标题\r\n--x--\r\n',
    })
    expectClearRefusal({ status: res.status, body: await res.text() }, { status: 400, mentions: /boundary/ })
    expect(await traces()).toEqual(before)
  })
})

describe.each(routes)('$name, a 255-byte file name', (route) => {
  // 83 three-byte characters, `ab`, `.jpg`: as long as a Linux file name can be.
  const longest = `${'焊'.repeat(83)}ab.jpg`

  it('is accepted twice: the second copy of the name is stored beside the first, not refused with a server error', async () => {
    expect(Buffer.byteLength(longest)).toBe(255)
    const first = await post(route, { file: { bytes: photo, name: longest, type: 'image/jpeg' } })
    const second = await post(route, { file: { bytes: photo, name: longest, type: 'image/jpeg' } })
    expect([first.status, second.status], second.body.slice(0, 300)).toEqual([201, 201])
    const { docs } = await booted.payload.find({ collection: 'media', where: { filename: { like: '焊焊焊' } }, sort: '-id', limit: 2, depth: 0 })
    expect(new Set(docs.map((doc) => doc.filename)).size).toBe(2)
    for (const doc of docs) {
      expect(doc.filename).toMatch(/^焊+.*\.jpg$/)
      expect((await fs.stat(path.join(mediaDir, doc.filename!))).isFile()).toBe(true)
    }
  })
})

it('refuses a media document that asks the server to fetch its file from a URL, keeping nothing', async () => {
  const before = await traces()
  const res = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    headers: { Authorization: `JWT ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ alt: '网上的照片', filename: 'remote.jpg', url: 'http://127.0.0.1:9/remote.jpg' }),
  })
  expectClearRefusal({ status: res.status, body: await res.text() }, { status: 400, mentions: /网址.*URL/ })
  expect(await traces()).toEqual(before)
})

describe('ids in the public forms that name nothing', () => {
  const [, submit, recommend] = routes as [Route, Route, Route]

  it.each([
    ['an unknown submittingUnit', submit, { submittingUnit: '99999' }, /submittingUnit.*99999/],
    ['a submittingUnit that is not a number', submit, { submittingUnit: 'abc' }, /submittingUnit must be an id/],
    ['an unknown subProject', submit, { subProject: '99999' }, /subProject.*99999/],
    ['a draft subProject', submit, { subProject: 'draftCall' }, /subProject: no open call/],
    ['an unknown unit', recommend, { unit: '99999' }, /unit: no unit with id 99999/],
    ['an unknown campaign', recommend, { campaign: '99999' }, /campaign: no campaign with id 99999/],
  ] as const)('answers %s with a 400 naming the field, keeping nothing', async (_, route, override, mentions) => {
    const fields: Record<string, string> = { ...route.fields(), ...override }
    if (fields.subProject === 'draftCall') {
      fields.subProject = String(ids.draftCall)
    }
    const before = await traces()
    const answer = await post(route, { fields, file: { bytes: photo, name: 'photo.jpg', type: 'image/jpeg' } })
    expectClearRefusal(answer, { status: 400, mentions })
    expect(await traces()).toEqual(before)
  })
})

describe('the size of an admin upload', () => {
  /** A valid WAV of silence: `bytes` of 16-bit mono PCM behind a 44-byte header. */
  const wav = (bytes: number) => {
    const header = Buffer.alloc(44)
    header.write('RIFF', 0)
    header.writeUInt32LE(36 + bytes, 4)
    header.write('WAVEfmt ', 8)
    header.writeUInt32LE(16, 16)
    header.writeUInt16LE(1, 20)
    header.writeUInt16LE(1, 22)
    header.writeUInt32LE(44_100, 24)
    header.writeUInt32LE(88_200, 28)
    header.writeUInt16LE(2, 32)
    header.writeUInt16LE(16, 34)
    header.write('data', 36)
    header.writeUInt32LE(bytes, 40)
    return Buffer.concat([header, Buffer.alloc(bytes)])
  }

  it('is capped by UPLOAD_MAX_MB, not by Payload’s own 50 MB request limit', async () => {
    const [media] = routes as [Route]
    const answer = await post(media, { fields: media.fields(), file: { bytes: wav(60 * 1024 * 1024), name: 'recitation.wav', type: 'audio/wav' } })
    expect(answer.status, answer.body.slice(0, 300)).toBe(201)
  })
})
