import type { MediaKind } from './probe'

import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import { exifTool } from './exiftool'
import { readExif } from './readExif'
import { runTool } from '../../shared/runTool'
import type { MediaTools } from '../../shared/tools'

import { mediaTools } from '../../shared/tools'

/** What stripping did to a file. */
export type StripResult = {
  /** The copy without metadata, in `outputDir` (the caller moves or removes it); null when the file carried none. */
  strippedPath: string | null
  /** What the original carried that the copy does not, e.g. `['EXIF', 'GPS', 'XMP']` or `['location', 'data stream']`. */
  removed: string[]
  /** The original recorded where it was made: an EXIF GPS position, a location tag or a data stream (telemetry). */
  hadLocation: boolean
}

/** Metadata that could not be removed: the file must not be published as it is. */
export class MetadataStripError extends Error {
  /** The tool's own words, for the log only (they quote server paths). */
  readonly detail: string

  constructor({ detail, cause }: { detail: string; cause?: unknown }) {
    super(
      '无法去除文件中的元数据（如拍摄位置），请另存为常见格式（JPEG、PNG、MP4）后重新上传 / ' +
        'the metadata in this file (such as where it was taken) cannot be removed: save it as JPEG, PNG or MP4 and upload again',
      { cause },
    )
    this.name = 'MetadataStripError'
    this.detail = detail
  }
}

/**
 * Makes the copy of an upload that may be published: a photo without EXIF (but its orientation
 * and colour profile), XMP, IPTC or text chunks, through ExifTool, so the pixels stay exactly as
 * uploaded; a video or sound file remuxed by ffmpeg without global, stream and chapter metadata
 * (`©xyz` / `location`, Apple's QuickTime keys), without data streams (GPS telemetry) and
 * without cover art (a picture file with its own EXIF), the streams themselves copied untouched.
 * A file that carries nothing of the kind gets no copy and is published as uploaded. The copy is
 * checked afterwards; anything left is an error, never a copy that still says where it was made.
 */
export const stripMetadata = async ({
  filePath,
  kind,
  container,
  tools,
  outputDir,
}: {
  filePath: string
  /** The measured kind (`probeMedia`). */
  kind: MediaKind
  /** The measured container, e.g. `jpeg`, `mp4`; its usual extension names the copy's format. */
  container: string | null
  /** ffmpeg and ffprobe to use. @default mediaTools() */
  tools?: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>
  /**
   * Folder the copy is written to: the file's own folder lets the caller `rename` the copy over
   * the file, so a reader of the file gets the old or the new one whole, never a mix.
   * @default os.tmpdir()
   */
  outputDir?: string
}): Promise<StripResult> => {
  const dir = outputDir ?? os.tmpdir()
  if (kind === 'image') {
    return stripImage({ filePath, container, dir })
  }
  if (kind === 'video' || kind === 'audio') {
    return stripAudioVisual({ filePath, container, dir, tools: tools ?? (await mediaTools()) })
  }
  return { strippedPath: null, removed: [], hadLocation: false }
}

type ImageMetadata = { removed: string[]; hasGps: boolean; hasXmpLocation: boolean }

const imageMetadataOf = async (filePath: string): Promise<ImageMetadata> => {
  const metadata = await sharp(filePath).metadata()
  const removed: string[] = []
  let hasGps = false
  if (metadata.exif) {
    removed.push('EXIF')
    hasGps = readExif(metadata.exif).hasGps === true
    if (hasGps) {
      removed.push('GPS')
    }
  }
  const xmp = metadata.xmp ? metadata.xmp.toString('utf8') : ''
  if (metadata.xmp) {
    removed.push('XMP')
  }
  if (metadata.iptc) {
    removed.push('IPTC')
  }
  if (metadata.tifftagPhotoshop) {
    removed.push('Photoshop')
  }
  if (metadata.comments?.length) {
    removed.push('text')
  }
  return {
    removed,
    hasGps,
    hasXmpLocation: /GPS(Latitude|Longitude)|LocationShown|LocationCreated/i.test(xmp),
  }
}

const stripImage = async ({
  filePath,
  container,
  dir,
}: {
  filePath: string
  container: string | null
  dir: string
}): Promise<StripResult> => {
  const before = await imageMetadataOf(filePath)
  // A file with only an orientation left by an earlier strip is stripped again: cheap, and no
  // list of harmless EXIF tags to keep up to date.
  if (!before.removed.length) {
    return { strippedPath: null, removed: [], hadLocation: false }
  }
  const strippedPath = tempPath({ container: container ?? 'img', dir })
  const { command, args } = await exifTool()
  try {
    await runTool({
      command,
      // `-all=` drops every tag; `-tagsFromFile @` copies back only what changes how the picture
      // looks. `-m` lets minor format warnings pass; real errors still fail. Paths are absolute,
      // so a name can never be read as an option.
      args: [
        ...args,
        '-q',
        '-q',
        '-m',
        '-all=',
        '-tagsFromFile',
        '@',
        '-Orientation',
        '-ICC_Profile',
        '-o',
        strippedPath,
        path.resolve(filePath),
      ],
      timeoutMs: 60_000,
    })
    const after = await imageMetadataOf(strippedPath)
    if (after.hasGps || after.hasXmpLocation || after.removed.some((kind) => kind !== 'EXIF')) {
      throw new Error(`metadata left after stripping: ${after.removed.join(', ')}`)
    }
  } catch (error) {
    await fs.rm(strippedPath, { force: true })
    throw new MetadataStripError({ detail: (error as Error).message, cause: error })
  }
  const removed =
    before.hasXmpLocation && !before.removed.includes('GPS')
      ? [...before.removed, 'XMP location']
      : before.removed
  return { strippedPath, removed, hadLocation: before.hasGps || before.hasXmpLocation }
}

/** Tags that say nothing about the author or the place: a file with only these is not remuxed. */
const harmlessTags = new Set([
  'major_brand',
  'minor_version',
  'compatible_brands',
  'encoder',
  'handler_name',
  'vendor_id',
  'language',
  'creation_time',
  'duration',
  'timecode',
  'bps',
  'number_of_frames',
  'number_of_bytes',
])

const isoMediaContainers = new Set(['mp4', 'mov', 'm4a', 'm4v', '3gp', '3g2'])

type FfprobeTags = Record<string, string> | undefined
type FfprobeMetadata = {
  format?: { tags?: FfprobeTags }
  streams?: {
    index?: number
    codec_type?: string
    codec_name?: string
    disposition?: { attached_pic?: number }
    tags?: FfprobeTags
  }[]
  chapters?: unknown[]
}

const isLocationTag = (key: string, value: string) =>
  /location|©xyz|xyz$|gps|iso6709/i.test(key) ||
  /^[+-]\d{1,3}(\.\d+)?[+-]\d{1,3}(\.\d+)?/.test(value.trim())

type Tools = Pick<MediaTools, 'ffmpeg' | 'ffprobe'>

const audioVisualMetadataOf = async ({
  filePath,
  container,
  tools,
}: {
  filePath: string
  container: string | null
  tools: Tools
}) => {
  const { ffprobe } = tools
  const { stdout } = await runTool({
    command: ffprobe,
    args: [
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      // An XMP packet in an MP4 or MOV shows up as an `xmp` tag only when asked for.
      ...(container && isoMediaContainers.has(container) ? ['-export_xmp', '1'] : []),
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '-show_chapters',
      `file:${path.resolve(filePath)}`,
    ],
    timeoutMs: 60_000,
  })
  const output = JSON.parse(stdout) as FfprobeMetadata
  const removed = new Set<string>()
  let hadLocation = false
  const tags = [output.format?.tags, ...(output.streams ?? []).map((stream) => stream.tags)]
  for (const [key, value] of tags.flatMap((record) => Object.entries(record ?? {}))) {
    const name = key.toLowerCase()
    if (harmlessTags.has(name) || name.startsWith('_statistics')) {
      continue
    }
    if (isLocationTag(name, String(value))) {
      hadLocation = true
      removed.add('location')
    } else {
      removed.add(name === 'xmp' ? 'XMP' : 'tags')
    }
  }
  if (
    (output.streams ?? []).some(
      (stream) => !['video', 'audio', 'subtitle'].includes(stream.codec_type ?? ''),
    )
  ) {
    // Phones and action cameras record GPS tracks as timed metadata streams.
    hadLocation = true
    removed.add('data stream')
  }
  if (output.chapters?.length) {
    removed.add('chapters')
  }
  // Cover art (MP3's APIC, MP4/M4A's `covr`) is a picture file stored whole, EXIF and all.
  const covers = (output.streams ?? []).filter((stream) => stream.disposition?.attached_pic === 1)
  for (const cover of covers) {
    removed.add('cover art')
    hadLocation ||= await coverHasLocation({ filePath, stream: cover, ffmpeg: tools.ffmpeg })
  }
  return { removed: [...removed], hadLocation }
}

/** Whether an attached picture's own metadata says where it was taken; false when it cannot be read. */
const coverHasLocation = async ({
  filePath,
  stream,
  ffmpeg,
}: {
  filePath: string
  stream: NonNullable<FfprobeMetadata['streams']>[number]
  ffmpeg: string
}): Promise<boolean> => {
  const picture = tempPath({
    container: stream.codec_name === 'png' ? 'png' : 'jpg',
    dir: os.tmpdir(),
  })
  try {
    await runTool({
      command: ffmpeg,
      args: [
        '-v',
        'error',
        '-y',
        '-protocol_whitelist',
        'file',
        '-i',
        `file:${path.resolve(filePath)}`,
        '-map',
        `0:${stream.index ?? 0}`,
        '-c',
        'copy',
        '-frames:v',
        '1',
        '-f',
        'image2',
        `file:${picture}`,
      ],
      timeoutMs: 60_000,
    })
    const metadata = await imageMetadataOf(picture)
    return metadata.hasGps || metadata.hasXmpLocation
  } catch {
    return false
  } finally {
    await fs.rm(picture, { force: true })
  }
}

const stripAudioVisual = async ({
  filePath,
  container,
  dir,
  tools,
}: {
  filePath: string
  container: string | null
  dir: string
  tools: Tools
}): Promise<StripResult> => {
  const before = await audioVisualMetadataOf({ filePath, container, tools }).catch(
    (error: unknown) => {
      throw new MetadataStripError({ detail: (error as Error).message, cause: error })
    },
  )
  if (!before.removed.length) {
    return { strippedPath: null, removed: [], hadLocation: false }
  }
  const strippedPath = tempPath({ container: container ?? 'mp4', dir })
  try {
    await runTool({
      command: tools.ffmpeg,
      // Flags both Debian's ffmpeg 5 and the npm build of 2018 understand. Only picture, sound
      // and subtitles are kept (`?`: when there are any); the streams are copied, not re-encoded.
      // `V`, not `v`: video that is not an attached picture, so cover art (a JPEG with its own
      // EXIF, GPS included) is left behind.
      args: [
        '-v',
        'error',
        '-y',
        '-protocol_whitelist',
        'file',
        '-i',
        `file:${path.resolve(filePath)}`,
        '-map',
        '0:V?',
        '-map',
        '0:a?',
        '-map',
        '0:s?',
        '-map_metadata',
        '-1',
        '-map_chapters',
        '-1',
        '-c',
        'copy',
        // No `encoder` tag naming our ffmpeg either.
        '-fflags',
        '+bitexact',
        `file:${strippedPath}`,
      ],
      timeoutMs: 10 * 60_000,
    })
    const after = await audioVisualMetadataOf({ filePath: strippedPath, container, tools })
    if (after.removed.length) {
      throw new Error(`metadata left after stripping: ${after.removed.join(', ')}`)
    }
  } catch (error) {
    await fs.rm(strippedPath, { force: true })
    throw error instanceof MetadataStripError
      ? error
      : new MetadataStripError({ detail: (error as Error).message, cause: error })
  }
  return { strippedPath, ...before }
}

/**
 * A fresh path in `dir` whose extension tells ffmpeg the container to write. Hidden (a leading
 * dot): in a static folder it is never an upload's name.
 */
const tempPath = ({ container, dir }: { container: string; dir: string }) =>
  path.join(
    dir,
    `.strip-${randomBytes(8).toString('hex')}.${/^[a-z0-9]{1,8}$/.test(container) ? container : 'bin'}`,
  )
