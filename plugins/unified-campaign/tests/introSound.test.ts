import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../../../tests/helpers/payload'

import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { sha256OfFile } from '../../shared/sha256'
import { makeVideo, removeFixtures } from '../../submission-spec/tests/fixtures'
import { streamLayout } from '../utilities/intro'

/**
 * The intro job with clips of which only one has a sound track (the column page's e2e met
 * “Invalid file index 2 in filtergraph” with a mute intro): the labelled copy is still made,
 * silence standing in for the missing sound, so picture and sound stay in step.
 */

let booted: Booted
let mediaDir: string

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-intro-sound-'))
  booted = await bootPayload({ name: 'intro_sound', env: { MEDIA_DIR: mediaDir } })
})

afterAll(async () => {
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const upload = async (filePath: string) => {
  const data = await fs.readFile(filePath)
  return Number(
    (
      await booted.payload.create({
        collection: 'media',
        data: {},
        file: { data, mimetype: 'video/mp4', name: path.basename(filePath), size: data.length },
        // The poster frame is not what this tests.
        context: { skipMediaProcessing: true },
      })
    ).id,
  )
}

describe('prependIntro with a sound track on one side only', () => {
  it.each([
    ['a mute intro before a work with sound', { intro: false, work: true }],
    ['an intro with sound before a mute work', { intro: true, work: false }],
  ])(
    'makes the labelled copy of %s: 3 s of picture and a sound track as long',
    async (_, hasAudio) => {
      // As the column page's e2e made them: 320×180 at 5 fps, the same format on both sides.
      const clip = (seconds: number, audio: boolean) =>
        makeVideo({ seconds, withSubtitles: false, audio })
      const intro = await upload(await clip(1, hasAudio.intro))
      const work = await upload(await clip(2, hasAudio.work))
      const campaign = await booted.payload.create({
        collection: 'campaigns',
        data: {
          name: `片头声音测试 ${intro}`,
          year: 2026,
          status: 'active',
          label: '中国梦·大国工匠篇',
          introClip: intro,
        },
      })
      const sub = await booted.payload.create({
        collection: 'sub-projects',
        data: {
          campaign: campaign.id,
          name: '微视频',
          kind: 'micro-video',
          _status: 'published',
        },
      })
      await booted.payload.create({
        collection: 'entries',
        data: {
          title: '车间里的声音',
          subProject: sub.id,
          media: [work],
          status: 'submitted',
        } as never,
      })
      const rendition = await waitUntil(
        async () => {
          await booted.payload.jobs.run({ allQueues: true })
          // A failed attempt is kept on the job: fail at once with ffmpeg's reason, not after the retries.
          const jobs = await booted.payload.find({
            collection: 'payload-jobs',
            where: { taskSlug: { equals: 'prependIntro' } },
            limit: 0,
            depth: 0,
          })
          const failed = jobs.docs.find(
            (job) => (job.input as { media?: number }).media === work && job.error,
          )
          if (failed) {
            throw new Error(`the intro job failed: ${JSON.stringify(failed.error)}`)
          }
          const { docs } = await booted.payload.find({
            collection: 'renditions',
            where: { and: [{ original: { equals: work } }, { name: { equals: 'intro' } }] },
            limit: 1,
          })
          return docs[0]
        },
        { timeoutMs: 90_000, intervalMs: 500, what: 'the intro rendition' },
      )
      const stored = path.join(mediaDir, 'renditions', rendition.filename!)
      // What partners are given to check the file by: the stored bytes' hash and size.
      expect(rendition.checksum).toBe(await sha256OfFile(stored))
      expect(rendition.filesize).toBe((await fs.stat(stored)).size)
      const layout = await streamLayout(stored)
      expect(layout.durationSeconds).toBeCloseTo(3, 1)
      expect(layout.audio).not.toBeNull()
      expect(layout.fileDurationSeconds).toBeCloseTo(3, 1)
    },
    120_000,
  )
})
