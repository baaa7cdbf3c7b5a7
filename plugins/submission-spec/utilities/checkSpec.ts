import type { MediaKind, MediaProbe } from './probe'

import { normalizeContainer } from './containers'
import { countCharacters } from './textLength'

/** A kind of work a call accepts. A PDF or Word file goes with `text`. */
export type SpecMediaKind = 'video' | 'image' | 'audio' | 'text'

/**
 * A sub-project's 作品要求, as the plugin reads it from `<sub-projects>.spec`: a group with these
 * fields (any left empty sets no limit). The app's field may hold more (notes for editors).
 */
export type SubmissionSpec = {
  /** What kinds of work the call accepts; empty accepts any. */
  mediaKinds?: SpecMediaKind[] | null
  /** Accepted containers (`mp4`, `jpeg` …); empty accepts any. */
  containers?: string[] | null
  minDurationSeconds?: number | null
  maxDurationSeconds?: number | null
  /** The maximum is not allowed itself: 小于 3 分钟, not 不超过 3 分钟. */
  maxDurationIsExclusive?: boolean | null
  maxFileSizeMB?: number | null
  /** The maximum is not allowed itself: 小于 50 MB, not 不超过 50 MB. */
  maxFileSizeIsExclusive?: boolean | null
  /** In characters as 字数 counts them: whitespace does not count. */
  minTextLength?: number | null
  maxTextLength?: number | null
  /** A video must carry a subtitle stream. */
  subtitlesRequired?: boolean | null
  /** 声音清楚: a video or audio file must carry sound, and not silence throughout. */
  audibleAudioRequired?: boolean | null
  /** 组照: at least this many photos in the entry. */
  minPhotoCount?: number | null
  /** A resolution floor in pixels, whichever way the photo is turned: 长边 / 短边不少于. */
  minImageLongSide?: number | null
  minImageShortSide?: number | null
  /** 须为原图: a photo must carry the camera's EXIF (make or model); screenshots and exports lose it. */
  cameraOriginalRequired?: boolean | null
  /** The entry must declare true people and events (`isAuthentic`). */
  authenticityRequired?: boolean | null
  /** The entry must declare the work its authors' own (原创, `isOriginal`). */
  originalityRequired?: boolean | null
  /** Further declarations the organizer wrote, each of which the entry must make (`declarations`). */
  declarations?: { text?: string | null }[] | null
}

export type ViolationCode =
  | 'media-missing'
  | 'media-kind'
  | 'container'
  | 'duration-too-short'
  | 'duration-too-long'
  | 'file-too-large'
  | 'subtitles-missing'
  | 'audio-missing'
  | 'audio-silent'
  | 'too-few-photos'
  | 'resolution-too-low'
  | 'not-camera-original'
  | 'text-too-short'
  | 'text-too-long'
  | 'authenticity-missing'
  | 'originality-missing'
  | 'declaration-missing'

export type Violation = {
  /** The entry field at fault: `media.<index>`, `media`, `text`, `isAuthentic`, `isOriginal` or `declarations`. */
  path: string
  code: ViolationCode
  /** Chinese, then ` / ` and English, naming the measured value and the limit. */
  message: string
}

export type CheckSpecInput = {
  /** Named in the Chinese messages, as editors know the call (“网络正能量微视频征集”). */
  subProjectName: string
  spec: SubmissionSpec | null | undefined
  /** The entry's files, probed, in the order of the entry's `media`. */
  files: MediaProbe[]
  text?: string | null
  isAuthentic?: boolean | null
  isOriginal?: boolean | null
  /** The declarations the entry makes, as the sub-project words them. */
  declarations?: string[] | null
}

const bytesPerMB = 1024 * 1024

/**
 * Loudest sample below which a clip counts as silent, in dBFS. Digital silence measures −91 dB;
 * room tone picked up by a phone stays around −60 dB to −50 dB; speech peaks above −20 dB.
 */
export const silentBelowDb = -50

/**
 * Every way an entry breaks its sub-project's 作品要求, all at once, one violation per problem.
 * Pure: the caller probes the files and decides what applies, e.g. that a draft may still lack
 * its text or its media.
 */
export const checkSpec = ({
  subProjectName,
  spec,
  files,
  text,
  isAuthentic,
  isOriginal,
  declarations,
}: CheckSpecInput): Violation[] => {
  const violations: Violation[] = []
  // Quotes inside quotes turn single in Chinese: “‘最美画面故事’征集”, not ““最美画面故事”征集”.
  const name = `“${subProjectName.replace(/“/g, '‘').replace(/”/g, '’')}”`
  const englishName = `"${subProjectName}"`
  const allowedKinds = spec?.mediaKinds ?? []
  const allowedContainers = (spec?.containers ?? []).map(normalizeContainer).filter(Boolean)
  const fileKinds = allowedKinds.filter((kind) => kind !== 'text')

  // A call for files only (no text work) gets nothing without one.
  if (files.length === 0 && fileKinds.length > 0 && !allowedKinds.includes('text')) {
    violations.push({
      path: 'media',
      code: 'media-missing',
      message: `${name}要求提交${listZh(fileKinds.map((kind) => kindLabels[kind].zh))}作品，未上传文件 / ${englishName} requires ${listEn(fileKinds.map((kind) => kindLabels[kind].en))}; no file was uploaded`,
    })
  }

  files.forEach((file, index) => {
    const path = `media.${index}`
    const format = file.container ? file.container.toUpperCase() : null
    const label = kindLabels[file.kind]
    const isKindAllowed =
      allowedKinds.length === 0 || isAllowedKind({ kind: file.kind, allowedKinds })
    if (!isKindAllowed) {
      const whatZh =
        format && file.kind !== 'unknown' ? `文件是 ${format} ${label.zh}` : '文件类型无法识别'
      const whatEn =
        format && file.kind !== 'unknown'
          ? `the file is ${label.article} (${format})`
          : "the file's type is not recognised"
      violations.push({
        path,
        code: 'media-kind',
        message: `${whatZh}，${name}只接受${listZh(allowedKinds.map((kind) => kindLabels[kind].zh))} / ${whatEn}; ${englishName} accepts ${listEn(allowedKinds.map((kind) => kindLabels[kind].en))} only`,
      })
    }
    // A file of the wrong kind is already refused; naming its container too would say the same twice.
    if (
      isKindAllowed &&
      allowedContainers.length > 0 &&
      !(file.container && allowedContainers.includes(normalizeContainer(file.container)))
    ) {
      const accepted = allowedContainers.map((container) => container.toUpperCase())
      violations.push({
        path,
        code: 'container',
        message: format
          ? `文件格式为 ${format}，${name}只接受 ${listZh(accepted)} / the file is ${format}; ${englishName} accepts ${listEn(accepted)} only`
          : `文件格式无法识别，${name}只接受 ${listZh(accepted)} / the file's format is not recognised; ${englishName} accepts ${listEn(accepted)} only`,
      })
    }

    if (file.durationSeconds !== undefined) {
      // Compared as printed, to a tenth of a second: a clip cut to exactly 3:00 probes as 180.02 s
      // (audio priming, frame rounding), and "180 秒，超过 180 秒" would help nobody.
      const duration = Math.round(file.durationSeconds * 10) / 10
      const subjectZh = file.kind === 'audio' ? '音频时长' : '视频时长'
      const subjectEn = file.kind === 'audio' ? 'audio' : 'video'
      const min = spec?.minDurationSeconds
      const max = spec?.maxDurationSeconds
      if (typeof min === 'number' && duration < min) {
        violations.push({
          path,
          code: 'duration-too-short',
          message: `${subjectZh} ${duration} 秒，短于${name}要求的 ${durationZh(min)} / ${subjectEn} is ${duration} s long, shorter than the ${durationEn(min)} required`,
        })
      }
      if (typeof max === 'number' && spec?.maxDurationIsExclusive && duration >= max) {
        violations.push({
          path,
          code: 'duration-too-long',
          message: `${subjectZh} ${duration} 秒，${name}要求短于 ${durationZh(max)} / ${subjectEn} is ${duration} s long; ${englishName} requires less than ${durationEn(max)}`,
        })
      } else if (typeof max === 'number' && duration > max) {
        violations.push({
          path,
          code: 'duration-too-long',
          message: `${subjectZh} ${duration} 秒，超过${name}允许的 ${durationZh(max)} / ${subjectEn} is ${duration} s long, longer than the ${durationEn(max)} allowed`,
        })
      }
    }

    const maxMB = spec?.maxFileSizeMB
    const sizeMB = (file.sizeBytes / bytesPerMB).toFixed(1)
    if (
      typeof maxMB === 'number' &&
      spec?.maxFileSizeIsExclusive &&
      file.sizeBytes >= maxMB * bytesPerMB
    ) {
      violations.push({
        path,
        code: 'file-too-large',
        message: `文件大小 ${sizeMB} MB，${name}要求小于 ${maxMB} MB / the file is ${sizeMB} MB; ${englishName} requires less than ${maxMB} MB`,
      })
    } else if (typeof maxMB === 'number' && file.sizeBytes > maxMB * bytesPerMB) {
      violations.push({
        path,
        code: 'file-too-large',
        message: `文件大小 ${sizeMB} MB，超过${name}允许的 ${maxMB} MB / the file is ${sizeMB} MB, larger than the ${maxMB} MB allowed`,
      })
    }

    // Only a subtitle stream can be detected. Subtitles burned into the picture (most phone-edited
    // micro-videos) cannot be, and are left to the screening editor (初筛) to confirm.
    if (spec?.subtitlesRequired && file.kind === 'video' && !file.hasSubtitleStream) {
      violations.push({
        path,
        code: 'subtitles-missing',
        message: `视频没有字幕轨，${name}要求配字幕 / the video has no subtitle stream; ${englishName} requires subtitles`,
      })
    }

    if (spec?.audibleAudioRequired && (file.kind === 'video' || file.kind === 'audio')) {
      // A video's probe always named its sound's codec, so no codec means no sound. Loudness is
      // measured since this check exists: a file probed before has none, and is not judged on it.
      if (!file.audioCodec) {
        violations.push({
          path,
          code: 'audio-missing',
          message: `${kindLabels[file.kind].zh}没有声音（无音轨），${name}要求声音清楚 / the ${file.kind} has no sound track; ${englishName} requires clear sound`,
        })
      } else if (typeof file.maxVolumeDb === 'number' && file.maxVolumeDb < silentBelowDb) {
        violations.push({
          path,
          code: 'audio-silent',
          message: `${kindLabels[file.kind].zh}全程无声（最大音量 ${file.maxVolumeDb} dB，低于 ${silentBelowDb} dB），${name}要求声音清楚 / the ${file.kind} is silent throughout (loudest ${file.maxVolumeDb} dB, below ${silentBelowDb} dB); ${englishName} requires clear sound`,
        })
      }
    }

    if (file.kind === 'image' && file.width && file.height) {
      const long = Math.max(file.width, file.height)
      const short = Math.min(file.width, file.height)
      const minLong = spec?.minImageLongSide
      const minShort = spec?.minImageShortSide
      if (
        (typeof minLong === 'number' && long < minLong) ||
        (typeof minShort === 'number' && short < minShort)
      ) {
        const floor = [
          typeof minLong === 'number'
            ? { zh: `长边不少于 ${minLong}`, en: `a long side of at least ${minLong}` }
            : null,
          typeof minShort === 'number'
            ? { zh: `短边不少于 ${minShort}`, en: `a short side of at least ${minShort}` }
            : null,
        ].filter((each) => each !== null)
        violations.push({
          path,
          code: 'resolution-too-low',
          message: `图片 ${file.width}×${file.height} 像素，${name}要求${floor.map((each) => each.zh).join('、')} 像素 / the image is ${file.width}×${file.height} pixels; ${englishName} requires ${floor.map((each) => each.en).join(' and ')} pixels`,
        })
      }
    }

    if (
      spec?.cameraOriginalRequired &&
      file.kind === 'image' &&
      !(file.uploadedCamera ?? file.exif)?.make &&
      !(file.uploadedCamera ?? file.exif)?.model
    ) {
      violations.push({
        path,
        code: 'not-camera-original',
        message: `图片没有相机拍摄信息（EXIF），可能是截图或导出的副本，${name}要求提交原图 / the image carries no camera EXIF (a screenshot or an exported copy); ${englishName} requires the original photo`,
      })
    }
  })

  const photoCount = files.filter((file) => file.kind === 'image').length
  const minPhotos = spec?.minPhotoCount
  // A call for photos or video (either) asks for a series only of an entry that sends photos.
  if (typeof minPhotos === 'number' && minPhotos > 1 && photoCount > 0 && photoCount < minPhotos) {
    violations.push({
      path: 'media',
      code: 'too-few-photos',
      message: `组照 ${photoCount} 张，少于${name}要求的 ${minPhotos} 张 / ${photoCount} photos, fewer than the ${minPhotos} ${englishName} requires in a series`,
    })
  }

  const length = countCharacters(text ?? '')
  const minLength = spec?.minTextLength
  const maxLength = spec?.maxTextLength
  if (typeof minLength === 'number' && length < minLength) {
    violations.push({
      path: 'text',
      code: 'text-too-short',
      message: `字数 ${length}，少于${name}要求的 ${minLength} 字 / ${length} characters, fewer than the ${minLength} required`,
    })
  }
  if (typeof maxLength === 'number' && length > maxLength) {
    violations.push({
      path: 'text',
      code: 'text-too-long',
      message: `字数 ${length}，超过${name}允许的 ${maxLength} 字 / ${length} characters, more than the ${maxLength} allowed`,
    })
  }

  if (spec?.authenticityRequired && !isAuthentic) {
    violations.push({
      path: 'isAuthentic',
      code: 'authenticity-missing',
      message: `${name}要求声明作品为真人真事 / ${englishName} requires declaring true people and events`,
    })
  }
  if (spec?.originalityRequired && !isOriginal) {
    violations.push({
      path: 'isOriginal',
      code: 'originality-missing',
      message: `${name}要求声明作品为原创 / ${englishName} requires declaring the work original`,
    })
  }
  const made = new Set((declarations ?? []).map((each) => each.trim()))
  for (const wanted of (spec?.declarations ?? []).map((each) => each.text?.trim() ?? '')) {
    if (wanted && !made.has(wanted)) {
      violations.push({
        path: 'declarations',
        code: 'declaration-missing',
        message: `${name}要求声明：“${wanted}” / ${englishName} requires the declaration “${wanted}”`,
      })
    }
  }
  return violations
}

type AllowedKind = SpecMediaKind

const kindLabels: Record<MediaKind | AllowedKind, { zh: string; en: string; article: string }> = {
  video: { zh: '视频', en: 'video', article: 'a video' },
  audio: { zh: '音频', en: 'audio', article: 'an audio file' },
  image: { zh: '图片', en: 'images', article: 'an image' },
  text: { zh: '文字', en: 'text', article: 'a text' },
  document: { zh: '文档', en: 'documents', article: 'a document' },
  unknown: { zh: '文件', en: 'files', article: 'a file' },
}

// A text work is typed into the entry's text, which is what gets counted; a PDF or Word file of
// it may come along where text is allowed.
const isAllowedKind = ({
  kind,
  allowedKinds,
}: {
  kind: MediaKind
  allowedKinds: AllowedKind[]
}): boolean =>
  kind === 'document' ? allowedKinds.includes('text') : (allowedKinds as string[]).includes(kind)

const durationZh = (seconds: number): string =>
  isWholeMinutes(seconds) ? `${seconds / 60} 分钟（${seconds} 秒）` : `${seconds} 秒`

const durationEn = (seconds: number): string =>
  isWholeMinutes(seconds)
    ? `${seconds / 60} minute${seconds === 60 ? '' : 's'} (${seconds} s)`
    : `${seconds} s`

const isWholeMinutes = (seconds: number): boolean => seconds >= 60 && seconds % 60 === 0

const listZh = (items: string[]): string => items.join('、')

const listEn = (items: string[]): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
