import http from 'node:http'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { deadlineDay } from '../../plugins/shared/deadline'
import { makeImage, makePngNamedMp4, makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
const ids: Record<string, number> = {}

const yesterday = new Date(Date.now() - 86_400_000).toISOString()
/** Midnight starting today in Beijing: an instant already past, on a day not yet over there. */
const startOfTodayInBeijing = `${deadlineDay(new Date())}T00:00:00+08:00`

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-media-'))
  booted = await bootPayload({ name: 'media_submission', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number((await payload.create({ collection: collection as 'organizers', data: data as never, depth: 0 })).id)
  ids.linfen = await create('organizers', { name: '临汾市总工会', kind: 'federation', level: 'city' })
  ids.yaodu = await create('organizers', { name: '尧都区总工会', kind: 'federation', level: 'county', parent: ids.linfen })
  ids.linfenCampaign = await create('campaigns', { name: '2020年临汾市主题活动', year: 2020, status: 'active' })
  ids.shanghaiCampaign = await create('campaigns', { name: '2017年上海市主题活动', year: 2017, status: 'active' })
  ids.shanghai = await create('organizers', { name: '上海市总工会', kind: 'federation', level: 'provincial' })
  ids.hostedCampaign = await create('campaigns', { name: '2020年临汾市主题活动（限参与单位）', year: 2020, status: 'active', hosts: [ids.linfen] })
  ids.closedCampaign = await create('campaigns', { name: '2016年“中国梦·大国工匠篇”', year: 2016, status: 'closed' })
  const subProject = (campaign: number, name: string, kind: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    create('sub-projects', { campaign, name, kind, spec, _status: 'published', ...extra })
  // Linfen 2020, attachment 2: MP4, under 3 minutes, under 50 MB, subtitles on key content.
  ids.microVideo = await subProject(ids.linfenCampaign, '网络正能量微视频征集', 'micro-video', {
    mediaKinds: ['video'],
    containers: ['mp4'],
    maxDurationSeconds: 180,
    maxDurationIsExclusive: true,
    maxFileSizeMB: 50,
    maxFileSizeIsExclusive: true,
    subtitlesRequired: true,
  })
  // Shanghai 2017: essays 300–800 characters, slogans at most 30.
  ids.essay = await subProject(ids.shanghaiCampaign, '“网络好职工”读书征文', 'essay', { mediaKinds: ['text'], minTextLength: 300, maxTextLength: 800 })
  ids.slogan = await subProject(ids.shanghaiCampaign, '最“In网言网语”征集', 'slogan', { mediaKinds: ['text'], maxTextLength: 30 })
  ids.pastDeadline = await subProject(ids.linfenCampaign, '网络正能量摄影作品征集', 'photography', { mediaKinds: ['image'] }, { deadline: yesterday })
  ids.dueToday = await subProject(ids.linfenCampaign, '网络正能量摄影作品征集（今日截止）', 'photography', { mediaKinds: ['image'] }, { deadline: startOfTodayInBeijing })
  ids.hostedCall = await subProject(ids.hostedCampaign, '网络正能量摄影作品征集（限参与单位）', 'photography', { mediaKinds: ['image'] })
  ids.closedCall = await subProject(ids.closedCampaign, '大国工匠微视频', 'micro-video', { mediaKinds: ['video'] })
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

type Fields = Record<string, string>

const submit = async (fields: Fields, file?: { path: string; name?: string; type?: string }) => {
  const form = new FormData()
  for (const [key, value] of Object.entries({ submittingUnit: String(ids.yaodu), authorName: '张师傅', ...fields })) {
    form.append(key, value)
  }
  if (file) {
    const bytes = await fs.readFile(file.path)
    form.append('file', new Blob([new Uint8Array(bytes)], { type: file.type ?? 'video/mp4' }), file.name ?? path.basename(file.path))
  }
  const res = await fetch(`${server.url}/api/entries/submit`, { method: 'POST', body: form })
  return { status: res.status, body: (await res.json()) as { entry?: { id: number }; errors?: { message: string; data?: { errors: { path: string; message: string }[] } }[] } }
}

/** Everything a submission could leave behind: stored files, rows, temp files. */
const traces = async () => ({
  stored: (await fs.readdir(mediaDir)).filter((name) => name !== 'renditions').length,
  media: (await booted.payload.count({ collection: 'media' })).totalDocs,
  entries: (await booted.payload.count({ collection: 'entries' })).totalDocs,
  // Only this endpoint's own temp files: other test files running beside this one probe uploads too.
  // (`submission-` and 16 hex digits; the fixtures' `submission-spec-…` folders are not these.)
  temp: (await fs.readdir(os.tmpdir())).filter((name) => /^submission-[0-9a-f]{16}/.test(name)).length,
})

const expectNothingLeft = async (before: Awaited<ReturnType<typeof traces>>) => {
  expect(await traces()).toEqual(before)
}

describe('public submission of a work (POST /api/entries/submit)', () => {
  it('accepts a 2-second MP4 with subtitles for Linfen’s micro-video call, as submitted for screening', async () => {
    const video = await makeVideo({ seconds: 2, withSubtitles: true })
    const { status, body } = await submit({ subProject: String(ids.microVideo), title: '车间里的正能量' }, { path: video })
    expect(status).toBe(201)
    const entry = await booted.payload.findByID({ collection: 'entries', id: body.entry!.id, depth: 1 })
    expect(entry).toMatchObject({ status: 'submitted', source: 'self-submitted', title: '车间里的正能量' })
    const media = entry.media![0] as unknown as { probe: { container: string; durationSeconds: number; hasSubtitleStream: boolean }; filename: string }
    expect(media.probe).toMatchObject({ container: 'mp4', hasSubtitleStream: true })
    expect(media.probe.durationSeconds).toBeCloseTo(2, 0)
    expect((await fs.stat(path.join(mediaDir, media.filename))).size).toBeGreaterThan(0)
  })

  it('refuses a 200-second clip, naming the 3-minute limit, and keeps nothing', async () => {
    const video = await makeVideo({ seconds: 200, withSubtitles: true })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(ids.microVideo), title: '太长的视频' }, { path: video })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toContain('3 分钟')
    await expectNothingLeft(before)
  })

  it('refuses a clip of exactly 3 minutes: Linfen asks for less than 3 minutes (时长小于 3 分钟)', async () => {
    const video = await makeVideo({ seconds: 180, withSubtitles: true })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(ids.microVideo), title: '正好三分钟' }, { path: video })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toContain('要求短于 3 分钟')
    await expectNothingLeft(before)
  })

  it('refuses a clip without subtitles where the call requires them', async () => {
    const video = await makeVideo({ seconds: 2, withSubtitles: false })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(ids.microVideo), title: '没有字幕' }, { path: video })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toContain('字幕')
    await expectNothingLeft(before)
  })

  it('refuses a “.mp4” that is really a PNG', async () => {
    const fake = await makePngNamedMp4()
    const before = await traces()
    const { status, body } = await submit({ subProject: String(ids.microVideo), title: '假视频' }, { path: fake, name: 'clip.mp4' })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toMatch(/PNG|png/)
    await expectNothingLeft(before)
  })

  it.each([
    ['an essay of 299 characters', 'essay', 299, 400],
    ['an essay of 300 characters', 'essay', 300, 201],
    ['a slogan of 30 characters', 'slogan', 30, 201],
    ['a slogan of 31 characters', 'slogan', 31, 400],
  ])('answers %s with %s', async (_, call, length, expected) => {
    const { status, body } = await submit({ subProject: String(ids[call]), title: '文字作品', text: '工'.repeat(length as number) })
    expect(status, JSON.stringify(body)).toBe(expected)
  })

  it('takes works until the end of the deadline’s day in Beijing, whatever instant the day was stored as', async () => {
    const image = await makeImage({ format: 'jpeg', width: 32, height: 32 })
    const { status, body } = await submit({ subProject: String(ids.dueToday), title: '最后一天的作品' }, { path: image, type: 'image/jpeg' })
    expect(status, JSON.stringify(body)).toBe(201)
  })

  it('names the closing day as Beijing’s calendar has it', async () => {
    const image = await makeImage({ format: 'jpeg', width: 32, height: 32 })
    const { status, body } = await submit({ subProject: String(ids.pastDeadline), title: '晚到的作品' }, { path: image, type: 'image/jpeg' })
    expect(status).toBe(403)
    expect(body.errors![0]!.message).toContain(`已于 ${deadlineDay(yesterday)} 截止征集`)
  })

  it('refuses a work of a unit that does not take part in the campaign, keeping nothing', async () => {
    const image = await makeImage({ format: 'jpeg', width: 32, height: 32 })
    const before = await traces()
    const foreign = await submit({ subProject: String(ids.hostedCall), title: '外省作品', submittingUnit: String(ids.shanghai) }, { path: image, type: 'image/jpeg' })
    expect(foreign.status).toBe(403)
    expect(foreign.body.errors![0]!.message).toContain('报送单位“上海市总工会”不是主题活动“2020年临汾市主题活动（限参与单位）”的参与单位')
    await expectNothingLeft(before)
    // A county below the host takes part.
    const county = await submit({ subProject: String(ids.hostedCall), title: '县级作品' }, { path: image, type: 'image/jpeg' })
    expect(county.status, JSON.stringify(county.body)).toBe(201)
  })

  it.each([
    ['past its deadline', 'pastDeadline', '截止'],
    ['in a closed campaign', 'closedCall', '未在进行中'],
  ])('refuses a call %s with a clear message', async (_, call, message) => {
    const image = await makeImage({ format: 'jpeg', width: 32, height: 32 })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(ids[call]), title: '晚到的作品' }, { path: image, type: 'image/jpeg' })
    expect(status).toBe(403)
    expect(body.errors![0]!.message).toContain(message)
    await expectNothingLeft(before)
  })
})

/** Posts a multipart body whose file part is `fileBytes` of zeros, generated as it is sent. */
const streamLargeSubmission = ({ fileBytes, declareLength }: { fileBytes: number; declareLength: boolean }) =>
  new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
    const boundary = '----wangju-test-boundary'
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
    const head = Buffer.from(
      field('subProject', String(ids.microVideo)) +
        field('title', '超大文件') +
        field('authorName', '张师傅') +
        field('submittingUnit', String(ids.yaodu)) +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    )
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    const url = new URL(`${server.url}/api/entries/submit`)
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declareLength ? { 'content-length': String(head.length + fileBytes + tail.length) } : {}),
      },
    })
    let sent = 0
    let answered = false
    const chunk = Buffer.alloc(256 * 1024)
    req.on('response', (res) => {
      answered = true
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode ?? 0, sent, body })
      })
    })
    req.on('error', (err) => (answered ? undefined : reject(err)))
    const pump = () => {
      if (sent === 0) {
        req.write(head)
      }
      while (!answered && sent < fileBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, fileBytes - sent))
        sent += piece.length
        if (!req.write(piece)) {
          req.once('drain', pump)
          return
        }
      }
      if (!answered) {
        req.end(tail)
      }
    }
    pump()
  })

describe('declarations a call requires (原创, and the organizer’s own)', () => {
  const declaration = '作品不涉及商业广告，不侵犯他人权益'
  let call: number
  beforeAll(async () => {
    call = Number(
      (
        await booted.payload.create({
          collection: 'sub-projects',
          data: {
            campaign: ids.shanghaiCampaign,
            name: '“网络好职工”原创征文',
            kind: 'essay',
            _status: 'published',
            spec: { mediaKinds: ['text'], originalityRequired: true, declarations: [{ text: declaration }] },
          } as never,
        })
      ).id,
    )
  })
  const essay = '职'.repeat(320)

  it('refuses a work without them, naming each, and keeps nothing', async () => {
    const before = await traces()
    const { status, body } = await submit({ subProject: String(call), title: '我的师傅', text: essay })
    expect(status).toBe(400)
    expect(body.errors![0]!.data!.errors.map((e) => e.path)).toEqual(['isOriginal', 'declarations'])
    expect(body.errors![0]!.message).toContain(`要求声明：“${declaration}”`)
    await expectNothingLeft(before)
  })

  it('refuses declarations that are not a JSON array of texts', async () => {
    const { status, body } = await submit({ subProject: String(call), title: '我的师傅', text: essay, isOriginal: 'true', declarations: declaration })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toMatch(/^declarations 应为声明内容的 JSON 数组.* \/ declarations: a JSON array/)
  })

  it('takes a work making them, and keeps what it declared', async () => {
    const { status, body } = await submit({
      subProject: String(call),
      title: '我的师傅',
      text: essay,
      isOriginal: 'true',
      declarations: JSON.stringify([declaration]),
    })
    expect(status, JSON.stringify(body)).toBe(201)
    const entry = await booted.payload.findByID({ collection: 'entries', id: body.entry!.id, depth: 0 })
    expect(entry).toMatchObject({ isOriginal: true, declarations: [declaration], status: 'submitted' })
  })
})

describe('sound and photos a call requires (画面清晰，声音清楚; 组照; 原图)', () => {
  let soundCall: number
  let seriesCall: number
  beforeAll(async () => {
    const call = async (name: string, kind: string, spec: Record<string, unknown>) =>
      Number((await booted.payload.create({ collection: 'sub-projects', data: { campaign: ids.linfenCampaign, name, kind, _status: 'published', spec } as never })).id)
    soundCall = await call('网络正能量微视频征集（声音清楚）', 'micro-video', { mediaKinds: ['video'], audibleAudioRequired: true })
    // 组照 of 3 to 10, long side at least 1920 px and short side 1080 px, camera originals.
    seriesCall = await call('网络正能量摄影作品征集（组照）', 'photography', {
      mediaKinds: ['image'],
      minPhotoCount: 3,
      minImageLongSide: 1920,
      minImageShortSide: 1080,
      cameraOriginalRequired: true,
    })
  })

  it('refuses a clip with no sound track, and keeps nothing', async () => {
    const video = await makeVideo({ seconds: 2, withSubtitles: false, audio: false })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(soundCall), title: '无声的车间' }, { path: video })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toMatch(/^视频没有声音（无音轨），.*要求声音清楚 \/ the video has no sound track/)
    await expectNothingLeft(before)
  })

  it('refuses a clip whose sound track is silent throughout, naming its loudest level', async () => {
    const video = await makeVideo({ seconds: 2, withSubtitles: false, audio: 'silent' })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(soundCall), title: '静音的车间' }, { path: video })
    expect(status).toBe(400)
    expect(body.errors![0]!.message).toMatch(/^视频全程无声（最大音量 -9\d(\.\d)? dB，低于 -50 dB）/)
    await expectNothingLeft(before)
  })

  it('takes a clip with audible sound, and keeps its measured loudness', async () => {
    const video = await makeVideo({ seconds: 2, withSubtitles: false })
    const { status, body } = await submit({ subProject: String(soundCall), title: '车间里的歌声' }, { path: video })
    expect(status, JSON.stringify(body)).toBe(201)
    const entry = await booted.payload.findByID({ collection: 'entries', id: body.entry!.id, depth: 1 })
    const probe = (entry.media![0] as unknown as { probe: { maxVolumeDb: number; meanVolumeDb: number } }).probe
    // lavfi's 440 Hz sine at its default amplitude (1/8): the loudest sample near −18 dBFS.
    expect(probe.maxVolumeDb).toBeGreaterThan(-30)
    expect(probe.meanVolumeDb).toBeLessThan(probe.maxVolumeDb)
  })

  it('refuses a screenshot-sized photo without camera EXIF alone: too small, not an original, not a series', async () => {
    const screenshot = await makeImage({ format: 'png', width: 750, height: 1334 })
    const before = await traces()
    const { status, body } = await submit({ subProject: String(seriesCall), title: '手机截图' }, { path: screenshot, type: 'image/png' })
    expect(status).toBe(400)
    const errors = body.errors![0]!.data!.errors
    expect(errors.map((e) => e.path)).toEqual(['media.0', 'media.0', 'media'])
    expect(errors[0]!.message).toContain('图片 750×1334 像素，“网络正能量摄影作品征集（组照）”要求长边不少于 1920、短边不少于 1080 像素')
    expect(errors[1]!.message).toContain('图片没有相机拍摄信息（EXIF）')
    expect(errors[2]!.message).toContain('组照 1 张，少于')
    await expectNothingLeft(before)
  })

  it('takes a series of three camera originals, a portrait among them, and refuses two', async () => {
    const { payload } = booted
    const camera = { make: 'HUAWEI', model: 'P40 Pro' }
    const photo = async (width: number, height: number) => {
      const file = await makeImage({ format: 'jpeg', width, height, camera })
      const data = await fs.readFile(file)
      return Number((await payload.create({ collection: 'media', data: { alt: '组照' }, file: { data, mimetype: 'image/jpeg', name: path.basename(file), size: data.length } })).id)
    }
    const photos = [await photo(1920, 1080), await photo(1080, 1920), await photo(2400, 1600)]
    const entry = (media: number[], status: string) =>
      payload.create({ collection: 'entries', data: { title: '一线工人组照', subProject: seriesCall, submittingUnit: ids.yaodu, status, media } as never, depth: 0 })
    const refused = await entry(photos.slice(0, 2), 'submitted').then(
      () => undefined,
      (error: { data?: { errors: { path: string; message: string }[] } }) => error.data?.errors,
    )
    expect(refused).toEqual([{ path: 'media', message: expect.stringMatching(/^组照 2 张，少于“网络正能量摄影作品征集（组照）”要求的 3 张 \/ 2 photos/) }])
    // A draft is filled a photo at a time.
    expect((await entry(photos.slice(0, 2), 'draft')).id).toBeDefined()
    expect((await entry(photos, 'submitted')).status).toBe('submitted')
  })
})

describe('a call’s file limit and the server’s upload cap (UPLOAD_MAX_MB, 200 MB here)', () => {
  it('refuses a call promising 300 MB, naming the cap, and keeps the call as it was', async () => {
    const before = await booted.payload.findByID({ collection: 'sub-projects', id: ids.microVideo, depth: 0 })
    const saving = booted.payload.update({
      collection: 'sub-projects',
      id: ids.microVideo,
      data: { spec: { ...before.spec, maxFileSizeMB: 300 } },
    })
    await expect(saving).rejects.toMatchObject({
      data: {
        errors: [
          expect.objectContaining({
            path: 'spec.maxFileSizeMB',
            message: expect.stringMatching(/^文件上限 300 MB 超过服务器的上传上限 200 MB（UPLOAD_MAX_MB）.* \/ 300 MB is above the server's upload cap of 200 MB/),
          }),
        ],
      },
    })
    const after = await booted.payload.findByID({ collection: 'sub-projects', id: ids.microVideo, depth: 0 })
    expect(after.spec?.maxFileSizeMB).toBe(50)
  })

  it('takes a call at the cap', async () => {
    const before = await booted.payload.findByID({ collection: 'sub-projects', id: ids.microVideo, depth: 0 })
    const saved = await booted.payload.update({
      collection: 'sub-projects',
      id: ids.microVideo,
      data: { spec: { ...before.spec, maxFileSizeMB: 200 } },
    })
    expect(saved.spec?.maxFileSizeMB).toBe(200)
    await booted.payload.update({ collection: 'sub-projects', id: ids.microVideo, data: { spec: before.spec } })
  })
})

describe('size caps while streaming', () => {
  const size = 51 * 1024 * 1024

  it('refuses a 51 MB file announced by Content-Length without reading it', async () => {
    const before = await traces()
    const { status, sent, body } = await streamLargeSubmission({ fileBytes: size, declareLength: true })
    expect(status).toBe(413)
    expect(body).toContain('50 MB')
    expect(sent).toBeLessThan(size / 2)
    await expectNothingLeft(before)
  })

  it('stops reading a streamed 51 MB file once it passes 50 MB', async () => {
    const before = await traces()
    const { status, sent } = await streamLargeSubmission({ fileBytes: size * 2, declareLength: false })
    expect(status).toBe(413)
    expect(sent).toBeLessThan(size * 2)
    await expectNothingLeft(before)
  })
})

describe('recommending a craftsman (POST /api/featured-workers/recommend)', () => {
  it('takes a recommendation with a photo as 已推荐 and keeps the recommender private', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 64, height: 80 })
    const form = new FormData()
    const fields = {
      campaign: String(ids.linfenCampaign),
      name: '李师傅',
      employer: '临汾钢铁厂',
      trade: '焊工',
      story: '三十年如一日坚守焊接一线。\n\n带出徒弟二十余人。',
      honours: '全国五一劳动奖章\n山西省技术能手',
      recommendedBy: 'netizen',
      recommenderName: '王网友',
      recommenderContact: '13812345678',
    }
    Object.entries(fields).forEach(([k, v]) => form.append(k, v))
    form.append('photo', new Blob([new Uint8Array(await fs.readFile(photo))], { type: 'image/jpeg' }), 'li.jpg')
    const res = await fetch(`${server.url}/api/featured-workers/recommend`, { method: 'POST', body: form })
    expect(res.status).toBe(201)
    const { featuredWorker } = (await res.json()) as { featuredWorker: { id: number } }
    const saved = await booted.payload.findByID({ collection: 'featured-workers', id: featuredWorker.id, depth: 0 })
    expect(saved).toMatchObject({ status: 'recommended', recommendedBy: 'netizen', recommender: { name: '王网友', contact: '13812345678' } })
    expect(saved.honours?.map((h) => h.honour)).toEqual(['全国五一劳动奖章', '山西省技术能手'])
    expect(saved.photo).toBeTruthy()
    // Not published yet: the public does not see it.
    expect((await fetch(`${server.url}/api/featured-workers/${featuredWorker.id}`)).status).toBe(404)
  })

  it('refuses a recommendation to a closed campaign', async () => {
    const form = new FormData()
    Object.entries({ campaign: String(ids.closedCampaign), name: '赵师傅', recommenderName: '钱', recommenderContact: '13800000000' }).forEach(([k, v]) =>
      form.append(k, v),
    )
    const res = await fetch(`${server.url}/api/featured-workers/recommend`, { method: 'POST', body: form })
    expect(res.status).toBe(403)
  })
})
