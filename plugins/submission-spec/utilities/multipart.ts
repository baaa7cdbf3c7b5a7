import type { ReadableStream as WebReadableStream } from 'node:stream/web'

import busboy from 'busboy'
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import { formErrorMessage } from '../hooks/explainUploadErrors'
import { fileNameProblem, safeExtension } from '../../shared/fileName'

/** A refusal to send back as it is: status and a message in Chinese, then English. */
export class SubmissionError extends Error {
  readonly status: number
  /** Each problem, when there are several (e.g. every spec violation). */
  readonly details?: { path: string; message: string }[]

  constructor(status: number, message: string, details?: { path: string; message: string }[]) {
    super(message)
    this.name = 'SubmissionError'
    this.status = status
    this.details = details
  }
}

export type ReceivedFile = {
  /** Where the upload was streamed to; the caller removes it. */
  tempFilePath: string
  /** The name the client gave, for messages only: the type comes from the bytes. */
  name: string
  mimetype: string
  size: number
}

export type ReceivedForm = {
  fields: Record<string, string>
  /** The first file. */
  file?: ReceivedFile
  /** Every file received, at most `maxFiles`, in the order sent. */
  files: ReceivedFile[]
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

export const tooLarge = (limitBytes: number) =>
  new SubmissionError(
    413,
    `文件超过 ${mb(limitBytes)} 的上限，已拒收 / the file is larger than the ${mb(limitBytes)} limit and was refused`,
  )

/**
 * Streams a multipart form to a temp file, never holding the file in memory. The size limit may
 * depend on the fields sent before the file (`limitFor`): fields must come first. The upload is
 * stopped the moment it passes the limit (or at once when Content-Length already says so), and
 * the partial file is removed.
 */
export const receiveForm = async ({
  request,
  limitFor,
  maxFiles = 1,
}: {
  request: Request
  /** Each file's size limit. */
  limitFor: (fields: Record<string, string>) => Promise<number> | number
  /** Files beyond this many are skipped unread. @default 1 */
  maxFiles?: number
}): Promise<ReceivedForm> => {
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.startsWith('multipart/form-data') || !request.body) {
    throw new SubmissionError(
      415,
      '请以 multipart/form-data 提交 / send the form as multipart/form-data',
    )
  }
  const fields: Record<string, string> = {}
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers send file names as UTF-8; busboy's default (latin1) would garble every Chinese name.
      defParamCharset: 'utf8',
      limits: { files: maxFiles, fields: 60, fieldSize: 64 * 1024, parts: 64 },
    })
  } catch (err) {
    // busboy throws at once on a content type it cannot use (no boundary): nothing was read yet.
    await discardBody({
      body: request.body,
      declaredLength: Number(request.headers.get('content-length') ?? 0),
    })
    throw asSubmissionError(err)
  }
  const body = Readable.fromWeb(request.body as WebReadableStream)
  const declaredLength = Number(request.headers.get('content-length') ?? 0)
  const files: ReceivedFile[] = []
  const written: Promise<void>[] = []
  let refusal: SubmissionError | undefined

  try {
    await new Promise<void>((resolve, reject) => {
      // Stop reading the moment the file is refused: the rest of a large upload is never
      // received. A small body (up to 1 MB) is drained instead: cutting it off while its last
      // chunks are being delivered makes Node's request stream throw.
      const abort = (err: unknown) => {
        body.unpipe(parser)
        if (declaredLength > 0 && declaredLength <= 1024 * 1024) {
          body.resume()
        } else {
          body.destroy()
        }
        reject(err)
      }
      parser.on('field', (name, value) => {
        fields[name] = value
      })
      parser.on('file', (_field, stream, info) => {
        if (files.length >= maxFiles) {
          stream.resume()
          return
        }
        const nameProblem = fileNameProblem(info.filename ?? '')
        if (nameProblem) {
          // Refused before a byte is written: the disk could not hold the name anyway.
          refusal = new SubmissionError(400, nameProblem)
          stream.resume()
          abort(refusal)
          return
        }
        const tempFilePath = path.join(
          os.tmpdir(),
          `submission-${randomBytes(8).toString('hex')}${safeExtension(info.filename ?? '')}`,
        )
        const received: ReceivedFile = {
          tempFilePath,
          name: info.filename ?? 'upload',
          mimetype: info.mimeType,
          size: 0,
        }
        files.push(received)
        const fileWritten = (async () => {
          const limit = await limitFor({ ...fields })
          // The body is announced as larger than anything allowed: refuse without reading it.
          if (declaredLength > limit * maxFiles + 64 * 1024) {
            throw tooLarge(limit)
          }
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              received.size += chunk.length
              callback(received.size > limit ? tooLarge(limit) : null, chunk)
            },
          })
          await pipeline(stream, counter, createWriteStream(tempFilePath))
        })()
        written.push(fileWritten)
        fileWritten.catch((err: unknown) => {
          stream.resume()
          abort(err)
        })
      })
      parser.on('close', () => {
        if (refusal) {
          reject(refusal)
          return
        }
        Promise.all(written).then(() => resolve(), reject)
      })
      parser.on('error', abort)
      body.on('error', abort)
      body.pipe(parser)
    })
  } catch (err) {
    await Promise.all(files.map((each) => fs.rm(each.tempFilePath, { force: true })))
    throw asSubmissionError(err)
  }
  return { fields, file: files[0], files }
}

/**
 * Lets go of a request body that will not be read: a small one (up to 1 MB) is drained, since
 * cancelling it while Node still delivers its chunks throws in the request stream; a large or
 * unannounced one is cancelled, so it is never received.
 */
const discardBody = async ({
  body,
  declaredLength,
}: {
  body: ReadableStream<Uint8Array>
  declaredLength: number
}) => {
  if (declaredLength > 0 && declaredLength <= 1024 * 1024) {
    const reader = body.getReader()
    while (!(await reader.read().catch(() => ({ done: true }))).done) {
      // Discarded.
    }
    return
  }
  await body.cancel().catch(() => undefined)
}

/** A parsing failure as the client's mistake, in Chinese then English; our own refusals pass through. */
const asSubmissionError = (err: unknown): SubmissionError => {
  if (err instanceof SubmissionError) {
    return err
  }
  const known = formErrorMessage((err as Error).message ?? '')
  return known
    ? new SubmissionError(known.status, known.message)
    : new SubmissionError(
        400,
        '表单不完整或格式有误，无法读取 / the form is incomplete or malformed and cannot be read',
      )
}

/**
 * The id in form field `name`: undefined when the field is empty or missing, a `400` naming the
 * field when it holds anything but a positive whole number.
 */
export const idField = ({
  fields,
  name,
}: {
  fields: Record<string, string>
  name: string
}): number | undefined => {
  const raw = fields[name]?.trim()
  if (!raw) {
    return undefined
  }
  if (!/^\d{1,15}$/.test(raw) || Number(raw) === 0) {
    throw new SubmissionError(
      400,
      `编号格式有误（${name}）：收到“${raw.slice(0, 40)}” / ${name} must be an id, got "${raw.slice(0, 40)}"`,
    )
  }
  return Number(raw)
}
