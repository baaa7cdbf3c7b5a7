import type { ServerResponse } from 'node:http'

/** What a handler sent: status, headers and the body's bytes. */
export type Captured = { status: number; headers: [string, string][]; body: Buffer }

/** Headers that belong to one connection or one moment, never to a kept answer. */
const perResponse = new Set([
  'connection',
  'content-length',
  'date',
  'keep-alive',
  'transfer-encoding',
])

/**
 * Lets `res` send what it sends and keeps a copy: resolves once the response has finished, with
 * what went out, or with null when it did not finish (the client left) or passed `maxBytes`.
 */
export const captureResponse = (
  res: ServerResponse,
  maxBytes: number,
): Promise<Captured | null> => {
  const chunks: Buffer[] = []
  let size = 0
  let isTooLarge = false
  const explicit: [string, string][] = []
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (isTooLarge || chunk === undefined || chunk === null || typeof chunk === 'function') {
      return
    }
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array)
    size += bytes.length
    if (size > maxBytes) {
      isTooLarge = true
      chunks.length = 0
      return
    }
    chunks.push(bytes)
  }
  const { write, end, writeHead } = res
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const headers = args.find((arg, i) => i > 0 && typeof arg === 'object' && arg !== null)
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        explicit.push([String(headers[i]).toLowerCase(), String(headers[i + 1])])
      }
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) {
        explicit.push([name.toLowerCase(), String(value)])
      }
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
  } as ServerResponse['writeHead']
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0])
    return (write as (...a: unknown[]) => boolean).apply(this, [chunk, ...rest])
  } as ServerResponse['write']
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0])
    return (end as (...a: unknown[]) => ServerResponse).apply(this, [chunk, ...rest])
  } as ServerResponse['end']
  return new Promise((resolve) => {
    res.once('finish', () => {
      if (isTooLarge) {
        resolve(null)
        return
      }
      const headers = new Map<string, string>()
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value !== undefined) {
          headers.set(name, Array.isArray(value) ? value.join(', ') : String(value))
        }
      }
      for (const [name, value] of explicit) {
        headers.set(name, value)
      }
      resolve({
        status: res.statusCode,
        headers: [...headers].filter(([name]) => !perResponse.has(name)),
        body: Buffer.concat(chunks),
      })
    })
    res.once('close', () => {
      if (!res.writableFinished) {
        resolve(null)
      }
    })
  })
}
