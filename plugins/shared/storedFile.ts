import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { CollectionSlug, Payload, PayloadRequest, TypeWithID, UploadConfig } from 'payload'

import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createLocalReq } from 'payload'

/**
 * Reading the file of an upload wherever the collection keeps it: in its `staticDir`, or — when a
 * storage adapter (S3, …) has turned local storage off — through the collection's own upload
 * handlers, the same way `GET /api/<collection>/file/<name>` serves it. Jobs that run ffmpeg,
 * sharp or ExifTool on a stored file need it on disk; with remote storage they get a temp copy,
 * so no instance needs a disk it shares with another.
 */

/** An upload document as far as finding its file goes. */
export type StoredDoc = { id: number | string; filename?: string | null } & Record<string, unknown>

/** Which file: the document's, in its collection. */
type FileOfDoc = {
  payload: Payload
  collection: CollectionSlug
  doc: StoredDoc
  /** The caller's request: the document's storage fields are read in its transaction. */
  req?: PayloadRequest
}

type UploadHandler = NonNullable<UploadConfig['handlers']>[number]

/** The stored file is not there (deleted, or lost from the disk or the bucket). */
export class StoredFileMissingError extends Error {
  constructor(filename: string) {
    super(`存储中没有此文件：${filename} / the stored file is missing: ${filename}`)
    this.name = 'StoredFileMissingError'
  }
}

/** The collection's files are on this server's disk (no storage adapter took them elsewhere). */
export const isStoredLocally = ({
  payload,
  collection,
}: {
  payload: Payload
  collection: CollectionSlug
}): boolean => !payload.collections[collection]?.config.upload?.disableLocalStorage

/** Where a file of a locally stored collection lies; only the base name counts. */
export const localPathOf = ({
  payload,
  collection,
  filename,
}: {
  payload: Payload
  collection: CollectionSlug
  filename: string
}): string => {
  const staticDir = payload.collections[collection]?.config.upload?.staticDir || collection
  return path.join(path.resolve(staticDir), path.basename(filename))
}

/**
 * The stored file as a stream, with its size when known, or null when it is not there. Local
 * storage: the file in `staticDir`. Otherwise the collection's upload handlers are asked in order
 * with the parameters Payload's file route gives them, on a request of their own (no user, no
 * `Range`): the first `Response` answers, a 404 meaning no such file.
 */
export const openStoredFile = async ({
  payload,
  collection,
  doc,
  req,
}: FileOfDoc): Promise<{ stream: Readable; size?: number } | null> => {
  const filename = doc.filename
  if (!filename) {
    return null
  }
  if (isStoredLocally({ payload, collection })) {
    const filePath = localPathOf({ payload, collection, filename })
    const stats = await fs.stat(filePath).catch(() => null)
    return stats?.isFile() ? { stream: createReadStream(filePath), size: stats.size } : null
  }
  const handlers: UploadHandler[] = payload.collections[collection]?.config.upload?.handlers ?? []
  const handlerReq = await createLocalReq({}, payload)
  const fullDoc = await withStorageFields({ payload, collection, doc, req })
  for (const handler of handlers) {
    const response = await handler(handlerReq, {
      doc: fullDoc as TypeWithID,
      headers: new Headers(),
      params: { collection, filename },
    })
    if (!(response instanceof Response)) {
      continue
    }
    if (response.status === 404) {
      await response.body?.cancel()
      return null
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      throw new Error(
        `无法从存储读取文件 ${filename}（${response.status}） / could not read ${filename} from storage (${response.status})`,
      )
    }
    const length = Number(response.headers.get('content-length'))
    return {
      stream: Readable.fromWeb(response.body as WebReadableStream),
      size: Number.isFinite(length) && length > 0 ? length : undefined,
    }
  }
  return null
}

/**
 * Runs `work` with a path to the stored file on this server's disk: the file itself in
 * `staticDir`, or a temp copy (under the stored name, so tools that go by the extension see it)
 * fetched through the upload handlers and removed once `work` settles. Throws
 * `StoredFileMissingError` when there is no such file.
 */
export const withLocalCopy = async <T>({
  payload,
  collection,
  doc,
  req,
  work,
}: FileOfDoc & { work: (filePath: string) => Promise<T> }): Promise<T> => {
  const filename = doc.filename
  if (!filename) {
    throw new StoredFileMissingError(`${collection} ${doc.id}`)
  }
  if (isStoredLocally({ payload, collection })) {
    const filePath = localPathOf({ payload, collection, filename })
    if (
      !(await fs.stat(filePath).then(
        (stats) => stats.isFile(),
        () => false,
      ))
    ) {
      throw new StoredFileMissingError(filename)
    }
    return work(filePath)
  }
  const opened = await openStoredFile({ payload, collection, doc, req })
  if (!opened) {
    throw new StoredFileMissingError(filename)
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stored-'))
  try {
    const copy = path.join(dir, path.basename(filename))
    await pipeline(opened.stream, createWriteStream(copy))
    return await work(copy)
  } finally {
    opened.stream.destroy()
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/**
 * The document with whatever says where a storage adapter put its file (`prefix`, `_objectKey` of
 * Payload's cloud storage), read from the database when the caller's copy was read without them.
 */
const withStorageFields = async ({
  payload,
  collection,
  doc,
  req,
}: FileOfDoc): Promise<StoredDoc> => {
  if ('prefix' in doc || '_objectKey' in doc) {
    return doc
  }
  const row = await payload.db.findOne({
    collection,
    where: { id: { equals: doc.id } },
    ...(req ? { req } : {}),
  })
  return { ...(row as Record<string, unknown> | null), ...doc }
}

/**
 * Forgets the file a write on `req` carried, before the next write on the same req. A storage
 * adapter (@payloadcms/plugin-cloud-storage) keeps the first file a req saw in `req.context` and
 * uploads it with any later write of an upload document on that req that brings no file of its
 * own: a job that stores renditions and then updates the original on one req (one transaction)
 * would overwrite the original's object with a rendition.
 */
export const dropCarriedFile = (req: PayloadRequest): void => {
  req.file = undefined
  req.payloadUploadSizes = undefined
  delete (req.context as Record<string, unknown> | undefined)?._payloadCloudStorage
}
