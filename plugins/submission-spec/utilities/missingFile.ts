import type {
  CollectionAfterErrorHook,
  CollectionSlug,
  PayloadRequest,
  UploadConfig,
} from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * `GET /api/<uploads>/file/<name>` for a file that is not there answers `404` with a reason,
 * where Payload answered `500 Something went wrong` (the document is there, its file is not, on
 * disk or in the storage adapter's bucket — an admin, or anyone allowed to read it; an adapter
 * answers an empty `404` there) or `403` (no document names the file any more: a
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
 * is not on disk, nothing otherwise, so Payload streams it as usual. When a storage adapter has
 * turned local storage off, it asks the handlers after it (the adapter's) itself and answers
 * their `404` with the reason too, passing on any other answer as it is.
 */
export const answerMissingFile = (staticDir: string): UploadHandler => {
  // Payload's type wants a promise of a Response or of nothing, not of either; its loop takes either.
  const handler = (async (
    req: PayloadRequest,
    args: Parameters<UploadHandler>[1],
  ): Promise<Response | void> => {
    const { filename } = args.params
    const upload = req.payload.collections[args.params.collection as CollectionSlug]?.config.upload
    if (upload?.disableLocalStorage) {
      const response = await answerOfStorage({
        req,
        args,
        self: handler,
        handlers: upload.handlers,
      })
      if (response?.status === 404) {
        await response.body?.cancel()
        return missingFileResponse(filename)
      }
      if (response) {
        return response
      }
    }
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
  return handler
}

/** The first answer of the handlers after `self` (a storage adapter's), or null when none answers. */
const answerOfStorage = async ({
  req,
  args,
  self,
  handlers = [],
}: {
  req: PayloadRequest
  args: Parameters<UploadHandler>[1]
  self: UploadHandler
  handlers?: UploadHandler[]
}): Promise<Response | null> => {
  const position = handlers.indexOf(self)
  const after =
    position === -1 ? handlers.filter((other) => other !== self) : handlers.slice(position + 1)
  for (const next of after) {
    const response = await next(req, args)
    if (response instanceof Response) {
      return response
    }
  }
  return null
}

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
