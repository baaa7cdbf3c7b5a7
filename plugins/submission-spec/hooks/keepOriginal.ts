import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterOperationHook,
} from 'payload'

import type { OriginalsStore } from '../utilities/originals'

import { discardPreparedUpload, getPreparedUpload } from '../utilities/preparedUpload'

/**
 * Once the row exists, keeps the untouched original of a file whose public copy had metadata
 * removed in the `originals` store, outside everything served: only the staff endpoint serves it.
 * A replaced file's earlier original is removed.
 */
export const keepOriginal =
  ({ originals }: { originals: OriginalsStore }): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const prepared = getPreparedUpload(req)
    if (!prepared || !req.file) {
      return doc
    }
    const { filename, mimeType } = doc as { filename?: string | null; mimeType?: string | null }
    const previous = (previousDoc as { filename?: string | null } | undefined)?.filename
    if (previous && previous !== filename) {
      await originals.remove({ filename: previous })
    }
    if (filename && prepared.original) {
      await originals.put({ filename, source: prepared.original, mimeType })
    } else if (filename) {
      // The same name may have held another file's original before (a deleted upload).
      await originals.remove({ filename })
    }
    return doc
  }

/**
 * After the whole operation, the upload's temp files go: not in `afterChange`, where a storage
 * adapter's hook (after ours) still reads the public copy from its temp file to upload it.
 */
export const discardUploadTemps: CollectionAfterOperationHook = async ({
  operation,
  req,
  result,
}) => {
  if (operation === 'create' || operation === 'update' || operation === 'updateByID') {
    await discardPreparedUpload(req)
  }
  return result
}

/** A deleted file's original goes with it (Payload, or its storage adapter, removes the public file). */
export const removeOriginal =
  ({ originals }: { originals: OriginalsStore }): CollectionAfterDeleteHook =>
  async ({ doc }) => {
    const filename = (doc as { filename?: string | null }).filename
    if (filename) {
      await originals.remove({ filename })
    }
    return doc
  }
