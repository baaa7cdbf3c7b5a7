import type { Endpoint, PayloadRequest } from 'payload'

import type { CachedPull } from './pullCache'

import { columnFeed, columnPull, noSuchColumn } from './answers'
import { matchesIfNoneMatch } from './pullCache'

/**
 * `GET /api/columns/:id/pull` and `/feed`: anyone may pull a published column (anonymous, a
 * partner key, staff; a key that does not verify is refused 401 before this, src/http/auth). The
 * answer is the same for all of them, so it is public to caches too, briefly.
 */
export const columnEndpoints: Endpoint[] = [
  { path: '/:id/pull', method: 'get', handler: (req) => answer(req, columnPull) },
  { path: '/:id/feed', method: 'get', handler: (req) => answer(req, columnFeed) },
]

const answer = async (req: PayloadRequest, load: typeof columnPull): Promise<Response> => {
  const id = Number(req.routeParams?.id)
  if (!Number.isSafeInteger(id) || id <= 0) {
    return Response.json(
      { errors: [{ message: noSuchColumn }] },
      { status: 404, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  const pulled: CachedPull = await load(req.payload, id)
  if (pulled.status === 404) {
    return new Response(new Uint8Array(pulled.body), {
      status: 404,
      headers: { 'Content-Type': pulled.contentType, 'Cache-Control': 'no-store' },
    })
  }
  const headers = new Headers({
    ETag: pulled.etag,
    'Cache-Control': 'public, max-age=30',
    'Content-Type': pulled.contentType,
  })
  if (matchesIfNoneMatch(req.headers.get('if-none-match'), pulled.etag)) {
    headers.delete('Content-Type')
    return new Response(null, { status: 304, headers })
  }
  return new Response(new Uint8Array(pulled.body), { status: 200, headers })
}
