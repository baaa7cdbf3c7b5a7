import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * Downloading a file the CMS linked and checking it against the SHA-256 it gave for that link
 * (a push's `x_wangju.sha256[href]`, a feed attachment's `_wangju.sha256`). Files are streamed to
 * disk while they are hashed, so a 40 MB video is never held in memory, and stored under their
 * hash: a file two works (or two versions of one work) share is fetched and kept once.
 */

/** A download that cannot succeed by trying again: the link is gone or the bytes are not what was promised. */
export class FileRefused extends Error {}

/**
 * Downloads `href` into `dir` as `<sha256>` and returns `{ sha256, bytes, file }`. Refuses
 * (`FileRefused`) a file whose hash is not `expectedSha256`, or a link answering 404 or 410;
 * any other failure (network, 5xx, timeout) throws a plain error, worth trying again later.
 * With `expectedSha256` and the file already in `dir`, nothing is downloaded.
 */
export const downloadChecked = async ({ href, expectedSha256, dir, timeoutMs = 120_000 }) => {
  await fs.mkdir(dir, { recursive: true })
  if (expectedSha256) {
    const known = path.join(dir, expectedSha256)
    const stat = await fs.stat(known).catch(() => null)
    if (stat?.isFile()) {
      return { sha256: expectedSha256, bytes: stat.size, file: known, isCached: true }
    }
  }
  const res = await fetch(href, { signal: AbortSignal.timeout(timeoutMs) })
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel()
    throw new FileRefused(
      `${href} answered ${res.status}: the link is gone (a newer version of the work has the current links)`,
    )
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel()
    throw new Error(`${href} answered ${res.status}`)
  }
  const partial = path.join(dir, `.${randomUUID()}.part`)
  const hash = createHash('sha256')
  let bytes = 0
  try {
    await pipeline(
      Readable.fromWeb(res.body),
      async function* (chunks) {
        for await (const chunk of chunks) {
          hash.update(chunk)
          bytes += chunk.length
          yield chunk
        }
      },
      createWriteStream(partial),
    )
    const sha256 = hash.digest('hex')
    if (expectedSha256 && sha256 !== expectedSha256) {
      throw new FileRefused(
        `${href}: SHA-256 ${sha256} is not the ${expectedSha256} the CMS gave: refused`,
      )
    }
    const file = path.join(dir, sha256)
    await fs.rename(partial, file)
    return { sha256, bytes, file, isCached: false }
  } finally {
    await fs.rm(partial, { force: true })
  }
}
