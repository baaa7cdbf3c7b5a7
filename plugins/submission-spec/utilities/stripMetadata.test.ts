import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'

import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'

import type { MediaTools } from '../../shared/tools'

import { makeAudio, makeImage, makeVideo, removeFixtures } from '../tests/fixtures'
import { readExif } from './readExif'
import { runTool } from '../../shared/runTool'
import { stripMetadata } from './stripMetadata'
import { resolveMediaTools } from '../../shared/tools'

afterAll(async () => {
  await removeFixtures()
})

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex')

/** The format and stream tags ffprobe reads, lower-cased keys. */
const tagsOf = async (file: string, ffprobe: string) => {
  const { stdout } = await runTool({
    command: ffprobe,
    args: ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
  })
  const output = JSON.parse(stdout) as {
    format: { tags?: Record<string, string> }
    streams: { codec_type: string; tags?: Record<string, string> }[]
  }
  return { format: output.format.tags ?? {}, streams: output.streams }
}

/** Debian's ffmpeg on PATH, and the 2018 build of the npm package `@ffmpeg-installer/ffmpeg`. */
const toolSets: [string, () => Promise<MediaTools>][] = [
  ['the system’s ffmpeg', () => resolveMediaTools()],
  ['npm’s ffmpeg', () => resolveMediaTools({ env: { PATH: '' } })],
]

describe('stripMetadata on photos', () => {
  it.each(['jpeg', 'png', 'webp', 'avif'] as const)(
    'removes the GPS position from a %s and leaves its pixels as they were',
    async (format) => {
      const photo = await makeImage({
        format,
        width: 48,
        height: 32,
        hasGps: true,
        camera: { make: 'HUAWEI', model: 'P40' },
      })
      expect(readExif((await sharp(photo).metadata()).exif!).hasGps).toBe(true)

      const result = await stripMetadata({ filePath: photo, kind: 'image', container: format })

      expect(result).toMatchObject({
        hadLocation: true,
        removed: expect.arrayContaining(['EXIF', 'GPS']),
      })
      const meta = await sharp(result.strippedPath!).metadata()
      expect(meta.exif ? readExif(meta.exif) : {}).not.toMatchObject({ hasGps: true })
      expect(meta.exif ? readExif(meta.exif).make : undefined).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      // Metadata only: for a lossless format the decoded pixels are the same bytes.
      if (format === 'png') {
        expect(await sharp(result.strippedPath!).raw().toBuffer()).toEqual(
          await sharp(photo).raw().toBuffer(),
        )
      }
      await rm(result.strippedPath!)
    },
  )

  it('keeps a sideways phone photo’s orientation, so it still shows upright', async () => {
    const photo = await makeImage({
      format: 'jpeg',
      width: 60,
      height: 30,
      exifOrientation: 6,
      hasGps: true,
    })
    const result = await stripMetadata({ filePath: photo, kind: 'image', container: 'jpeg' })
    expect((await sharp(result.strippedPath!).metadata()).orientation).toBe(6)
    await rm(result.strippedPath!)
  })

  it('makes no copy of a photo without metadata: it is published byte for byte', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 32, height: 32 })
    expect(await stripMetadata({ filePath: photo, kind: 'image', container: 'jpeg' })).toEqual({
      strippedPath: null,
      removed: [],
      hadLocation: false,
    })
  })
})

describe.each(toolSets)('stripMetadata on video and sound with %s', (_, tools) => {
  it.each(['mp4', 'mov'] as const)(
    'removes the location of an %s and copies its streams untouched',
    async (container) => {
      const { ffmpeg, ffprobe } = await tools()
      const video = await makeVideo({
        seconds: 2,
        withSubtitles: true,
        container,
        location: '+39.9042+116.4074/',
        ffmpeg,
      })
      expect(JSON.stringify((await tagsOf(video, ffprobe)).format)).toContain('+39.9042+116.4074')

      const result = await stripMetadata({
        filePath: video,
        kind: 'video',
        container,
        tools: { ffmpeg, ffprobe },
      })

      expect(result).toMatchObject({
        hadLocation: true,
        removed: expect.arrayContaining(['location']),
      })
      const after = await tagsOf(result.strippedPath!, ffprobe)
      expect(
        JSON.stringify([after.format, ...after.streams.map((stream) => stream.tags)]),
      ).not.toMatch(/39\.9042|location/i)
      const before = await tagsOf(video, ffprobe)
      expect(after.streams.map((stream) => stream.codec_type)).toEqual(
        before.streams.map((stream) => stream.codec_type),
      )
      expect(await readFile(result.strippedPath!, 'latin1')).not.toContain('39.9042')
      await rm(result.strippedPath!)
    },
  )

  it.each(['mp3', 'm4a'] as const)(
    'drops the cover art of an %s, whose EXIF says where the picture was taken, and keeps the sound',
    async (format) => {
      const { ffmpeg, ffprobe } = await tools()
      const audio = await makeAudio({ seconds: 1, format, hasCoverWithGps: true })
      expect(await readFile(audio, 'latin1')).toContain('Exif')

      const result = await stripMetadata({
        filePath: audio,
        kind: 'audio',
        container: format,
        tools: { ffmpeg, ffprobe },
      })

      expect(result).toMatchObject({
        hadLocation: true,
        removed: expect.arrayContaining(['cover art']),
      })
      expect(await readFile(result.strippedPath!, 'latin1')).not.toContain('Exif')
      expect(
        (await tagsOf(result.strippedPath!, ffprobe)).streams.map((stream) => stream.codec_type),
      ).toEqual(['audio'])
      await rm(result.strippedPath!)
    },
  )

  it('makes no copy of a clip that says nothing of where it was made', async () => {
    const { ffmpeg, ffprobe } = await tools()
    const video = await makeVideo({ seconds: 1, withSubtitles: false, ffmpeg })
    const hash = await sha256(video)
    expect(
      await stripMetadata({
        filePath: video,
        kind: 'video',
        container: 'mp4',
        tools: { ffmpeg, ffprobe },
      }),
    ).toEqual({
      strippedPath: null,
      removed: [],
      hadLocation: false,
    })
    expect(await sha256(video)).toBe(hash)
  })
})

it('removes an MP3’s tags', async () => {
  const tools = await resolveMediaTools()
  const audio = await makeAudio({ seconds: 1, format: 'mp3' })
  const tagged = `${audio}.tagged.mp3`
  await runTool({
    command: tools.ffmpeg,
    args: [
      '-v',
      'error',
      '-y',
      '-i',
      audio,
      '-c',
      'copy',
      '-metadata',
      'artist=张师傅',
      '-metadata',
      'location=+36.08+111.52/',
      tagged,
    ],
  })
  const result = await stripMetadata({ filePath: tagged, kind: 'audio', container: 'mp3', tools })
  expect(result.hadLocation).toBe(true)
  const after = await tagsOf(result.strippedPath!, tools.ffprobe)
  expect(JSON.stringify([after.format, ...after.streams.map((stream) => stream.tags)])).not.toMatch(
    /张师傅|36\.08/,
  )
  await rm(result.strippedPath!)
})
