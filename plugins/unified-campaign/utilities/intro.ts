import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { runTool } from '../../submission-spec/utilities/runTool'
import { mediaTools } from '../../submission-spec/utilities/tools'

/** What decides whether two clips can be joined without re-encoding. */
export type StreamLayout = {
  durationSeconds: number
  video: { codec: string; width: number; height: number; frameRate: string; pixelFormat: string } | null
  audio: { codec: string; sampleRate: number; channels: number } | null
}

type FfprobeStream = {
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  r_frame_rate?: string
  pix_fmt?: string
  sample_rate?: string
  channels?: number
  duration?: string
}

/** The first video and audio streams of a clip, as ffprobe reports them. */
export const streamLayout = async (filePath: string): Promise<StreamLayout> => {
  const { ffprobe } = await mediaTools()
  const { stdout } = await runTool({
    command: ffprobe,
    args: ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', `file:${filePath}`],
    timeoutMs: 60_000,
  })
  const json = JSON.parse(stdout) as { streams?: FfprobeStream[]; format?: { duration?: string } }
  const video = json.streams?.find((s) => s.codec_type === 'video')
  const audio = json.streams?.find((s) => s.codec_type === 'audio')
  return {
    durationSeconds: Number(video?.duration ?? json.format?.duration ?? 0),
    video: video
      ? {
          codec: video.codec_name ?? '',
          width: video.width ?? 0,
          height: video.height ?? 0,
          frameRate: video.r_frame_rate ?? '25/1',
          pixelFormat: video.pix_fmt ?? 'yuv420p',
        }
      : null,
    audio: audio ? { codec: audio.codec_name ?? '', sampleRate: Number(audio.sample_rate ?? 44100), channels: audio.channels ?? 2 } : null,
  }
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

export type PrependResult = { outputPath: string; method: 'stream-copy' | 're-encode' }

/**
 * The campaign's intro clip (片头) in front of a work, into a new file; the work is only read.
 * Streams are copied when both clips match, so nothing is re-encoded; otherwise the intro is
 * scaled, padded and resampled to the work's own parameters and both are encoded together, with
 * silence standing in for a missing soundtrack so picture and sound stay in step.
 */
export const prependIntro = async ({ introPath, workPath }: { introPath: string; workPath: string }): Promise<PrependResult> => {
  const { ffmpeg } = await mediaTools()
  const [intro, work] = await Promise.all([streamLayout(introPath), streamLayout(workPath)])
  const outputPath = path.join(os.tmpdir(), `intro-${randomBytes(8).toString('hex')}.mp4`)
  const listPath = path.join(os.tmpdir(), `concat-${randomBytes(8).toString('hex')}.txt`)
  const { method, args } = introArgs({ introPath, workPath, intro, work, outputPath, listPath })
  if (method === 'stream-copy') {
    await fs.writeFile(listPath, concatList({ introPath, workPath }))
  }
  try {
    await runTool({ command: ffmpeg, args, timeoutMs: (method === 'stream-copy' ? 10 : 30) * 60_000 })
  } finally {
    await fs.rm(listPath, { force: true })
  }
  return { outputPath, method }
}

/** The concat demuxer's list of the two clips, for a stream copy. */
export const concatList = ({ introPath, workPath }: { introPath: string; workPath: string }): string => {
  const quote = (p: string) => `file '${p.replace(/'/g, "'\\''")}'`
  return `${quote(introPath)}\n${quote(workPath)}\n`
}

/**
 * The ffmpeg arguments `prependIntro` runs for these two clips: the concat demuxer over the list
 * at `listPath` when the streams can be copied, else the re-encoding filter graph.
 */
export const introArgs = ({
  introPath,
  workPath,
  intro,
  work,
  outputPath,
  listPath,
}: {
  introPath: string
  workPath: string
  intro: StreamLayout
  work: StreamLayout
  outputPath: string
  listPath: string
}): { method: PrependResult['method']; args: string[] } => {
  if (!work.video) {
    throw new Error('作品没有视频流，无法加片头 / the work has no video stream')
  }
  if (canStreamCopy(intro, work)) {
    return {
      method: 'stream-copy',
      args: ['-v', 'error', '-f', 'concat', '-safe', '0', '-i', listPath, '-map', '0:v', ...(work.audio ? ['-map', '0:a'] : []), '-c', 'copy', '-movflags', '+faststart', '-y', outputPath],
    }
  }
  const { width, height, frameRate, pixelFormat } = work.video
  const sampleRate = work.audio?.sampleRate ?? intro.audio?.sampleRate ?? 44100
  const layout = (work.audio?.channels ?? intro.audio?.channels ?? 2) === 1 ? 'mono' : 'stereo'
  const inputs = ['-i', introPath, '-i', workPath]
  // A clip without sound gets silence of its own length, so the soundtrack stays aligned.
  let silenceInput = 2
  const audioOf = (index: number, layoutOf: StreamLayout) => {
    if (layoutOf.audio) {
      return `[${index}:a]aresample=${sampleRate},aformat=sample_fmts=fltp:channel_layouts=${layout}[a${index}]`
    }
    inputs.push('-f', 'lavfi', '-t', layoutOf.durationSeconds.toFixed(3), '-i', `anullsrc=r=${sampleRate}:cl=${layout}`)
    return `[${silenceInput++}:a]aformat=sample_fmts=fltp:channel_layouts=${layout}[a${index}]`
  }
  const videoOf = (index: number) =>
    `[${index}:v]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${frameRate},format=${pixelFormat}[v${index}]`
  const filter = [videoOf(0), audioOf(0, intro), videoOf(1), audioOf(1, work), '[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]'].join(';')
  return {
    method: 're-encode',
    args: [
      '-v', 'error', ...inputs,
      '-filter_complex', filter,
      '-map', '[v]', '-map', '[a]',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', pixelFormat,
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart', '-y', outputPath,
    ],
  }
}
