import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Doc, PluginTestApp } from '../../../tests/helpers/pluginApp'

import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { waitUntil } from '../../../tests/helpers/wait'
import { makeImage, makeVideo, removeFixtures } from './fixtures'
import { submissionSpecTestConfig } from './helpers/config'

/** The processMedia job in an app of its own: what it makes of a photo and of short, sparse clips. */

let app: PluginTestApp

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'submission_spec_process_media',
    config: submissionSpecTestConfig(),
  })
})

afterAll(async () => {
  await app?.close()
  await removeFixtures()
})

const upload = async (filePath: string, mimetype: string) => {
  const data = await fs.readFile(filePath)
  return app.local.create({
    collection: 'media',
    data: {},
    file: { data, mimetype, name: path.basename(filePath), size: data.length },
  })
}

/** Runs the queue until the media document's processing is over, and gives it with its renditions. */
const processed = async (mediaId: number) => {
  const media = await waitUntil(
    async () => {
      await app.payload.jobs.run({ allQueues: true })
      const doc = await app.local.findByID({ collection: 'media', id: mediaId, depth: 0 })
      return doc.processing?.status === 'done' || doc.processing?.status === 'failed'
        ? doc
        : undefined
    },
    { timeoutMs: 60_000, intervalMs: 300, what: 'the processMedia job' },
  )
  const { docs } = await app.local.find({
    collection: 'renditions',
    where: { original: { equals: mediaId } },
    depth: 0,
    limit: 0,
  })
  return { media, renditions: docs as Doc[] }
}

describe('processMedia', () => {
  it('stores the four sizes of a photo and the thumbnail’s URL on the media, in one go', async () => {
    const photo = await upload(
      await makeImage({ format: 'jpeg', width: 800, height: 600 }),
      'image/jpeg',
    )
    const { media, renditions } = await processed(photo.id)
    expect(media.processing).toMatchObject({ status: 'done', error: null })
    expect(renditions.map((r) => r.name).sort()).toEqual(
      ['card', 'thumbnail', 'wechat-cover', 'weibo'].sort(),
    )
    const thumbnail = renditions.find((r) => r.name === 'thumbnail')!
    expect(media.thumbnailURL).toBe(thumbnail.url)
    for (const rendition of renditions) {
      expect(rendition.checksum).toMatch(/^[0-9a-f]{64}$/)
      await expect(
        fs.stat(path.join(app.folder, 'renditions', rendition.filename)),
      ).resolves.toBeTruthy()
    }
  })

  it('replaces its earlier renditions when run again: four sizes, the old files gone', async () => {
    const photo = await upload(
      await makeImage({ format: 'png', width: 640, height: 480 }),
      'image/png',
    )
    const first = await processed(photo.id)
    await app.payload.jobs.queue({
      task: 'processMedia' as never,
      input: { media: photo.id } as never,
    })
    const second = await waitUntil(
      async () => {
        await app.payload.jobs.run({ allQueues: true })
        const again = await processed(photo.id)
        return again.renditions.some((r) => r.id > Math.max(...first.renditions.map((f) => f.id)))
          ? again
          : undefined
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'the second run' },
    )
    expect(second.renditions).toHaveLength(4)
    expect(second.media.thumbnailURL).toBe(
      second.renditions.find((r) => r.name === 'thumbnail')!.url,
    )
    for (const old of first.renditions) {
      await expect(fs.stat(path.join(app.folder, 'renditions', old.filename))).rejects.toThrow()
    }
  })

  it.each([
    ['a 1 s clip at 1 fps without sound', { seconds: 1, frameRate: 1, audio: false }],
    ['a 1 s clip at 1 fps with sound', { seconds: 1, frameRate: 1, audio: true }],
    ['a 2 s clip at 1 fps', { seconds: 2, frameRate: 1, audio: false }],
  ])('makes a poster frame and its sizes of %s', async (_, clip) => {
    const video = await upload(
      await makeVideo({ withSubtitles: false, size: '96x64', ...clip }),
      'video/mp4',
    )
    const { media, renditions } = await processed(video.id)
    expect(media.processing).toMatchObject({ status: 'done', error: null })
    const poster = renditions.find((r) => r.name === 'poster')
    expect([poster?.renditionWidth, poster?.renditionHeight]).toEqual([96, 64])
    expect(renditions).toHaveLength(5)
  })
})
