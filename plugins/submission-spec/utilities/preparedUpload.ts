import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'
import fs from 'node:fs/promises'

import type { MediaProbe } from './probe'

/** An upload measured and made fit to publish, between `prepareUpload` and the write. */
export type PreparedUpload = {
  /** The public copy, measured. */
  probe: MediaProbe
  /** SHA-256 of the public copy: the bytes served at the file's URL. */
  sha256: string
  /** What was removed from the original, e.g. `['EXIF', 'GPS']`; empty when the copy is the original. */
  removed: string[]
  /** The original recorded where it was made. */
  hadLocation: boolean
  /** The untouched original, to keep apart once the row exists; null when the public copy is the original. */
  original: { path: string } | { data: Buffer } | null
  /** Temp files of ours to remove once the file is stored (or the upload failed). */
  temps: string[]
}

const key = 'submissionSpec:preparedUpload'

/**
 * `context` flag of a write that puts back a stored file's own stripped copy (the strip job, with
 * a storage adapter): it is measured and its original kept by the job, not by the upload pipeline.
 */
export const storedCopyFlag = 'submissionSpec:storedCopy'

export const setPreparedUpload = (req: PayloadRequest, prepared: PreparedUpload) => {
  req.context[key] = prepared
}

export const getPreparedUpload = (req: PayloadRequest): PreparedUpload | undefined =>
  req.context[key] as PreparedUpload | undefined

/** Forgets the prepared upload and removes its temp files; safe to call twice. */
export const discardPreparedUpload = async (req: PayloadRequest) => {
  const prepared = getPreparedUpload(req)
  delete req.context[key]
  await Promise.all((prepared?.temps ?? []).map((file) => fs.rm(file, { force: true })))
}

/**
 * A refused upload: 400 (or `status`) with the reason as the message, Chinese then English, and
 * on the `file` field for the admin. An `APIError` rather than a `ValidationError`, so the reason
 * is the message itself and survives any formatter.
 */
export const refuseUpload = (message: string, status = 400) =>
  new APIError(message, status, { errors: [{ path: 'file', message }] }, true)
