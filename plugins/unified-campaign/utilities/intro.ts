import type { FfprobeStreamFields, StreamLayout } from '../../shared/streamLayout'

import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { runTool } from '../../shared/runTool'
import { sha256OfFile } from '../../shared/sha256'
import { layoutOf } from '../../shared/streamLayout'
import { mediaTools } from '../../shared/tools'

/** What decides whether two clips can be joined without re-encoding, and whether a join is exact. */
export type { StreamLayout }

/** The first video and audio streams of a clip, as ffprobe reports them. */
export const streamLayout = async (filePath: string): Promise<StreamLayout> => {
  const { ffprobe } = await mediaTools()
  const { stdout } = await runTool({
    command: ffprobe,
    args: [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      `file:${filePath}`,
    ],
    timeoutMs: 60_000,
  })
  const json = JSON.parse(stdout) as {
    streams?: FfprobeStreamFields[]
    format?: { duration?: string; start_time?: string }
  }
  return layoutOf({
    video: json.streams?.find((s) => s.codec_type === 'video'),
    audio: json.streams?.find((s) => s.codec_type === 'audio'),
    format: json.format,
  })
}

/** Same codecs and parameters on both sides: the concat demuxer can copy the streams as they are. */
export const canStreamCopy = (intro: StreamLayout, work: StreamLayout): boolean => {
  const sameVideo =
    Boolean(intro.video && work.video) &&
    intro.video!.codec === work.video!.codec &&
    intro.video!.width === work.video!.width &&
    intro.video!.height === work.video!.height &&
    intro.video!.frameRate === work.video!.frameRate &&
    intro.video!.pixelFormat === work.video!.pixelFormat
  const sameAudio =
    (!intro.audio && !work.audio) ||
    (Boolean(intro.audio && work.audio) &&
      intro.audio!.codec === work.audio!.codec &&
      intro.audio!.sampleRate === work.audio!.sampleRate &&
      intro.audio!.channels === work.audio!.channels)
  return sameVideo && sameAudio
}

export type PrependResult = {
  outputPath: string
  method: JoinMethod
  /** SHA-256 (hex) of the output, read while the join was being checked. */
  sha256: string
}

/** `stream-copy`: the streams were copied as they are; `re-encode`: both clips were encoded anew. */
export type JoinMethod = 'stream-copy' | 're-encode'

/**
 * The stream layout an upload's stored probe already holds (`probe.streams`, kept by the
 * submission-spec plugin), or undefined when it holds none or not in that shape (a file probed
 * before it was kept): then the file is probed.
 */
export const storedLayout = (probe: unknown): StreamLayout | undefined => {
  const streams = (probe as { streams?: unknown } | null | undefined)?.streams as
    Partial<StreamLayout> | null | undefined
  if (!streams || typeof streams !== 'object') {
    return undefined
  }
  const { durationSeconds, startSeconds, fileDurationSeconds, video, audio } = streams
  const isNumber = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value)
  const isVideo =
    video === null ||
    (typeof video === 'object' &&
      typeof video?.codec === 'string' &&
      isNumber(video.width) &&
      isNumber(video.height) &&
      typeof video.frameRate === 'string' &&
      typeof video.pixelFormat === 'string')
  const isAudio =
    audio === null ||
    (typeof audio === 'object' &&
      typeof audio?.codec === 'string' &&
      isNumber(audio.sampleRate) &&
      isNumber(audio.channels))
  if (
    !isNumber(durationSeconds) ||
    !isNumber(startSeconds) ||
    !isNumber(fileDurationSeconds) ||
    !isVideo ||
    !isAudio
  ) {
    return undefined
  }
  return {
    durationSeconds,
    startSeconds,
    fileDurationSeconds,
    video: video ? { ...video } : null,
    audio: audio ? { ...audio } : null,
  }
}

/**
 * The campaign's intro clip (片头) in front of a work, into a new file; the work is only read.
 * Each clip's layout is the one given (from its stored probe), else ffprobe's. See `joinClips`
 * for how; `outputPath` defaults to a new file in the OS temp folder.
 */
export const prependIntro = async ({
  introPath,
  workPath,
  intro: introLayout,
  work: workLayout,
  outputPath = path.join(os.tmpdir(), `intro-${randomBytes(8).toString('hex')}.mp4`),
}: {
  introPath: string
  workPath: string
  intro?: StreamLayout
  work?: StreamLayout
  outputPath?: string
}): Promise<PrependResult> => {
  const { ffmpeg } = await mediaTools()
  const [intro, work] = await Promise.all([
    introLayout ?? streamLayout(introPath),
    workLayout ?? streamLayout(workPath),
  ])
  try {
    const { method, sha256 } = await join({
      ffmpeg,
      introPath,
      workPath,
      intro,
      work,
      outputPath,
      shouldHash: true,
    })
    return { outputPath, method, sha256: sha256! }
  } catch (err) {
    await fs.rm(outputPath, { force: true })
    throw err
  }
}

export type JoinClipsOptions = {
  /** The ffmpeg to run. */
  ffmpeg: string
  introPath: string
  workPath: string
  /** `streamLayout` of the intro, probed beforehand. */
  intro: StreamLayout
  /** `streamLayout` of the work, probed beforehand. */
  work: StreamLayout
  /** Where the joined clip is written (replaced if it exists). */
  outputPath: string
}

/**
 * Writes intro + work to `outputPath`, the work's first frame exactly where the intro's picture
 * ends. Streams are copied when both clips match, so nothing is re-encoded, and the copy is then
 * measured: should this ffmpeg have placed the work late or shifted the picture (concat copies
 * depend on how the files' sound was primed and on the ffmpeg build — the 2018 build npm ships
 * left a gap of 128 ms), the clips are encoded anew instead. Otherwise, and then, the intro is
 * scaled, padded and resampled to the work's own parameters and both are encoded together, with
 * silence standing in for a missing soundtrack so picture and sound stay in step.
 */
export const joinClips = async (options: JoinClipsOptions): Promise<JoinMethod> =>
  (await join({ ...options, shouldHash: false })).method

/** `joinClips`, and with `shouldHash` the output's SHA-256. */
const join = async ({
  ffmpeg,
  introPath,
  workPath,
  intro,
  work,
  outputPath,
  shouldHash,
}: JoinClipsOptions & { shouldHash: boolean }): Promise<{
  method: JoinMethod
  sha256?: string
}> => {
  if (!work.video) {
    throw new Error('作品没有视频流，无法加片头 / the work has no video stream')
  }
  if (canStreamCopy(intro, work)) {
    const listPath = path.join(os.tmpdir(), `concat-${randomBytes(8).toString('hex')}.txt`)
    await fs.writeFile(listPath, concatList({ introPath, workPath, intro, work }))
    try {
      await runTool({
        command: ffmpeg,
        args: streamCopyArgs({ listPath, outputPath, hasAudio: Boolean(work.audio) }),
        timeoutMs: 10 * 60_000,
      })
    } finally {
      await fs.rm(listPath, { force: true })
    }
    // The output is hashed while ffprobe measures it: a kept copy needs no read of its own.
    const [joined, sha256] = await Promise.all([
      streamLayout(outputPath),
      shouldHash ? sha256OfFile(outputPath) : undefined,
    ])
    if (isExactJoin({ joined, intro, work })) {
      return { method: 'stream-copy', sha256 }
    }
  }
  await runTool({
    command: ffmpeg,
    args: reencodeArgs({ introPath, workPath, intro, work, outputPath }),
    timeoutMs: 30 * 60_000,
  })
  return { method: 're-encode', sha256: shouldHash ? await sha256OfFile(outputPath) : undefined }
}

/**
 * The concat demuxer's list of the two clips. Each file's `inpoint` (where its picture starts)
 * and `duration` (how long its picture lasts) are given, so the demuxer neither shifts the
 * picture by the sound's encoder priming nor starts the work after the intro's longest stream.
 */
export const concatList = ({
  introPath,
  workPath,
  intro,
  work,
}: {
  introPath: string
  workPath: string
  intro: StreamLayout
  work: StreamLayout
}): string => {
  const entry = (filePath: string, layout: StreamLayout) =>
    [
      `file '${filePath.replace(/'/g, "'\\''")}'`,
      `inpoint ${layout.startSeconds.toFixed(6)}`,
      `duration ${layout.durationSeconds.toFixed(6)}`,
    ].join('\n')
  return `${entry(introPath, intro)}\n${entry(workPath, work)}\n`
}

/**
 * Whether a stream-copied join is what a viewer should get: the picture starts at once and lasts
 * intro + work, the file plays no longer than intro + work, each within one frame.
 */
export const isExactJoin = ({
  joined,
  intro,
  work,
}: {
  joined: StreamLayout
  intro: StreamLayout
  work: StreamLayout
}): boolean => {
  const frame = frameSeconds(work.video?.frameRate)
  return (
    Math.abs(joined.startSeconds) <= frame / 2 &&
    Math.abs(joined.durationSeconds - (intro.durationSeconds + work.durationSeconds)) <= frame &&
    joined.fileDurationSeconds - (intro.durationSeconds + work.fileDurationSeconds) <= frame
  )
}

/** One frame's length at a frame rate as ffprobe gives it (`25/1`, `30000/1001`); 25 fps if unknown. */
const frameSeconds = (frameRate: string | undefined): number => {
  const [numerator, denominator = 1] = (frameRate ?? '').split('/').map(Number)
  const fps = numerator && denominator ? numerator / denominator : 25
  return 1 / fps
}

/** The concat demuxer over the list at `listPath`, every stream copied. */
export const streamCopyArgs = ({
  listPath,
  outputPath,
  hasAudio,
}: {
  listPath: string
  outputPath: string
  hasAudio: boolean
}): string[] => [
  '-v',
  'error',
  '-f',
  'concat',
  '-safe',
  '0',
  '-i',
  listPath,
  '-map',
  '0:v',
  ...(hasAudio ? ['-map', '0:a'] : []),
  '-c',
  'copy',
  '-movflags',
  '+faststart',
  '-y',
  outputPath,
]

/** Both clips decoded, brought to the work's format, joined by the concat filter and encoded. */
export const reencodeArgs = ({
  introPath,
  workPath,
  intro,
  work,
  outputPath,
}: {
  introPath: string
  workPath: string
  intro: StreamLayout
  work: StreamLayout
  outputPath: string
}): string[] => {
  if (!work.video) {
    throw new Error('作品没有视频流，无法加片头 / the work has no video stream')
  }
  const { width, height, frameRate, pixelFormat } = work.video
  const sampleRate = work.audio?.sampleRate ?? intro.audio?.sampleRate ?? 44100
  const layout = (work.audio?.channels ?? intro.audio?.channels ?? 2) === 1 ? 'mono' : 'stereo'
  const inputs = ['-i', introPath, '-i', workPath]
  // A clip without sound gets silence of its own length, so the soundtrack stays aligned.
  let silenceInput = 2
  const audioOf = (index: number, layoutOf: StreamLayout) => {
    if (layoutOf.audio) {
      // Decoders may hand over an AAC track's padding after its last sample (whole frames of
      // 1024 samples, 128 ms at 8 kHz): the concat filter would start the work that much after
      // the intro, so the intro's sound is cut or padded to its picture, and the work's is cut
      // to the length its file declares.
      const fitted =
        index === 0
          ? `,apad,atrim=end=${layoutOf.durationSeconds.toFixed(6)}`
          : `,atrim=end=${layoutOf.fileDurationSeconds.toFixed(6)}`
      return `[${index}:a]aresample=${sampleRate},aformat=sample_fmts=fltp:channel_layouts=${layout}${fitted}[a${index}]`
    }
    inputs.push(
      '-f',
      'lavfi',
      '-t',
      layoutOf.durationSeconds.toFixed(6),
      '-i',
      `anullsrc=r=${sampleRate}:cl=${layout}`,
    )
    return `[${silenceInput++}:a]aformat=sample_fmts=fltp:channel_layouts=${layout}[a${index}]`
  }
  const videoOf = (index: number) =>
    `[${index}:v]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${frameRate},format=${pixelFormat}[v${index}]`
  const filter = [
    videoOf(0),
    audioOf(0, intro),
    videoOf(1),
    audioOf(1, work),
    '[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
  ].join(';')
  return [
    '-v',
    'error',
    ...inputs,
    '-filter_complex',
    filter,
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    pixelFormat,
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-movflags',
    '+faststart',
    '-y',
    outputPath,
  ]
}
