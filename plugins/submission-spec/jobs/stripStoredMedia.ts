import type { Payload, TaskConfig, Where } from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedOptions } from '../types'
import type { MediaKind, MediaProbe } from '../utilities/probe'

import { cameraOf, MediaProbeError, probeMedia } from '../utilities/probe'
import { storedCopyFlag } from '../utilities/preparedUpload'
import { sha256OfFile } from '../../shared/sha256'
import { isStoredLocally, StoredFileMissingError, withLocalCopy } from '../../shared/storedFile'
import { MetadataStripError, stripMetadata } from '../utilities/stripMetadata'

type MediaDoc = {
  id: number
  filename?: string | null
  mimeType?: string | null
  mediaKind?: MediaKind | null
  probe?: (Pick<MediaProbe, 'exif' | 'uploadedCamera'> & { container?: string | null }) | null
}

/**
 * Files stored before uploads were stripped: `originalFile.isKept` was never decided for them,
 * and the job has not failed on them yet (`originalFile.stripFailedAt`).
 */
export const uncheckedMedia: Where = {
  and: [
    { 'originalFile.isKept': { exists: false } },
    { 'originalFile.stripFailedAt': { exists: false } },
  ],
}

/** Files a run takes on: small enough that one run never holds the queue for long. */
const batchSize = 20

/**
 * Brings files stored before uploads were stripped in line with new ones: the stored file is
 * replaced by its copy without location metadata (the upload kept in the `originals` store), and its
 * probe, size and SHA-256 are measured again; a file with nothing to remove is only marked
 * checked. Until then the read rule keeps such a file from the public. Queued at start-up when
 * any are left (`queueStripStoredMedia`); works through them in id order, `batchSize` a run,
 * each run queuing the next with the last id it saw (`afterId`), so the job ends whatever fails.
 * A file that cannot be read or stripped is marked (`originalFile.stripFailedAt`, `stripError`)
 * and left private for an editor to upload again; it is not tried again.
 */
export const stripStoredMediaTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.stripTaskSlug,
  label: '去除已存文件的位置信息 / Strip stored files',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  inputSchema: [{ name: 'afterId', type: 'number' }],
  outputSchema: [
    { name: 'checked', type: 'number' },
    { name: 'failed', type: 'number' },
  ],
  handler: async ({ input, req }) => {
    const { payload } = req
    const afterId = Number((input as { afterId?: number | null } | undefined)?.afterId ?? 0)
    const where: Where = { and: [uncheckedMedia, { id: { greater_than: afterId } }] }
    const { docs, hasNextPage } = await payload.find({
      collection: options.slugs.media,
      where,
      depth: 0,
      limit: batchSize,
      sort: 'id',
      overrideAccess: true,
    })
    let failed = 0
    for (const doc of docs as unknown as MediaDoc[]) {
      failed += (await stripStored({ payload, options, doc })) ? 0 : 1
    }
    if (hasNextPage) {
      await payload.jobs.queue({
        task: options.stripTaskSlug,
        input: { afterId: Number(docs.at(-1)!.id) } as never,
      })
    }
    return { output: { checked: docs.length - failed, failed } }
  },
})

/** Strips one stored file; false when it could not (and the failure is recorded on the document). */
const stripStored = async ({
  payload,
  options,
  doc,
}: {
  payload: Payload
  options: ResolvedOptions
  doc: MediaDoc
}): Promise<boolean> => {
  const collection = options.slugs.media
  const mark = (data: Record<string, unknown>) =>
    payload.db.updateOne({ collection, id: doc.id, data, returning: false })
  const isLocal = isStoredLocally({ payload, collection })
  try {
    // The file itself on this server's disk, or a temp copy from the bucket.
    await withLocalCopy({
      payload,
      collection,
      doc,
      work: async (stored) => {
        const filename = doc.filename!
        const kind = doc.mediaKind ?? (await probeMedia(stored)).kind
        // Written beside the file: on disk it is renamed over it.
        const result = await stripMetadata({
          filePath: stored,
          kind,
          container: doc.probe?.container ?? null,
          outputDir: path.dirname(stored),
        })
        let strippedPath = result.strippedPath
        try {
          let publicCopy = stored
          if (strippedPath) {
            await options.originals.put({
              filename,
              source: { path: stored },
              mimeType: doc.mimeType,
            })
            if (isLocal) {
              // Atomic: a download under way keeps reading the file it opened, a new one gets the copy.
              await fs.rename(strippedPath, stored)
              strippedPath = null
            } else {
              await replaceStoredFile({ payload, collection, doc, filePath: strippedPath })
              publicCopy = strippedPath
            }
          }
          // The camera the stored file named goes on in its probe: the originality check (原图) reads it.
          const probe = result.strippedPath
            ? { ...(await probeMedia(publicCopy)), ...cameraOf(doc.probe) }
            : undefined
          await mark({
            ...(probe
              ? { probe, filesize: probe.sizeBytes, sha256: await sha256OfFile(publicCopy) }
              : {}),
            originalFile: {
              isKept: Boolean(result.strippedPath),
              hadLocation: result.hadLocation,
              removed: result.removed.join(', ') || null,
            },
          })
        } finally {
          if (strippedPath) {
            await fs.rm(strippedPath, { force: true })
          }
        }
      },
    })
    return true
  } catch (err) {
    if (err instanceof StoredFileMissingError) {
      // No file to publish: nothing can leak.
      await mark({ originalFile: { isKept: false, hadLocation: false, removed: null } })
      return true
    }
    // Left undecided (`isKept` empty), so it stays private; marked, so the job does not take it again.
    payload.logger.warn({
      msg: 'stored file could not be stripped; it stays private',
      mediaId: doc.id,
      err,
    })
    await mark({
      originalFile: { stripFailedAt: new Date().toISOString(), stripError: failureReason(err) },
    })
    return false
  }
}

/**
 * Puts the stripped copy where the collection's storage adapter keeps the file, under the same
 * name (links given out stay valid): an update with the file, which the adapter uploads over the
 * old object. The upload pipeline is told it is this copy (`storedCopyFlag`): nothing to measure,
 * strip or keep again, and no renditions to make.
 */
const replaceStoredFile = async ({
  payload,
  collection,
  doc,
  filePath,
}: {
  payload: Payload
  collection: ResolvedOptions['slugs']['media']
  doc: MediaDoc
  filePath: string
}) => {
  const { size } = await fs.stat(filePath)
  await payload.update({
    collection,
    id: doc.id,
    data: {},
    file: {
      data: Buffer.alloc(0),
      tempFilePath: filePath,
      name: doc.filename!,
      mimetype: doc.mimeType ?? 'application/octet-stream',
      size,
    },
    overwriteExistingFiles: true,
    depth: 0,
    context: { [storedCopyFlag]: true, skipMediaProcessing: true },
  })
}

/** What an editor is told: the reason when it is ours to give (bilingual, no server paths), else where to look. */
const failureReason = (err: unknown): string =>
  err instanceof MetadataStripError || err instanceof MediaProbeError
    ? err.message.slice(0, 500)
    : '无法读取或处理此文件，详见服务器日志 / the file could not be read or processed: see the server log'

/** Queues the task once at start-up when files are left to check and none is queued yet. */
export const queueStripStoredMedia = async ({
  payload,
  options,
}: {
  payload: Payload
  options: ResolvedOptions
}) => {
  const { totalDocs } = await payload.count({
    collection: options.slugs.media,
    where: uncheckedMedia,
    overrideAccess: true,
  })
  if (!totalDocs) {
    return
  }
  const queued = await payload.count({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: options.stripTaskSlug } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
      ],
    },
    overrideAccess: true,
  })
  if (!queued.totalDocs) {
    await payload.jobs.queue({ task: options.stripTaskSlug, input: {} as never })
  }
}
