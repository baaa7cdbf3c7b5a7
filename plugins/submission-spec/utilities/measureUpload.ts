import type { PayloadRequest } from 'payload'

import type { MediaProbe } from './probe'

import { refuseUpload } from './preparedUpload'
import { MediaProbeError, probeMedia } from './probe'
import { checkClaimedType } from './sniff'

/**
 * Measures a received file from its bytes (`probeMedia`) and refuses, with a 400 a person can act
 * on, one that cannot be read or whose name lies about its bytes (a `.mp4` that is a PNG).
 */
export const measureUpload = async ({
  filePath,
  fileName,
  claimedMime,
}: {
  filePath: string
  /** The client's name for the file: its extension is checked against the bytes. */
  fileName: string
  /** The client's MIME type, if it sent one. */
  claimedMime?: string
}): Promise<MediaProbe> => {
  const probe = await probeMedia(filePath).catch((err: unknown) => {
    throw err instanceof MediaProbeError ? refuseUpload(err.message) : err
  })
  const claim = checkClaimedType({
    sniffed: probe.container ? { mime: probe.mime, ext: probe.container } : null,
    fileName,
    claimedMime,
  })
  if (claim.isExtensionWrong) {
    throw refuseUpload(
      `文件“${fileName}”的内容是 ${probe.container ?? '未知格式'}（${probe.mime}），与扩展名不符 / "${fileName}" is really ${probe.mime}, not what its name says`,
    )
  }
  return probe
}

const key = 'submissionSpec:measuredUpload'

/**
 * Hands a measurement made by a public endpoint (which needs it for the spec check before it
 * stores anything) to the upload pipeline, so the same file is not measured twice. Only for the
 * file at `filePath`, and only once.
 */
export const rememberMeasurement = (
  req: PayloadRequest,
  measured: { filePath: string; probe: MediaProbe },
) => {
  req.context[key] = measured
}

/** The measurement `rememberMeasurement` left for the file at `filePath`, if any; forgotten once taken. */
export const takeMeasurement = (req: PayloadRequest, filePath: string): MediaProbe | undefined => {
  const measured = req.context[key] as { filePath: string; probe: MediaProbe } | undefined
  delete req.context[key]
  return measured?.filePath === filePath ? measured.probe : undefined
}
