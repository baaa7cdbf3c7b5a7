import type { IncomingMessage } from 'node:http'

import { Readable } from 'node:stream'

/** The body was longer than the cap: answer 413. */
export class BodyTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`request body larger than ${maxBytes} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/**
 * Reads the whole request body, refusing more than `maxBytes` (by Content-Length up front, or as
 * it arrives). On refusal the rest is left unread, so the caller should answer with
 * `Connection: close`; the stream is paused, not destroyed, so that answer can still be sent.
 */
export const readBody = ({ req, maxBytes }: { req: IncomingMessage; maxBytes: number }): Promise<Buffer> => {
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

/** Express's computed request properties, read once from the original. */
const expressGetters = ['path', 'protocol', 'secure', 'host', 'hostname', 'ips', 'subdomains', 'query', 'xhr'] as const
/** Express's request methods, answered by the original. */
const expressMethods = ['get', 'header', 'is', 'accepts', 'acceptsEncodings', 'acceptsCharsets', 'acceptsLanguages', 'range'] as const

/**
 * A stand-in for a request whose body we have already read. Next.js (and Payload's route handler
 * behind it) reads the body from the IncomingMessage it is handed, as a stream, and a stream read
 * once cannot be rewound. So the downstream handler gets this instead: a Readable yielding the
 * same bytes, carrying what Next and Express read from the original — headers, method, url, HTTP
 * version, socket/connection (Next reads `socket.encrypted` for the protocol and
 * `socket.remoteAddress` for X-Forwarded-For, and `socket.server` for upgrades) — and Express's
 * own fields, so any handler written for either sees an ordinary request. Response-side state
 * (aborts, `close`) lives on the response, which is untouched.
 */
export const replayableRequest = ({ req, body }: { req: IncomingMessage; body: Buffer }): IncomingMessage => {
  const replay = new Readable({
    read() {
      if (body.length > 0) {
        this.push(body)
      }
      this.push(null)
    },
  })
  const express = req as IncomingMessage & Partial<Record<'originalUrl' | 'baseUrl' | 'params' | 'res' | 'app' | 'ip', unknown>>
  Object.assign(replay, {
    headers: req.headers,
    headersDistinct: req.headersDistinct,
    rawHeaders: req.rawHeaders,
    trailers: req.trailers,
    trailersDistinct: req.trailersDistinct,
    rawTrailers: req.rawTrailers,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    complete: true,
    aborted: false,
    socket: req.socket,
    setTimeout: (ms: number, callback?: () => void) => {
      req.setTimeout(ms, callback)
      return replay
    },
    originalUrl: express.originalUrl,
    baseUrl: express.baseUrl,
    params: express.params,
    res: express.res,
    app: express.app,
    ip: express.ip,
  })
  // Express's request getters and methods (`path`, `protocol`, `host`, `get` …) live on its
  // request prototype, not on the object: without them the handlers after the limiter (the 401
  // and cross-site guards) would see no path and let the request through.
  for (const name of expressGetters) {
    if (name in req) {
      Object.defineProperty(replay, name, { value: (req as unknown as Record<string, unknown>)[name], enumerable: true })
    }
  }
  for (const name of expressMethods) {
    const method = (req as unknown as Record<string, unknown>)[name]
    if (typeof method === 'function') {
      Object.defineProperty(replay, name, { value: method.bind(req), enumerable: false })
    }
  }
  // `connection` is Node's deprecated alias of `socket`; some libraries still read it.
  Object.defineProperty(replay, 'connection', { get: () => req.socket, enumerable: false })
  return replay as unknown as IncomingMessage
}
