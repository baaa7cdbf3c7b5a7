import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

import { originalPathOf } from '../utilities/mediaPaths'
import { discardPreparedUpload, getPreparedUpload } from '../utilities/preparedUpload'

/**
 * Once the row exists, keeps the untouched original of a file whose public copy had metadata
 * removed, in `originalsDir`, outside every static folder: only the staff endpoint serves it.
 * A replaced file's earlier original is removed. Temp files of the upload go in any case.
 */
export const keepOriginal =
  ({ originalsDir }: { originalsDir: string }): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const prepared = getPreparedUpload(req)
    if (!prepared || !req.file) {
      return doc
    }
    try {
      const filename = (doc as { filename?: string | null }).filename
      const previous = (previousDoc as { filename?: string | null } | undefined)?.filename
      if (previous && previous !== filename) {
        await fs.rm(originalPathOf({ originalsDir, filename: previous }), { force: true })
      }
      if (filename && prepared.original) {
        const target = originalPathOf({ originalsDir, filename })
        await fs.mkdir(path.dirname(target), { recursive: true })
        if ('data' in prepared.original) {
          await fs.writeFile(target, prepared.original.data)
        } else {
          await fs.copyFile(prepared.original.path, target)
        }
      } else if (filename) {
        // The same name may have held another file's original before (a deleted upload).
        await fs.rm(originalPathOf({ originalsDir, filename }), { force: true })
      }
    } finally {
      await discardPreparedUpload(req)
    }
    return doc
  }

/** A deleted file's original goes with it (Payload removes the public file). */
export const removeOriginal =
  ({ originalsDir }: { originalsDir: string }): CollectionAfterDeleteHook =>
  async ({ doc }) => {
    const filename = (doc as { filename?: string | null }).filename
    if (filename) {
      await fs.rm(originalPathOf({ originalsDir, filename }), { force: true })
    }
    return doc
  }
