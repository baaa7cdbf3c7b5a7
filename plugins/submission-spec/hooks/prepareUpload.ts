import type { CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { fileNameProblem, safeExtension, shortenFileName } from '../../shared/fileName'
import { measureUpload, takeMeasurement } from '../utilities/measureUpload'
import {
  discardPreparedUpload,
  refuseUpload,
  setPreparedUpload,
  storedCopyFlag,
} from '../utilities/preparedUpload'
import { cameraOf, probeMedia } from '../utilities/probe'
import { sha256OfBuffer, sha256OfFile } from '../../shared/sha256'
import { MetadataStripError, stripMetadata } from '../utilities/stripMetadata'

type UploadedFile = {
  data?: Buffer
  tempFilePath?: string
  name: string
  mimetype?: string
  size: number
}

/**
 * Before Payload stores an upload (create, or update with a new file): refuses a name the disk
 * cannot hold (and shortens one too long to take Payload's `-1` for a name already taken),
 * measures the file from its bytes (a file whose name lies about them, or that
 * cannot be read, is refused before anything is written), and replaces it with the copy that may
 * be published — without EXIF/XMP GPS, location tags or telemetry (`stripMetadata`). Payload then
 * stores that copy at the public URL; the untouched original is kept apart by `keepOriginal`.
 * Runs before Payload's own file handling, so no byte of the original is ever in the static
 * folder. Skipped when the caller may not write at all (Payload refuses it next, unmeasured).
 */
export const prepareUpload: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const file = req.file as UploadedFile | undefined
  if ((operation !== 'create' && operation !== 'update') || req.context[storedCopyFlag]) {
    return args
  }
  const { overrideAccess, data, id } = args as {
    overrideAccess?: boolean
    data?: Record<string, unknown>
    id?: number | string
  }
  const access = collection.access[operation]
  if (!overrideAccess && access && !(await access({ req, data, id } as never))) {
    return args
  }
  // Payload keeps a remote `url` aside before this hook (the request's own data still shows it)
  // and fetches it on the server afterwards: it would be stored unmeasured and unstripped. The
  // admin's "paste URL" fetches in the browser and uploads the file itself.
  const asked = (req.data ?? data) as Record<string, unknown> | undefined
  if (
    operation === 'create' &&
    !file &&
    !overrideAccess &&
    typeof asked?.url === 'string' &&
    typeof asked.filename === 'string'
  ) {
    throw refuseUpload(
      '请上传文件本身，服务器不从网址抓取文件 / upload the file itself: the server does not fetch files from URLs',
    )
  }
  if (!file) {
    return args
  }
  const nameProblem = fileNameProblem(file.name)
  if (nameProblem) {
    throw refuseUpload(nameProblem)
  }
  await discardPreparedUpload(req)

  const isInMemory = !file.tempFilePath || (file.data?.length ?? 0) > 0
  const inputPath = isInMemory
    ? path.join(os.tmpdir(), `upload-${randomBytes(8).toString('hex')}${safeExtension(file.name)}`)
    : file.tempFilePath!
  if (isInMemory) {
    await fs.writeFile(inputPath, file.data ?? Buffer.alloc(0))
  }
  try {
    // A public endpoint has measured this very file already, for its spec check.
    const probe =
      takeMeasurement(req, inputPath) ??
      (await measureUpload({
        filePath: inputPath,
        fileName: file.name,
        claimedMime: file.mimetype,
      }))
    const stripped = await stripMetadata({
      filePath: inputPath,
      kind: probe.kind,
      container: probe.container,
    }).catch((err: unknown) => {
      if (err instanceof MetadataStripError) {
        req.payload.logger.warn({
          msg: 'upload refused: metadata could not be removed',
          file: file.name,
          detail: err.detail,
        })
        throw refuseUpload(err.message)
      }
      throw err
    })
    const publicPath = stripped.strippedPath ?? inputPath
    const publicProbe = stripped.strippedPath
      ? { ...(await probeMedia(publicPath)), ...cameraOf(probe) }
      : probe
    if (isInMemory) {
      // Bytes in memory stay in memory: the copy replaces them and no temp file outlives the hook.
      const publicData = stripped.strippedPath ? await fs.readFile(publicPath) : file.data!
      if (stripped.strippedPath) {
        await fs.rm(stripped.strippedPath, { force: true })
      }
      replaceFile({ req, file, data: publicData, size: publicData.length, mime: publicProbe.mime })
      setPreparedUpload(req, {
        probe: publicProbe,
        sha256: sha256OfBuffer(publicData),
        removed: stripped.removed,
        hadLocation: stripped.hadLocation,
        original: stripped.strippedPath ? { data: file.data! } : null,
        temps: [],
      })
    } else {
      // A streamed upload stays on disk: Payload copies the copy's temp file into place.
      replaceFile({
        req,
        file,
        tempFilePath: publicPath,
        size: publicProbe.sizeBytes,
        mime: publicProbe.mime,
      })
      setPreparedUpload(req, {
        probe: publicProbe,
        sha256: await sha256OfFile(publicPath),
        removed: stripped.removed,
        hadLocation: stripped.hadLocation,
        original: stripped.strippedPath ? { path: inputPath } : null,
        temps: stripped.strippedPath ? [stripped.strippedPath] : [],
      })
    }
  } finally {
    if (isInMemory) {
      await fs.rm(inputPath, { force: true })
    }
  }
  return args
}

const replaceFile = ({
  req,
  file,
  data,
  tempFilePath,
  size,
  mime,
}: {
  req: PayloadRequest
  file: UploadedFile
  data?: Buffer
  tempFilePath?: string
  size: number
  mime: string
}) => {
  // The measured type rather than the client's, when the bytes tell one.
  const mimetype = mime === 'application/octet-stream' ? file.mimetype : mime
  // A long name is stored shortened, so that Payload's `-1` for a name already taken still fits.
  req.file = {
    ...file,
    name: shortenFileName(file.name),
    data: data ?? Buffer.alloc(0),
    tempFilePath,
    size,
    mimetype,
  } as PayloadRequest['file']
}
