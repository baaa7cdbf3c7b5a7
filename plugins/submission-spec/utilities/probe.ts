import type { FfprobeStreamFields, StreamLayout } from '../../shared/streamLayout'
import type { ExifSummary } from './readExif'

import { stat } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

import { normalizeContainer } from './containers'
import { readExif } from './readExif'
import { runTool } from '../../shared/runTool'
import { layoutOf } from '../../shared/streamLayout'
import { sniffFile } from './sniff'
import { mediaTools } from '../../shared/tools'

export type { ExifSummary } from './readExif'

export type MediaKind = 'video' | 'audio' | 'image' | 'document' | 'unknown'

/** What a submitted file really is, measured from its bytes. */
export type MediaProbe = {
  /** From the sniffed bytes, refined by the streams (an MP4 with only sound is audio). */
  kind: MediaKind
  /** From the bytes; `application/octet-stream` when they match no known type. */
  mime: string
  /** The format from the bytes, e.g. `mp4`, `mov`, `webm`, `jpeg`, `png`; null when unknown. */
  container: string | null
  sizeBytes: number
  durationSeconds?: number
  /** As displayed: a phone video or photo turned a quarter reports its upright size. */
  width?: number
  height?: number
  videoCodec?: string
  audioCodec?: string
  /** Bits per second over the whole file. */
  bitRate?: number
  /** A subtitle stream (mov_text, SRT…); subtitles burned into the picture are not one. */
  hasSubtitleStream?: boolean
  /**
   * Loudness of the first sound track over the whole file, in dBFS (ffmpeg's volumedetect): the
   * loudest sample and the mean. Digital silence is −91 dB. Absent without sound, or on files
   * probed before loudness was measured.
   */
  maxVolumeDb?: number
  meanVolumeDb?: number
  /** Frames per second, e.g. 25 or 29.97. */
  frameRate?: number
  /**
   * Video and audio: the first picture and sound streams as ffprobe gives them, so work that
   * joins or copies streams (an intro clip in front of a work: `canStreamCopy` of the
   * unified-campaign plugin) need not run ffprobe on the file again. Absent on files probed
   * before it was kept.
   */
  streams?: ProbeStreams
  /** Photos only, when they carry EXIF. */
  exif?: ExifSummary
  /**
   * The camera the uploaded photo's EXIF named, kept when the stored copy is stripped of it: the
   * originality check (原图) reads it. Only make and model, never where it was taken.
   */
  uploadedCamera?: { make?: string; model?: string }
}

/** The stream parameters `MediaProbe.streams` keeps, as ffprobe reports them. */
export type ProbeStreams = StreamLayout

export type ProbeMediaOptions = {
  /** How long ffprobe may take before the file is given up on. @default 60000 */
  timeoutMs?: number
}

/**
 * A file that claims (by its bytes) to be media but cannot be read as such. The message is
 * for the uploader and names no server path (the file is a temp file of ours); `filePath` and
 * `detail` (what ffprobe or sharp said, which quotes the path) are for the log.
 */
export class MediaProbeError extends Error {
  readonly filePath: string
  /** The tool's own words, for the log only. */
  readonly detail: string

  constructor({ filePath, detail, cause }: { filePath: string; detail: string; cause?: unknown }) {
    super(
      '无法读取媒体文件：文件不完整或已损坏 / cannot read the media file: it is incomplete or damaged',
      { cause },
    )
    this.name = 'MediaProbeError'
    this.filePath = filePath
    this.detail = detail
  }
}

/**
 * Measures a submitted file: its kind and container from its bytes (never its name or the
 * client's MIME), then video and audio through ffprobe and images through sharp. Documents and
 * unknown files get only their type and size. Rejects with `MediaProbeError` when a file whose
 * bytes say media cannot be read.
 */
export const probeMedia = async (
  filePath: string,
  { timeoutMs = 60_000 }: ProbeMediaOptions = {},
): Promise<MediaProbe> => {
  const absolutePath = path.resolve(filePath)
  const [stats, sniffed] = await Promise.all([stat(absolutePath), sniffFile(absolutePath)])
  if (!stats.isFile()) {
    throw new MediaProbeError({ filePath, detail: 'not a file' })
  }
  const mime = sniffed?.mime ?? 'application/octet-stream'
  const base = {
    mime,
    container: sniffed ? normalizeContainer(sniffed.ext) : null,
    sizeBytes: stats.size,
  }
  const kind = kindOfMime(mime)
  if (kind === 'image') {
    return { ...base, kind, ...(await readImage({ filePath: absolutePath })) }
  }
  if (kind === 'video' || kind === 'audio') {
    return {
      ...base,
      ...(await readAudioVisual({ filePath: absolutePath, sniffedKind: kind, timeoutMs })),
    }
  }
  return { ...base, kind }
}

const documentMimes = new Set([
  'application/pdf',
  'application/msword',
  'application/x-cfb',
  'application/rtf',
  'application/epub+zip',
])

const kindOfMime = (mime: string): MediaKind => {
  const [type] = mime.split('/')
  if (type === 'video' || type === 'audio' || type === 'image') {
    return type
  }
  if (
    documentMimes.has(mime) ||
    mime.startsWith('application/vnd.openxmlformats-officedocument.') ||
    mime.startsWith('application/vnd.oasis.opendocument.')
  ) {
    return 'document'
  }
  return 'unknown'
}

const readImage = async ({ filePath }: { filePath: string }): Promise<Partial<MediaProbe>> => {
  const metadata = await sharp(filePath)
    .metadata()
    .catch((error: unknown) => {
      throw new MediaProbeError({
        filePath,
        detail: error instanceof Error ? error.message : String(error),
        cause: error,
      })
    })
  const exif = metadata.exif ? readExif(metadata.exif) : undefined
  return {
    // Upright, as a viewer shows it: an editor judging a portrait photo expects it tall.
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    ...(exif ? { exif: { ...exif, orientation: metadata.orientation ?? exif.orientation } } : {}),
  }
}

/** The part of ffprobe's `-show_format -show_streams` JSON read here. */
type FfprobeStream = FfprobeStreamFields & {
  avg_frame_rate?: string
  disposition?: { attached_pic?: number }
  tags?: { rotate?: string }
  side_data_list?: { rotation?: number | string }[]
}
type FfprobeOutput = {
  streams?: FfprobeStream[]
  format?: { duration?: string; start_time?: string; bit_rate?: string }
}

const readAudioVisual = async ({
  filePath,
  sniffedKind,
  timeoutMs,
}: {
  filePath: string
  sniffedKind: 'video' | 'audio'
  timeoutMs: number
}): Promise<Partial<MediaProbe> & { kind: MediaKind }> => {
  const { ffprobe, ffmpeg } = await mediaTools()
  let output: FfprobeOutput
  try {
    const { stdout } = await runTool({
      command: ffprobe,
      args: [
        '-v',
        'error',
        // Only the local file: a playlist or reference movie must not make ffprobe open URLs.
        '-protocol_whitelist',
        'file',
        '-print_format',
        'json',
        '-show_format',
        '-show_streams',
        // `file:` so that a name starting with `-` or holding `:` is never read as an option or protocol.
        `file:${filePath}`,
      ],
      timeoutMs,
    })
    output = JSON.parse(stdout) as FfprobeOutput
  } catch (error) {
    throw new MediaProbeError({
      filePath,
      detail: error instanceof Error ? error.message : String(error),
      cause: error,
    })
  }

  const streams = output.streams ?? []
  // Cover art in an MP3 or M4A is a one-frame "video" stream; it does not make the file a video.
  const video = streams.find(
    (stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1,
  )
  const audio = streams.find((stream) => stream.codec_type === 'audio')
  const kind: MediaKind = video ? 'video' : audio ? 'audio' : sniffedKind
  const durationSeconds =
    toNumber(output.format?.duration) ?? maxOf(streams.map((stream) => toNumber(stream.duration)))
  const isQuarterTurned = video ? Math.abs(rotationOf(video)) % 180 === 90 : false
  const loudness = audio ? await measureLoudness({ filePath, ffmpeg, timeoutMs }) : undefined
  return withoutUndefined({
    kind,
    durationSeconds,
    width: isQuarterTurned ? video?.height : video?.width,
    height: isQuarterTurned ? video?.width : video?.height,
    videoCodec: video?.codec_name,
    audioCodec: audio?.codec_name,
    bitRate: toNumber(output.format?.bit_rate),
    hasSubtitleStream: streams.some((stream) => stream.codec_type === 'subtitle'),
    maxVolumeDb: loudness?.maxVolumeDb,
    meanVolumeDb: loudness?.meanVolumeDb,
    frameRate: video
      ? (parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate))
      : undefined,
    streams: layoutOf({ video, audio, format: output.format }),
  })
}

/** The camera a photo's EXIF named, to keep in the probe of its stripped copy (`uploadedCamera`). */
export const cameraOf = (
  probe: Pick<MediaProbe, 'exif' | 'uploadedCamera'> | null | undefined,
): Pick<MediaProbe, 'uploadedCamera'> => {
  const camera = probe?.uploadedCamera ?? probe?.exif
  return camera?.make || camera?.model
    ? { uploadedCamera: withoutUndefined({ make: camera.make, model: camera.model }) }
    : {}
}

/**
 * The first sound track's loudest and mean level (volumedetect decodes the sound only: a few
 * hundred milliseconds for a 5-minute clip). A track that cannot be decoded is left unmeasured
 * rather than failing the probe: the streams were read, and the spec judges what is known.
 */
const measureLoudness = async ({
  filePath,
  ffmpeg,
  timeoutMs,
}: {
  filePath: string
  ffmpeg: string
  timeoutMs: number
}): Promise<{ maxVolumeDb?: number; meanVolumeDb?: number } | undefined> => {
  try {
    const { stderr } = await runTool({
      command: ffmpeg,
      args: [
        '-nostdin',
        '-hide_banner',
        '-protocol_whitelist',
        'file',
        '-i',
        `file:${filePath}`,
        '-map',
        '0:a:0',
        '-af',
        'volumedetect',
        '-f',
        'null',
        '-',
      ],
      timeoutMs,
    })
    // `-inf dB` is what volumedetect prints for a track of zeros.
    const level = (match: RegExpExecArray | null) =>
      match?.[1] === '-inf' ? -91 : toNumber(match?.[1])
    return {
      maxVolumeDb: level(/max_volume: (-inf|-?\d+(?:\.\d+)?) dB/.exec(stderr)),
      meanVolumeDb: level(/mean_volume: (-inf|-?\d+(?:\.\d+)?) dB/.exec(stderr)),
    }
  } catch {
    return undefined
  }
}

/** Degrees a player turns the picture: the display matrix (ffprobe 5+) or the older `rotate` tag. */
const rotationOf = (stream: FfprobeStream): number =>
  toNumber(stream.side_data_list?.find((side) => side.rotation !== undefined)?.rotation) ??
  toNumber(stream.tags?.rotate) ??
  0

/** `30000/1001` → 29.97; `0/0` (unknown) → undefined. */
const parseRate = (rate: string | undefined): number | undefined => {
  const [numerator, denominator] = (rate ?? '').split('/').map(Number)
  if (!numerator || !denominator || !Number.isFinite(numerator / denominator)) {
    return undefined
  }
  return Math.round((numerator / denominator) * 1000) / 1000
}

const toNumber = (value: unknown): number | undefined => {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value !== ''
        ? Number(value)
        : NaN
  return Number.isFinite(number) ? number : undefined
}

const maxOf = (values: (number | undefined)[]): number | undefined => {
  const known = values.filter((value): value is number => value !== undefined)
  return known.length ? Math.max(...known) : undefined
}

const withoutUndefined = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T
