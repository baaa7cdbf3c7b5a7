import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import type { CachedPull } from './pullCache'

import { corsOf } from '../http/cors'
import { columnFeed, columnPull } from './answers'
import { matchesIfNoneMatch } from './pullCache'

const pulls = /^\/api\/columns\/([1-9]\d{0,9})\/(pull|feed)\/?$/

/**
 * Sites pulling a column, every few seconds from every page view of theirs: the plainest pulls
 * (a GET with no credential — no `Authorization`, no session cookie — and no query) are answered
 * here from the cached bytes, before Next and Payload's router, as the partner feed is. They are
 * the same bytes, headers and CORS as the endpoints' (./endpoints.ts); anything else goes on to
 * them (a key is checked there, and a wrong one refused 401).
 */
export const createColumnPullFastPath =
  ({ payload }: { payload: () => Payload | undefined }): RequestHandler =>
  async (req, res, next) => {
    const match = req.method === 'GET' ? pulls.exec(req.path) : null
    const current = payload()
    if (
      !match ||
      !current ||
      req.headers.authorization !== undefined ||
      (req.headers.cookie ?? '').includes('payload-token') ||
      Object.keys(req.query).length > 0
    ) {
      next()
      return
    }
    let pulled: CachedPull
    try {
      pulled = await (match[2] === 'pull' ? columnPull : columnFeed)(current, Number(match[1]))
    } catch (err) {
      next(err)
      return
    }
    for (const [name, value] of corsOf(current, req.headers.origin)) {
      res.setHeader(name, value)
    }
    if (pulled.status === 404) {
      res.status(404).set({ 'Content-Type': pulled.contentType, 'Cache-Control': 'no-store' })
      res.end(pulled.body)
      return
    }
    res.set({ ETag: pulled.etag, 'Cache-Control': 'public, max-age=30' })
    if (matchesIfNoneMatch(req.headers['if-none-match'], pulled.etag)) {
      res.status(304).end()
      return
    }
    res.status(200).set('Content-Type', pulled.contentType)
    res.end(pulled.body)
  }
