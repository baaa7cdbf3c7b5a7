import type { Request, RequestHandler } from 'express'

import { bufferBody, sendBodyTooLarge } from './requestBody'

/** `REQUEST_BODY_MAX_KB` when unset. */
export const defaultBodyMaxKb = 1024

/**
 * The largest request body, other than a multipart upload, that reaches Next.js and Payload:
 * `REQUEST_BODY_MAX_KB` (KB, default 1024 = 1 MB). A value that is not a positive whole number
 * throws, so a typo stops the server at start.
 */
export const readBodyMaxBytes = (env: Record<string, string | undefined> = process.env): number => {
  const value = env.REQUEST_BODY_MAX_KB?.trim() || String(defaultBodyMaxKb)
  const kb = /^\d{1,9}$/.test(value) ? Number(value) : NaN
  if (!(kb >= 1)) {
    throw new BodyLimitConfigError(
      `REQUEST_BODY_MAX_KB 的值“${value}”无效：应为正整数（KB），例如 1024 / ` +
        `REQUEST_BODY_MAX_KB="${value}" is invalid: expected a whole number of KB of at least 1, e.g. 1024`,
    )
  }
  return kb * 1024
}

export class BodyLimitConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BodyLimitConfigError'
  }
}

/**
 * Caps every request body except multipart ones (JSON, forms, text, GraphQL, and whatever a
 * custom endpoint might `req.json()`), answering 413 before Next or Payload read a byte of it:
 * a declared Content-Length over the cap is refused at once, unread; a chunked body without one
 * is read here up to the cap — refused the moment it passes it — and handed on as a replay of
 * the same bytes. Multipart bodies are uploads (or the admin's `_payload` forms), which keep
 * their own streaming caps (UPLOAD_MAX_MB, each sub-project's limits).
 */
export const createBodyLimit =
  ({ maxBytes }: { maxBytes: number }) =>
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    if (!hasBody(req) || isMultipart(req)) {
      return handler(req, res, next)
    }
    const declared = req.headers['content-length']
    if (declared !== undefined) {
      // Node's parser stops a body at its Content-Length, so a declared size is a true bound.
      if (Number(declared) > maxBytes) {
        sendBodyTooLarge(res, maxBytes)
        return
      }
      return handler(req, res, next)
    }
    const buffered = await bufferBody({ req, res, maxBytes })
    return buffered ? handler(buffered.request, res, next) : undefined
  }

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0

const isMultipart = (req: Request): boolean => (req.headers['content-type'] ?? '').trimStart().toLowerCase().startsWith('multipart/')
