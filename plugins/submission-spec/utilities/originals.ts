import type { Readable } from 'node:stream'

import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Where the untouched uploads are kept (GPS and all), by the stored file's (unique) name: only the
 * staff endpoint reads them, so the store must lie outside everything served. An app gives its
 * own (this one: an S3 bucket's `originals/` prefix when uploads are in S3, `src/storage`).
 */
export type OriginalsStore = {
  /** Keeps the original of the stored file `filename`, replacing any kept under that name. */
  put: (args: {
    filename: string
    source: { path: string } | { data: Buffer }
    /** The upload's type, for stores that record one. */
    mimeType?: string | null
  }) => Promise<void>
  /** The kept original as a stream, with its size when known; null when none is kept. */
  get: (args: { filename: string }) => Promise<{ stream: Readable; size?: number } | null>
  /** Removes the original of `filename`; nothing to remove is no error. */
  remove: (args: { filename: string }) => Promise<void>
}

/**
 * The default store: a folder on this server's disk, outside every upload's static folder. Only
 * the base name is used, so a stored name can never point outside it.
 */
export const directoryOriginals = (dir: string): OriginalsStore => {
  const pathOf = (filename: string) => path.join(path.resolve(dir), path.basename(filename))
  return {
    put: async ({ filename, source }) => {
      const target = pathOf(filename)
      await fs.mkdir(path.dirname(target), { recursive: true })
      if ('data' in source) {
        await fs.writeFile(target, source.data)
      } else {
        await fs.copyFile(source.path, target)
      }
    },
    get: async ({ filename }) => {
      const file = pathOf(filename)
      const stats = await fs.stat(file).catch(() => null)
      return stats?.isFile() ? { stream: createReadStream(file), size: stats.size } : null
    },
    remove: async ({ filename }) => {
      await fs.rm(pathOf(filename), { force: true })
    },
  }
}
