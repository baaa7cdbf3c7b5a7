import path from 'node:path'

import {
  fileTypeFromBuffer,
  fileTypeFromFile,
  supportedExtensions,
  supportedMimeTypes,
} from 'file-type'

import { normalizeContainer } from './containers'

/** A file's real type, read from its first bytes. */
export type SniffedType = {
  /** E.g. `video/mp4`, `image/png`. */
  mime: string
  /** file-type's extension for it, e.g. `mp4`, `mov`, `jpg`, `png`. */
  ext: string
}

/** How a file's name and the client's MIME compare with its bytes. */
export type ClaimCheck = {
  /** The name's extension names another type than the bytes are. */
  isExtensionWrong: boolean
  /** The MIME the client sent names another type than the bytes are. */
  isMimeWrong: boolean
}

/** The type of the file at `filePath` from its bytes, never its name; null when no known type matches. */
export const sniffFile = async (filePath: string): Promise<SniffedType | null> =>
  toSniffed(await fileTypeFromFile(filePath))

/** The type of `bytes` (the start of a file is enough); null when no known type matches. */
export const sniffBytes = async (bytes: Uint8Array): Promise<SniffedType | null> =>
  toSniffed(await fileTypeFromBuffer(bytes))

/**
 * Whether a file name's extension or a claimed MIME disagrees with the sniffed bytes. Spellings
 * of one format agree (`.jpg` and `image/jpeg`, `.m4a` and an MP4). Nothing claimed (no extension,
 * no MIME, or `application/octet-stream`) never disagrees. Bytes of no known type disagree only
 * with claims of a type file-type would have recognised: a `.mp4` that is not one, but not a `.txt`.
 */
export const checkClaimedType = ({
  sniffed,
  fileName,
  claimedMime,
}: {
  sniffed: SniffedType | null
  fileName?: string | null
  claimedMime?: string | null
}): ClaimCheck => {
  const extension = fileName ? path.extname(fileName).slice(1) : ''
  const mime = normalizeMime(claimedMime ?? '')
  const hasClaimedExtension = extension !== ''
  const hasClaimedMime = mime !== '' && mime !== 'application/octet-stream'
  if (!sniffed) {
    return {
      isExtensionWrong: hasClaimedExtension && supportedExtensions.has(extension.toLowerCase()),
      isMimeWrong: hasClaimedMime && supportedMimeTypes.has(mime),
    }
  }
  return {
    isExtensionWrong:
      hasClaimedExtension && extensionFamily(extension) !== extensionFamily(sniffed.ext),
    isMimeWrong: hasClaimedMime && mimeFamily(mime) !== mimeFamily(sniffed.mime),
  }
}

const toSniffed = (result: { mime: string; ext: string } | undefined): SniffedType | null =>
  result ? { mime: result.mime, ext: result.ext } : null

// The ISO base media formats differ only in the brand file-type reads; a `.m4a` of brand `isom`
// is sniffed as mp4 and is no lie.
const isoMediaExtensions = new Set(['mp4', 'm4v', 'm4a'])

const extensionFamily = (extension: string): string => {
  const container = normalizeContainer(extension)
  return isoMediaExtensions.has(container) ? 'mp4' : container
}

const mimeAliases: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'video/x-matroska': 'video/matroska',
  'audio/x-matroska': 'audio/matroska',
  'video/mp4': 'mp4',
  'video/x-m4v': 'mp4',
  'audio/mp4': 'mp4',
  'audio/x-m4a': 'mp4',
  'audio/m4a': 'mp4',
}

const normalizeMime = (mime: string): string => (mime.split(';', 1)[0] ?? '').trim().toLowerCase()

const mimeFamily = (mime: string): string => {
  const normalized = normalizeMime(mime)
  return mimeAliases[normalized] ?? normalized
}
