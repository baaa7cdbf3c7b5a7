import type { CollectionAfterErrorHook, PayloadRequest, UploadConfig } from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * `GET /api/<uploads>/file/<name>` for a file that is not there answers `404` with a reason,
 * where Payload answered `500 Something went wrong` (the document is there, its file is not —
 * an admin, or anyone allowed to read it) or `403` (no document names the file any more: a
 * deleted upload, a labelled copy that was replaced). A partner following an old link learns the
 * file is gone, not that it broke the server or lacks a permission.
 *
 * A file that exists but is not the caller's to read still answers Payload's `403`: only a name
 * no document holds at all answers `404`, so the difference tells an outsider whether a stored
 * file has that name, never anything about the file.
 */
export const missingFileMessage = (filename: string) =>
  `文件不存在或已删除：${filename} / no such file, or it was deleted: ${filename}`

const missingFileResponse = (filename: string) =>
  Response.json({ errors: [{ message: missingFileMessage(filename) }] }, { status: 404 })

type UploadHandler = NonNullable<UploadConfig['handlers']>[number]

/**
 * An upload handler (runs once Payload found the caller may read the file): `404` when the file
 * is not on disk, nothing otherwise, so Payload streams it as usual.
 */
export const answerMissingFile = (staticDir: string): UploadHandler =>
  // Payload's type wants a promise of a Response or of nothing, not of either; its loop takes either.
  (async (
    _req: PayloadRequest,
    { params: { filename } }: { params: { filename: string } },
  ): Promise<Response | void> => {
    const dir = path.resolve(staticDir)
    const file = path.resolve(dir, filename)
    // Payload refuses a name outside the folder itself.
    if (!file.startsWith(dir + path.sep)) {
      return
    }
    const isThere = await fs.stat(file).then(
      (stats) => stats.isFile(),
      (err: NodeJS.ErrnoException) =>
        err.code === 'ENOENT' || err.code === 'ENOTDIR' ? false : true,
    )
    if (!isThere) {
      return missingFileResponse(filename)
    }
  }) as UploadHandler

/**
 * `afterError` of an upload collection: Payload refuses a file no document names with `403`
 * before any handler runs; when no document of the collection names it at all, that is a `404`.
 */
export const explainMissingFile: CollectionAfterErrorHook = async ({ collection, error, req }) => {
  const filename = fileRequested(req)
  if (!filename || (error as { status?: number }).status !== 403) {
    return
  }
  const { totalDocs } = await req.payload.count({
    collection: collection.slug as 'media',
    where: { filename: { equals: filename } },
  })
  return totalDocs === 0
    ? { response: { errors: [{ message: missingFileMessage(filename) }] }, status: 404 }
    : undefined
}

/** The file name of a `GET …/file/<name>` request, or null for any other request. */
const fileRequested = (req: PayloadRequest): string | null => {
  const filename = req.routeParams?.filename
  if (req.method !== 'GET' || typeof filename !== 'string' || !filename) {
    return null
  }
  const pathname = req.url ? new URL(req.url).pathname : ''
  return pathname.includes('/file/') ? filename : null
}
