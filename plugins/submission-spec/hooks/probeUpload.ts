import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { MediaProbe } from '../utilities/probe'

import { MediaProbeError, probeMedia } from '../utilities/probe'
import { checkClaimedType } from '../utilities/sniff'

type UploadedFile = { data?: Buffer; tempFilePath?: string; name: string; mimetype?: string; size: number }

/**
 * Measures every uploaded file from its bytes before it is stored: its real kind and container,
 * and for video and audio the duration, codecs and subtitle stream. A file whose name claims
 * another type than its bytes (a `.mp4` that is a PNG) is refused here, before anything is
 * written to disk or to the database.
 */
export const probeUpload =
  ({ collection }: { collection: string }): CollectionBeforeChangeHook =>
  async ({ data, req }) => {
    const file = req.file as UploadedFile | undefined
    if (!file) {
      return data
    }
    const { filePath, cleanup } = await onDisk(file)
    try {
      const probe = await probeMedia(filePath).catch((err: unknown) => {
        if (err instanceof MediaProbeError) {
          throw refuse({ collection, message: err.message })
        }
        throw err
      })
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
      return { ...data, mimeType: probe.mime, mediaKind: probe.kind, probe, processing: { status: 'pending', error: null } }
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
