import fs from 'node:fs/promises'

import { afterAll, describe, expect, it } from 'vitest'

import { makeVideo, removeFixtures } from '../../submission-spec/tests/fixtures'
import { runTool } from '../../shared/runTool'
import { mediaTools } from '../../shared/tools'
import type { StreamLayout } from './intro'

import { probeMedia } from '../../submission-spec/utilities/probe'
import { isExactJoin, prependIntro, storedLayout, streamLayout } from './intro'

afterAll(async () => {
  await removeFixtures()
})

const frame = 1 / 25

/** When each frame of the picture is shown, in seconds, in order. */
const frameTimes = async (filePath: string): Promise<number[]> => {
  const { ffprobe } = await mediaTools()
  const { stdout } = await runTool({
    command: ffprobe,
    args: [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time',
      '-of',
      'csv=p=0',
      `file:${filePath}`,
    ],
  })
  return stdout
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b)
}

// With whichever ffmpeg this machine resolves (FFMPEG_PATH, the system's, npm's 2018 build): the
// concat demuxer used to shift the picture by the sound's priming and, with npm's build, start
// the work 128 ms after the intro ended.
describe('prependIntro: the work follows the intro frame-accurately', () => {
  it.each([
    [
      'streams copied when the intro matches the work',
      { codec: 'h264' as const, size: '64x64' },
      'stream-copy',
    ],
    ['both encoded anew when it does not', { codec: 'mpeg4' as const, size: '96x54' }, 're-encode'],
  ])(
    '%s',
    async (_, introSpec, method) => {
      const introPath = await makeVideo({
        seconds: 1,
        withSubtitles: false,
        frameRate: 25,
        ...introSpec,
      })
      const workPath = await makeVideo({
        seconds: 2,
        withSubtitles: false,
        frameRate: 25,
        size: '64x64',
      })
      const made = await prependIntro({ introPath, workPath })
      try {
        expect(made.method).toBe(method)
        // 75 frames one frame apart from 0 s: the picture starts at once, and the work's first
        // frame shows at 1 s, right after the intro's last.
        const times = await frameTimes(made.outputPath)
        expect(times).toHaveLength(75)
        expect(times[0]).toBeCloseTo(0, 3)
        const steps = times.slice(1).map((t, i) => t - times[i]!)
        expect(Math.max(...steps)).toBeLessThanOrEqual(frame + 1e-3)
        expect(times[25]).toBeCloseTo(1, 3)
        expect(
          Math.abs((await streamLayout(made.outputPath)).durationSeconds - 3),
        ).toBeLessThanOrEqual(frame / 2)
      } finally {
        await fs.rm(made.outputPath, { force: true })
      }
    },
    60_000,
  )
})

describe('isExactJoin: a stream copy is kept only when it is frame-accurate', () => {
  const video = { codec: 'h264', width: 64, height: 64, frameRate: '25/1', pixelFormat: 'yuv420p' }
  const audio = { codec: 'aac', sampleRate: 8000, channels: 1 }
  const clip = (seconds: number): StreamLayout => ({
    durationSeconds: seconds,
    startSeconds: 0,
    fileDurationSeconds: seconds,
    video,
    audio,
  })
  const joined = (layout: Partial<StreamLayout>): StreamLayout => ({ ...clip(3), ...layout })

  it.each([
    ['exact', true, joined({})],
    ['within a frame', true, joined({ durationSeconds: 3.03, fileDurationSeconds: 3.03 })],
    [
      'picture shifted by the sound’s priming (Debian’s ffmpeg, before)',
      false,
      joined({ startSeconds: 0.127031, fileDurationSeconds: 3.128 }),
    ],
    [
      'the work starting 128 ms late (npm’s 2018 ffmpeg, before)',
      false,
      joined({ startSeconds: 0.127031, durationSeconds: 3.127969, fileDurationSeconds: 3.255 }),
    ],
    ['a frame missing', false, joined({ durationSeconds: 2.92, fileDurationSeconds: 2.92 })],
    ['the file playing on past the picture', false, joined({ fileDurationSeconds: 3.128 })],
  ])('%s: kept %s', (_, isExact, layout) => {
    expect(isExactJoin({ joined: layout, intro: clip(1), work: clip(2) })).toBe(isExact)
  })
})

describe('storedLayout: the upload’s stored probe stands in for ffprobe', () => {
  it.each([
    ['with sound', { audio: true, frameRate: 25, size: '96x64' }],
    ['without sound', { audio: false, frameRate: 1, size: '64x64' }],
  ])('gives what streamLayout measures of a clip %s', async (_, clip) => {
    const file = await makeVideo({ seconds: 2, withSubtitles: false, ...clip })
    expect(storedLayout(await probeMedia(file))).toEqual(await streamLayout(file))
  })

  it.each([
    ['no probe', null],
    ['a probe from before the streams were kept', { kind: 'video', durationSeconds: 2 }],
    ['streams of another shape', { streams: { durationSeconds: '2', video: null, audio: null } }],
  ])('gives nothing for %s, so the file is probed', (_, probe) => {
    expect(storedLayout(probe)).toBeUndefined()
  })
})
