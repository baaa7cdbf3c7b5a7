import type { Request, RequestHandler } from 'express'
import type { Payload } from 'payload'

import type { HeaderReader } from '../voting/answer'

import { corsOf } from '../http/cors'
import { refusalResponse } from '../lib/refusal'
import { receiveComment } from './receive'

const commentPath = /^\/api\/interactions\/comment\/?$/

/**
 * A window's comments, sent from any site's pages, answered in front of Next as votes are
 * (src/voting/fastPath.ts): a JSON `POST /api/interactions/comment`, whoever sends it (the
 * endpoint reads no account), behind the app's body cap, rate limits and credential checks. The
 * same answers as the endpoint (./endpoints.ts), CORS included; a browser's form post and
 * anything else go on to it.
 */
export const createCommentFastPath =
  ({ payload: current }: { payload: () => Payload | undefined }) =>
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    const payload = current()
    if (
      !payload ||
      req.method !== 'POST' ||
      !commentPath.test(req.path) ||
      (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ||
      (req.headers['content-type'] ?? '').startsWith('multipart/')
    ) {
      return handler(req, res, next)
    }
    const cors = corsOf(payload, req.headers.origin)
    let response: Response
    try {
      const body = await jsonObject(req)
      response = body
        ? Response.json(await receiveComment({ payload, headers: headerReader(req), body }), {
            status: 201,
            headers: { 'cache-control': 'no-store' },
          })
        : Response.json(
            { errors: [{ message: '请求内容应为 JSON 对象 / the body must be a JSON object' }] },
            { status: 400 },
          )
    } catch (err) {
      const refused = refusalResponse(err)
      if (!refused) {
        payload.logger.error({ err, msg: `comment fast path: ${req.method} ${req.path}` })
        if (!res.headersSent) {
          res.status(500).json({ errors: [{ message: 'Something went wrong.' }] })
        }
        return
      }
      const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds
      if (retryAfter) {
        refused.headers.set('retry-after', String(retryAfter))
      }
      response = refused
    }
    res.status(response.status)
    response.headers.forEach((value, name) => res.setHeader(name, value))
    for (const [name, value] of cors) {
      res.setHeader(name, value)
    }
    res.end(Buffer.from(await response.arrayBuffer()))
  }

/** The body as a JSON object, `{}` when empty (as the endpoint reads it); null when not one. */
const jsonObject = async (req: Request): Promise<Record<string, unknown> | null> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) {
    return {}
  }
  try {
    const body = JSON.parse(text) as unknown
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** Node's headers read as a Web `Headers` is (any case; repeated values joined). */
const headerReader = (req: Request): HeaderReader => ({
  get: (name) => {
    const value = req.headers[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  },
})
