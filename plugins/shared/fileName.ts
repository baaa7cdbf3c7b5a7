import path from 'node:path'

/** Longest extension a file name may carry: real media extensions have at most five characters. */
export const maxExtensionLength = 16

/** Longest file name, in UTF-8 bytes: what Linux file systems (ext4, xfs) store. */
export const maxFileNameBytes = 255

/**
 * Longest name a file is stored under, in UTF-8 bytes: room is left for what is added to it
 * later — Payload's `-1`, `-2` … when the name is taken, and the suffixes of renditions made
 * from it (`-intro.mp4`, `-label.jpg`).
 */
export const maxStoredNameBytes = 240

/**
 * Why a client's file name cannot be stored, in Chinese then English, or null when it can.
 * Checked before anything is written: a name the disk cannot hold would otherwise fail deep in
 * the upload with a server error.
 */
export const fileNameProblem = (name: string): string | null => {
  const extension = path.extname(name).slice(1)
  if (extension.length > maxExtensionLength) {
    return `文件扩展名过长（${extension.length} 个字符，最多 ${maxExtensionLength} 个） / file extension too long (${extension.length} characters, at most ${maxExtensionLength})`
  }
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes > maxFileNameBytes) {
    return `文件名过长（${bytes} 字节，最多 ${maxFileNameBytes} 字节） / file name too long (${bytes} bytes, at most ${maxFileNameBytes})`
  }
  return null
}

/**
 * The extension of a client's file name fit for a temp file of ours (`.mp4`), or `''`: the
 * client's name never becomes part of a server path beyond a short alphanumeric extension.
 */
export const safeExtension = (name: string): string => {
  const extension = path.extname(name)
  return /^\.[a-z0-9]{1,16}$/i.test(extension) ? extension.toLowerCase() : ''
}

/**
 * `name` cut to at most `maxBytes` UTF-8 bytes, its extension kept: characters come off the end
 * of the base name, whole (never half a character). A name that fits comes back as it is.
 */
export const shortenFileName = (name: string, maxBytes = maxStoredNameBytes): string => {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) {
    return name
  }
  const extension = path.extname(name)
  return `${cutToBytes(name.slice(0, name.length - extension.length), maxBytes - Buffer.byteLength(extension, 'utf8'))}${extension}`
}

/** The longest start of `text` of at most `maxBytes` UTF-8 bytes, cut between characters. */
export const cutToBytes = (text: string, maxBytes: number): string => {
  let bytes = 0
  let result = ''
  for (const character of text) {
    bytes += Buffer.byteLength(character, 'utf8')
    if (bytes > maxBytes) {
      break
    }
    result += character
  }
  return result
}
