import type { PayloadRequest } from 'payload'

import { commitTransaction, initTransaction, killTransaction } from 'payload'
import fs from 'node:fs/promises'

import type { ResolvedOptions } from '../types'
import type { ReceivedFile } from '../utilities/multipart'
import type { MediaProbe } from '../utilities/probe'

import { isStoredLocally, localPathOf } from '../../shared/storedFile'
import { rememberMeasurement } from '../utilities/measureUpload'
import { discardPreparedUpload } from '../utilities/preparedUpload'

/**
 * Stores a checked public upload as media and runs `work` with its id, in one transaction: the
 * upload pipeline takes `probe` (the endpoint's measurement of the file) instead of measuring it
 * again. The
 * media row and what `work` writes commit together or not at all. A rolled-back media row would
 * leave its files behind (the public copy and the kept original), so they are removed then too,
 * with any temp file the upload still held. (A public copy a storage adapter already put in its
 * bucket stays there, named by no row: never served, and overwritten by the next upload of the
 * name.)
 */
export const withStoredUpload = async <T>({
  req,
  options,
  file,
  probe,
  alt,
  work,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  file?: ReceivedFile
  probe?: MediaProbe
  alt: string
  work: (mediaId: number | undefined) => Promise<T>
}): Promise<T> => {
  const shouldCommit = await initTransaction(req)
  let storedFile: string | undefined
  try {
    let mediaId: number | undefined
    if (file && probe) {
      rememberMeasurement(req, { filePath: file.tempFilePath, probe })
      const media = await req.payload.create({
        collection: options.slugs.media,
        data: { alt } as never,
        file: {
          data: Buffer.alloc(0),
          tempFilePath: file.tempFilePath,
          mimetype: probe.mime,
          name: file.name,
          size: file.size,
        },
        // The public may not upload; the endpoint does it for them, after its own checks.
        overrideAccess: true,
        req,
      })
      mediaId = Number(media.id)
      storedFile = (media as { filename?: string | null }).filename ?? undefined
    }
    const result = await work(mediaId)
    if (shouldCommit) {
      await commitTransaction(req)
    }
    return result
  } catch (err) {
    await killTransaction(req)
    await discardPreparedUpload(req)
    if (storedFile) {
      const { payload } = req
      const collection = options.slugs.media
      if (isStoredLocally({ payload, collection })) {
        await fs.rm(localPathOf({ payload, collection, filename: storedFile }), { force: true })
      }
      await options.originals.remove({ filename: storedFile })
    }
    throw err
  }
}
