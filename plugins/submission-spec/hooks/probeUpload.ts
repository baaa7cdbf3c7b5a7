import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { MediaProbe } from '../utilities/probe'

import { MediaProbeError, probeMedia } from '../utilities/probe'
import { sha256OfBuffer, sha256OfFile } from '../utilities/sha256'
import { checkClaimedType } from '../utilities/sniff'

type UploadedFile = { data?: Buffer; tempFilePath?: string; name: string; mimetype?: string; size: number }

/**
 * Measures every uploaded file from its bytes before it is stored: its real kind and container,
 * and for video and audio the duration, codecs and subtitle stream. A file whose name claims
 * another type than its bytes (a `.mp4` that is a PNG) is refused here, before anything is
 * written to disk or to the database. Its SHA-256 is taken here too, from the same bytes, so
 * pushed links can carry it; a hash sent by a client is never kept (only code that measured the
 * stored file may set one, with `context.isSha256Measured`).
 */
export const probeUpload =
  ({ collection }: { collection: string }): CollectionBeforeChangeHook =>
  async ({ data, req }) => {
    const file = req.file as UploadedFile | undefined
    if (!file) {
      if (data && 'sha256' in data && !req.context.isSha256Measured) {
        const { sha256: _ignored, ...rest } = data
        return rest
      }
      return data
    }
    const { filePath, cleanup } = await onDisk(file)
    try {
      const [probe, sha256] = await Promise.all([
        probeMedia(filePath).catch((err: unknown) => {
          if (err instanceof MediaProbeError) {
            throw refuse({ collection, message: err.message })
          }
          throw err
        }),
        // Bytes already in memory are hashed there; a temp file is streamed, never read whole.
        file.data && file.data.length > 0 ? sha256OfBuffer(file.data) : sha256OfFile(filePath),
      ])
      const claim = checkClaimedType({
        sniffed: probe.container ? { mime: probe.mime, ext: probe.container } : null,
        fileName: file.name,
        claimedMime: file.mimetype,
      })
      if (claim.isExtensionWrong) {
        throw refuse({
          collection,
          message: `文件“${file.name}”的内容是 ${describe(probe)}，与扩展名不符 / "${file.name}" is really ${probe.mime}, not what its name says`,
        })
      }
      return { ...data, mimeType: probe.mime, mediaKind: probe.kind, probe, sha256, processing: { status: 'pending', error: null } }
    } finally {
      await cleanup()
    }
  }

const refuse = ({ collection, message }: { collection: string; message: string }) =>
  new ValidationError({ collection, errors: [{ path: 'file', message }] })

const describe = (probe: MediaProbe) => `${probe.container ?? '未知'}（${probe.mime}）`

/** ffprobe reads files: an upload held in memory is written to a temp file for the probe only. */
const onDisk = async (file: UploadedFile) => {
  if (file.tempFilePath && (!file.data || file.data.length === 0)) {
    return { filePath: file.tempFilePath, cleanup: async () => {} }
  }
  const filePath = path.join(os.tmpdir(), `probe-${randomBytes(8).toString('hex')}${path.extname(file.name)}`)
  await fs.writeFile(filePath, file.data ?? Buffer.alloc(0))
  return { filePath, cleanup: () => fs.rm(filePath, { force: true }) }
}
