import fs from 'node:fs/promises'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Doc, PluginTestApp } from '../../../tests/helpers/pluginApp'

import { sha256OfFile } from '../../shared/sha256'
import { readExif } from '../utilities/readExif'
import { makeImage, removeFixtures } from './fixtures'
import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { submissionSpecTestConfig } from './helpers/config'

// The plugin in a Payload app that is not this project's: its own minimal collections, its own
// database, default options. Nothing of the app (roles, access rules, collections) is loaded.

let app: PluginTestApp
let token: string
let microVideo: Doc

const credentials = { email: 'editor@submission-spec.test', password: 'submission-spec-test-1' }

/** A JPEG as a phone takes it: camera and the GPS position where it was taken in its EXIF. */
const uploadPhoto = async () => {
  const photo = await makeImage({
    format: 'jpeg',
    width: 48,
    height: 32,
    hasGps: true,
    camera: { make: 'HUAWEI', model: 'P40' },
  })
  const form = new FormData()
  form.append('_payload', JSON.stringify({ alt: '车间一角' }))
  form.append(
    'file',
    new Blob([new Uint8Array(await fs.readFile(photo))], { type: 'image/jpeg' }),
    'workshop.jpg',
  )
  return app.call('POST', '/api/media', { token, form })
}

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'submission_spec_standalone',
    config: submissionSpecTestConfig(),
  })
  await app.local.create({ collection: 'users', data: credentials })
  token = await app.login(credentials)
  const campaign = await app.local.create({
    collection: 'campaigns',
    data: { name: '2020年临汾市主题活动', status: 'active' },
  })
  // 临工办发〔2020〕8号 附件2: MP4 video only; a description of at most 20 characters here.
  microVideo = await app.local.create({
    collection: 'sub-projects',
    data: {
      name: '网络正能量微视频征集',
      campaign: campaign.id,
      spec: { mediaKinds: ['video'], containers: ['mp4'], maxTextLength: 20 },
    },
  })
})

afterAll(async () => {
  await app?.close()
  await removeFixtures()
})

describe('submission-spec in an app of its own', () => {
  it('probes an upload and publishes a copy without its EXIF, keeping the untouched original apart', async () => {
    const { status, body } = await uploadPhoto()

    expect(status).toBe(201)
    const doc = await app.local.findByID({
      collection: 'media',
      id: body.doc.id,
      overrideAccess: true,
    })
    expect(doc).toMatchObject({
      mediaKind: 'image',
      probe: { kind: 'image', container: 'jpeg', width: 48, height: 32 },
      originalFile: { isKept: true, hadLocation: true },
      processing: { status: 'pending' },
    })
    const stored = path.join(app.folder, 'media', doc.filename)
    // Only the orientation is kept, so the picture still shows upright.
    expect(readExif((await sharp(stored).metadata()).exif!)).toEqual({
      orientation: 1,
      hasGps: false,
    })
    expect(doc.sha256).toBe(await sha256OfFile(stored))
    const original = path.join(app.folder, 'media-originals', doc.filename)
    expect(readExif((await sharp(original).metadata()).exif!)).toMatchObject({
      hasGps: true,
      make: 'HUAWEI',
      model: 'P40',
    })
  })

  it('refuses over REST a work that breaks its sub-project’s spec, every reason in Chinese then English', async () => {
    const photo = (await uploadPhoto()).body.doc
    const before = (await app.local.count({ collection: 'entries' })).totalDocs

    const { status, body } = await app.call('POST', '/api/entries', {
      token,
      body: {
        title: '车间里的正能量',
        subProject: microVideo.id,
        media: [photo.id],
        text: '一段超过二十个字的作品说明，写在这里供编辑初审。',
        status: 'submitted',
      },
    })

    expect(status).toBe(400)
    expect(body.errors[0].data.errors).toEqual([
      {
        path: 'media.0',
        message:
          '文件是 JPEG 图片，“网络正能量微视频征集”只接受视频 / the file is an image (JPEG); "网络正能量微视频征集" accepts video only',
      },
      {
        path: 'text',
        message:
          '字数 24，超过“网络正能量微视频征集”允许的 20 字 / 24 characters, more than the 20 allowed',
      },
    ])
    expect((await app.local.count({ collection: 'entries' })).totalDocs).toBe(before)
  })

  it('stores a draft that keeps to its sub-project’s spec, its file still to come', async () => {
    const { status, body } = await app.call('POST', '/api/entries', {
      token,
      body: {
        title: '车间里的正能量',
        subProject: microVideo.id,
        text: '二十个字以内的说明。',
        status: 'draft',
      },
    })

    expect(status).toBe(201)
    expect(body.doc).toMatchObject({ title: '车间里的正能量', status: 'draft' })
  })
})
