import type { IncomingMessage } from 'node:http'

import type { Request, Response } from 'express'

import { Readable } from 'node:stream'

/** The body was longer than the cap: answer 413. */
export class BodyTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`request body larger than ${maxBytes} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/**
 * Reads the whole body of `req` up to `maxBytes` and returns a request that replays it to the
 * handlers after us; or answers the client itself and returns null: 413 past the cap (see
 * `sendBodyTooLarge`), nothing when the client went away mid-body (there is no one to answer).
 */
export const bufferBody = async ({
  req,
  res,
  maxBytes,
}: {
  req: Request
  res: Response
  maxBytes: number
}): Promise<{ body: Buffer; request: Request } | null> => {
  try {
    const body = await readBody({ req, maxBytes })
    return { body, request: replayableRequest({ req, body }) }
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      sendBodyTooLarge(res, maxBytes)
    } else {
      res.destroy()
    }
    return null
  }
}

/**
 * 413 in Payload's error shape, then what the client is still sending is read and dropped, for at
 * most `linger` (bytes and time), before the connection is cut. Closed at once under the upload
 * (\`Connection: close\`), a client still sending meets a reset (fetch: EPIPE) and never reads the
 * answer; unbounded, a client could keep the connection busy for as long as it likes. Read to its
 * end, the body leaves the connection usable for the next request.
 */
export const sendBodyTooLarge = (
  res: Response,
  maxBytes: number,
  linger: { bytes: number; ms: number } = { bytes: 16 * 1024 * 1024, ms: 5_000 },
) => {
  const size = sizeLabel(maxBytes)
  res
    .status(413)
    .set({ 'Cache-Control': 'no-store' })
    .json({
      errors: [
        { message: `请求内容过大，不能超过 ${size} / Request body too large: at most ${size}` },
      ],
    })
  dropRest({ req: res.req, ...linger })
}

const dropRest = ({ req, bytes, ms }: { req: IncomingMessage; bytes: number; ms: number }) => {
  let read = 0
  const cut = () => req.socket.destroy()
  const timer = setTimeout(cut, ms)
  timer.unref()
  req.on('data', (chunk: Buffer) => {
    read += chunk.length
    if (read > bytes) {
      cut()
    }
  })
  req.once('end', () => clearTimeout(timer))
  req.once('close', () => clearTimeout(timer))
  req.resume()
}

/** `1 MB`, `16 KB`, `1.5 MB`: the cap as a reader would write it. */
export const sizeLabel = (bytes: number): string => {
  const kb = bytes / 1024
  return kb >= 1024 ? `${Number((kb / 1024).toFixed(2))} MB` : `${Number(kb.toFixed(2))} KB`
}

/**
 * Reads the whole request body, refusing more than `maxBytes` (by Content-Length up front, or as
 * it arrives). On refusal the rest is left unread: the stream is paused, not destroyed, so the
 * answer can still be sent (sendBodyTooLarge then drops the rest, bounded).
 */
export const readBody = ({
  req,
  maxBytes,
}: {
  req: IncomingMessage
  maxBytes: number
}): Promise<Buffer> => {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    return Promise.reject(new BodyTooLargeError(maxBytes))
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        stop()
        req.pause()
        reject(new BodyTooLargeError(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (err: Error) => {
      stop()
      reject(err)
    }
    const onClose = () => {
      stop()
      reject(new Error('the client closed the request before sending its body'))
    }
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', onError)
    req.once('close', onClose)
  })
}

/**
 * A stand-in for a request whose body we have already read. Next.js (and Payload's route handler
 * behind it) reads the body from the request it is handed, as a stream, and a stream read once
 * cannot be rewound. So the handlers after us get a Readable of the same bytes whose prototype is
 * the original request: the stream side (its state, listeners, `_read`) is the replay's own, and
 * everything else — headers, method, url, socket, Express's getters and methods, whatever an
 * earlier middleware put on the request — is read from the original, so no guard behind us can
 * find a property missing (the 401 and cross-site guards once saw no `path` on GraphQL requests
 * and let them through). Response-side state (aborts, `close`) lives on the response, untouched.
 */
export const replayableRequest = <T extends IncomingMessage>({
  req,
  body,
}: {
  req: T
  body: Buffer
}): T => {
  const replay = new Readable({
    read() {
      if (body.length > 0) {
        this.push(body)
      }
      this.push(null)
    },
    // A plain stream's teardown: IncomingMessage's own would destroy the socket (and the answer
    // with it) if a handler dropped the replay before reading it to the end.
    destroy(err, callback) {
      callback(err)
    },
  })
  return Object.setPrototypeOf(replay, req) as T
}
