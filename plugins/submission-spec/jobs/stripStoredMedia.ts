import type { Payload, TaskConfig } from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedOptions } from '../types'
import type { MediaKind } from '../utilities/probe'

import { mediaPaths } from '../utilities/mediaPaths'
import { probeMedia } from '../utilities/probe'
import { sha256OfFile } from '../utilities/sha256'
import { stripMetadata } from '../utilities/stripMetadata'

type MediaDoc = { id: number; filename?: string | null; mediaKind?: MediaKind | null; probe?: { container?: string | null } | null }

/** Files stored before uploads were stripped: `originalFile.isKept` was never decided for them. */
export const uncheckedMedia = { 'originalFile.isKept': { exists: false } } as const

/**
 * Brings files stored before uploads were stripped in line with new ones: the stored file is
 * replaced by its copy without location metadata (the upload kept in `originalsDir`), and its
 * probe, size and SHA-256 are measured again; a file with nothing to remove is only marked
 * checked. Until then the read rule keeps such a file from the public. Queued at start-up when
 * any are left (`queueStripStoredMedia`); works in batches and queues itself again until done.
 */
export const stripStoredMediaTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.stripTaskSlug as TaskConfig['slug'],
  label: '去除已存文件的位置信息 / Strip stored files',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  inputSchema: [],
  outputSchema: [{ name: 'checked', type: 'number' }],
  handler: async ({ req }) => {
    const { payload } = req
    const { docs, hasNextPage } = await payload.find({
      collection: options.slugs.media as 'media',
      where: uncheckedMedia as never,
      depth: 0,
      limit: 20,
      sort: 'id',
      overrideAccess: true,
    })
    for (const doc of docs as unknown as MediaDoc[]) {
      await stripStored({ payload, options, doc })
    }
    if (hasNextPage) {
      await payload.jobs.queue({ task: options.stripTaskSlug as 'processMedia', input: {} as never })
    }
    return { output: { checked: docs.length } }
  },
})

const stripStored = async ({ payload, options, doc }: { payload: Payload; options: ResolvedOptions; doc: MediaDoc }) => {
  const mark = (data: Record<string, unknown>) => payload.db.updateOne({ collection: options.slugs.media as 'media', id: doc.id, data, returning: false })
  const stored = doc.filename ? mediaPaths({ payload, options, filename: doc.filename }).stored : null
  if (!stored || !(await fs.stat(stored).catch(() => null))) {
    // Nothing on disk to publish: nothing can leak.
    await mark({ originalFile: { isKept: false, hadLocation: false, removed: null } })
    return
  }
  const kind = doc.mediaKind ?? (await probeMedia(stored)).kind
  const result = await stripMetadata({ filePath: stored, kind, container: doc.probe?.container ?? null }).catch((err: unknown) => {
    // Left unchecked, so it stays private: an editor can replace the file.
    payload.logger.warn({ msg: 'stored file could not be stripped; it stays private', mediaId: doc.id, err })
    return null
  })
  if (!result) {
    return
  }
  if (result.strippedPath) {
    const { original } = mediaPaths({ payload, options, filename: doc.filename! })
    await fs.mkdir(path.dirname(original), { recursive: true })
    await fs.copyFile(stored, original)
    await fs.copyFile(result.strippedPath, stored)
    await fs.rm(result.strippedPath, { force: true })
  }
  const probe = result.strippedPath ? await probeMedia(stored) : undefined
  await mark({
    ...(probe ? { probe, filesize: probe.sizeBytes, sha256: await sha256OfFile(stored) } : {}),
    originalFile: { isKept: Boolean(result.strippedPath), hadLocation: result.hadLocation, removed: result.removed.join(', ') || null },
  })
}

/** Queues the task once at start-up when files are left to check and none is queued yet. */
export const queueStripStoredMedia = async ({ payload, options }: { payload: Payload; options: ResolvedOptions }) => {
  const { totalDocs } = await payload.count({ collection: options.slugs.media as 'media', where: uncheckedMedia as never, overrideAccess: true })
  if (!totalDocs) {
    return
  }
  const queued = await payload.count({
    collection: 'payload-jobs',
    where: { and: [{ taskSlug: { equals: options.stripTaskSlug } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
    overrideAccess: true,
  })
  if (!queued.totalDocs) {
    await payload.jobs.queue({ task: options.stripTaskSlug as 'processMedia', input: {} as never })
  }
}
