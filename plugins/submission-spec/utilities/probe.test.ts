import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'

import {
  fixturePath,
  makeAudio,
  makeFileOfSize,
  makeImage,
  makePngNamedMp4,
  makeVideo,
  removeFixtures,
} from '../tests/fixtures'
import { MediaProbeError, probeMedia } from './probe'

afterAll(removeFixtures)

describe('probing submitted files', () => {
  it.each([
    [
      'an H.264 MP4 with sound and subtitles',
      () => makeVideo({ seconds: 2, withSubtitles: true, size: '96x64', frameRate: 25 }),
      {
        kind: 'video',
        mime: 'video/mp4',
        container: 'mp4',
        width: 96,
        height: 64,
        videoCodec: 'h264',
        audioCodec: 'aac',
        hasSubtitleStream: true,
        frameRate: 25,
        // What joining it to another clip compares, as ffprobe gives it (no second probe needed).
        streams: {
          startSeconds: 0,
          video: {
            codec: 'h264',
            width: 96,
            height: 64,
            frameRate: '25/1',
            pixelFormat: 'yuv420p',
          },
          audio: { codec: 'aac', sampleRate: 8000, channels: 1 },
        },
      },
    ],
    [
      'a silent MPEG-4 part 2 MP4 without subtitles',
      () => makeVideo({ seconds: 2, withSubtitles: false, codec: 'mpeg4', audio: false }),
      {
        kind: 'video',
        container: 'mp4',
        videoCodec: 'mpeg4',
        hasSubtitleStream: false,
        frameRate: 1,
        streams: { video: { codec: 'mpeg4', frameRate: '1/1' }, audio: null },
      },
    ],
    [
      'a QuickTime movie',
      () => makeVideo({ seconds: 2, withSubtitles: false, container: 'mov' }),
      { kind: 'video', mime: 'video/quicktime', container: 'mov', videoCodec: 'h264' },
    ],
    [
      'an M4A with sound only',
      () => makeAudio({ seconds: 2 }),
      { kind: 'audio', container: 'm4a', audioCodec: 'aac', hasSubtitleStream: false },
    ],
    [
      'an MP3',
      () => makeAudio({ seconds: 2, format: 'mp3' }),
      { kind: 'audio', mime: 'audio/mpeg', container: 'mp3', audioCodec: 'mp3' },
    ],
  ])('measures %s with ffprobe', async (_case, make, expected) => {
    const probe = await probeMedia(await make())

    expect(probe).toMatchObject(expected)
    expect(probe.durationSeconds).toBeCloseTo(2, 0)
    expect(probe.bitRate).toBeGreaterThan(0)
  })

  it('reports a video without sound as having no audio codec', async () => {
    const probe = await probeMedia(
      await makeVideo({ seconds: 1, withSubtitles: false, audio: false }),
    )

    expect(probe.audioCodec).toBeUndefined()
  })

  it.each([
    [
      'a JPEG turned a quarter, with camera and position',
      () =>
        makeImage({
          format: 'jpeg',
          width: 40,
          height: 20,
          exifOrientation: 6,
          camera: { make: 'HUAWEI', model: 'P40' },
          hasGps: true,
        }),
      {
        kind: 'image',
        mime: 'image/jpeg',
        container: 'jpeg',
        width: 20,
        height: 40,
        exif: { orientation: 6, hasGps: true, make: 'HUAWEI', model: 'P40' },
      },
    ],
    [
      'an upright JPEG without position',
      () =>
        makeImage({
          format: 'jpeg',
          width: 40,
          height: 20,
          camera: { make: 'Canon', model: 'EOS R5' },
        }),
      {
        kind: 'image',
        width: 40,
        height: 20,
        exif: { hasGps: false, make: 'Canon', model: 'EOS R5' },
      },
    ],
    [
      'a PNG',
      () => makeImage({ format: 'png', width: 30, height: 10 }),
      { kind: 'image', mime: 'image/png', container: 'png', width: 30, height: 10 },
    ],
  ])('measures %s with sharp', async (_case, make, expected) => {
    expect(await probeMedia(await make())).toMatchObject(expected)
  })

  it('takes the kind from the bytes, not the name: a PNG named .mp4 is an image', async () => {
    const file = await makePngNamedMp4()

    expect(await probeMedia(file)).toEqual({
      kind: 'image',
      mime: 'image/png',
      container: 'png',
      sizeBytes: expect.any(Number),
      width: 16,
      height: 16,
    })
  })

  it('gives a file of no known type only its size', async () => {
    expect(await probeMedia(await makeFileOfSize(1234))).toEqual({
      kind: 'unknown',
      mime: 'application/octet-stream',
      container: null,
      sizeBytes: 1234,
    })
  })

  it('says a file that looks like a video cannot be read, without naming where it lies on the server', async () => {
    const video = await readFile(await makeVideo({ seconds: 2, withSubtitles: false }))
    const truncated = await fixturePath('truncated.mp4')
    // The `ftyp` box survives, so the bytes still say MP4; the movie itself is gone.
    await writeFile(truncated, video.subarray(0, 48))

    const probing = probeMedia(truncated)

    await expect(probing).rejects.toBeInstanceOf(MediaProbeError)
    const error = (await probing.catch((err: unknown) => err)) as MediaProbeError
    expect(error.message).toBe(
      '无法读取媒体文件：文件不完整或已损坏 / cannot read the media file: it is incomplete or damaged',
    )
    // The uploader is never shown a server path; the log still gets ffprobe's reason.
    expect(error.message).not.toContain(truncated)
    expect(error.detail).toMatch(/ffprobe: exited with 1/)
  })
})
