import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import { runTool } from '../../shared/runTool'
import { mediaTools } from '../../shared/tools'

/**
 * Media files made on the fly for the tests, so no binary is committed: ffmpeg's lavfi test
 * sources for video and audio, sharp for images. Everything lands in one temporary folder per
 * test file; call `removeFixtures` in `afterAll`.
 */

export type VideoOptions = {
  seconds: number
  /** A mov_text subtitle stream from a generated .srt. */
  withSubtitles: boolean
  /** @default 'h264' */
  codec?: 'h264' | 'mpeg4'
  /** A sine tone as the sound track; `'silent'` a track of digital silence. @default true */
  audio?: boolean | 'silent'
  /** `WIDTHxHEIGHT`; tiny keeps long clips cheap. @default '64x64' */
  size?: string
  /** One frame a second keeps a 200 s clip under a second to encode. @default 1 */
  frameRate?: number
  /** @default 'mp4' */
  container?: 'mp4' | 'mov'
  /** Where it was shot, as a phone writes it (ISO 6709, `©xyz` in the file), e.g. `+39.9042+116.4074/`. */
  location?: string
  /** ffmpeg to make it with. @default mediaTools().ffmpeg */
  ffmpeg?: string
}

export type ImageOptions = {
  /** AVIF stands in for HEIC: the same HEIF container, which sharp can write. */
  format: 'jpeg' | 'png' | 'webp' | 'avif'
  width: number
  height: number
  /** EXIF orientation 1–8 (JPEG and WebP). */
  exifOrientation?: number
  /** EXIF Make and Model (JPEG and WebP). */
  camera?: { make: string; model: string }
  /** An EXIF GPS position (JPEG and WebP). */
  hasGps?: boolean
}

export type AudioOptions = {
  seconds: number
  /** @default 'm4a' */
  format?: 'm4a' | 'mp3'
  /** Cover art (an attached picture: ID3 APIC, MP4 `covr`): a JPEG whose EXIF holds a GPS position. */
  hasCoverWithGps?: boolean
}

let folder: Promise<string> | undefined
let counter = 0

/** A fresh path in this test file's fixture folder. */
export const fixturePath = async (name: string): Promise<string> => {
  folder ??= mkdtemp(path.join(os.tmpdir(), 'submission-spec-'))
  counter += 1
  return path.join(await folder, `${counter}-${name}`)
}

/** Deletes the fixture folder and everything in it. */
export const removeFixtures = async (): Promise<void> => {
  if (folder) {
    await rm(await folder, { recursive: true, force: true })
    folder = undefined
  }
}

export const makeVideo = async ({
  seconds,
  withSubtitles,
  codec = 'h264',
  audio = true,
  size = '64x64',
  frameRate = 1,
  container = 'mp4',
  location,
  ffmpeg: ffmpegPath,
}: VideoOptions): Promise<string> => {
  const ffmpeg = ffmpegPath ?? (await mediaTools()).ffmpeg
  const output = await fixturePath(
    `video-${seconds}s-${codec}${withSubtitles ? '-subtitled' : ''}${audio === 'silent' ? '-silent' : audio ? '' : '-mute'}${location ? '-located' : ''}.${container}`,
  )
  const inputs = ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${frameRate}:duration=${seconds}`]
  const maps = ['-map', '0:v']
  let nextInput = 1
  const codecs =
    codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']
      : ['-c:v', 'mpeg4', '-q:v', '31']
  if (audio) {
    inputs.push(
      '-f',
      'lavfi',
      '-i',
      audio === 'silent'
        ? `aevalsrc=0:sample_rate=8000:duration=${seconds}`
        : `sine=frequency=440:sample_rate=8000:duration=${seconds}`,
    )
    maps.push('-map', `${nextInput++}:a`)
    codecs.push('-c:a', 'aac', '-b:a', '16k')
  }
  if (withSubtitles) {
    const subtitles = await fixturePath('subtitles.srt')
    await writeFile(subtitles, `1\n00:00:00,000 --> 00:00:01,000\n重点内容配字幕\n\n`)
    inputs.push('-i', subtitles)
    maps.push('-map', `${nextInput++}:s`)
    codecs.push('-c:s', 'mov_text')
  }
  const metadata = location ? ['-metadata', `location=${location}`] : []
  await runTool({
    command: ffmpeg,
    args: ['-v', 'error', '-y', ...inputs, ...maps, ...codecs, ...metadata, output],
    timeoutMs: 60_000,
  })
  return output
}

/**
 * A real JPEG whose bytes go on with an HTML page: image viewers show the picture, a browser
 * that sniffs would run the script. What a hostile uploader sends to get a page onto our origin.
 */
export const makePolyglot = async (): Promise<string> => {
  const output = await fixturePath('polyglot.jpg')
  const picture = await sharp({
    create: { width: 16, height: 16, channels: 3, background: { r: 0, g: 90, b: 200 } },
  })
    .jpeg()
    .toBuffer()
  await writeFile(
    output,
    Buffer.concat([
      picture,
      Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>'),
    ]),
  )
  return output
}

export const makeAudio = async ({
  seconds,
  format = 'm4a',
  hasCoverWithGps = false,
}: AudioOptions): Promise<string> => {
  const { ffmpeg } = await mediaTools()
  const output = await fixturePath(`audio-${seconds}s${hasCoverWithGps ? '-cover' : ''}.${format}`)
  const codec =
    format === 'm4a' ? ['-c:a', 'aac', '-b:a', '16k'] : ['-c:a', 'libmp3lame', '-b:a', '32k']
  const cover = hasCoverWithGps
    ? await makeImage({ format: 'jpeg', width: 32, height: 32, hasGps: true })
    : null
  await runTool({
    command: ffmpeg,
    args: [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=8000:duration=${seconds}`,
      ...(cover
        ? [
            '-i',
            cover,
            '-map',
            '0:a',
            '-map',
            '1:v',
            '-c:v',
            'copy',
            '-disposition:v:0',
            'attached_pic',
          ]
        : []),
      ...codec,
      ...(format === 'mp3' ? ['-id3v2_version', '3'] : []),
      output,
    ],
    timeoutMs: 60_000,
  })
  return output
}

export const makeImage = async ({
  format,
  width,
  height,
  exifOrientation,
  camera,
  hasGps,
}: ImageOptions): Promise<string> => {
  const output = await fixturePath(
    `image-${width}x${height}${hasGps ? '-gps' : ''}.${format === 'jpeg' ? 'jpg' : format}`,
  )
  let image = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } },
  }).toFormat(format)
  if (camera || hasGps) {
    image = image.withExif({
      ...(camera ? { IFD0: { Make: camera.make, Model: camera.model } } : {}),
      // 临汾 (36.08° N, 111.52° E): sharp writes rationals given as `numerator/denominator`.
      ...(hasGps
        ? {
            IFD3: {
              GPSLatitudeRef: 'N',
              GPSLatitude: '36/1 5/1 0/1',
              GPSLongitudeRef: 'E',
              GPSLongitude: '111/1 31/1 0/1',
            },
          }
        : {}),
    })
  }
  if (exifOrientation) {
    image = image.withMetadata({ orientation: exifOrientation })
  }
  await image.toFile(output)
  return output
}

/** A PNG under a video's name: what a careless or hostile uploader sends. */
export const makePngNamedMp4 = async (): Promise<string> => {
  const output = await fixturePath('really-a-png.mp4')
  await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 0, g: 0, b: 0 } } })
    .png()
    .toFile(output)
  return output
}

/** A file of exactly `bytes` zero bytes (sparse, so 60 MB costs no disk), of no known type. */
export const makeFileOfSize = async (bytes: number): Promise<string> => {
  const output = await fixturePath(`zeros-${bytes}.bin`)
  await writeFile(output, '')
  await truncate(output, bytes)
  return output
}
