import type { Server } from 'node:http'
import type { SanitizedConfig } from 'payload'

import { createServer } from 'node:http'
import { Readable } from 'node:stream'

import {
  GRAPHQL_POST,
  REST_DELETE,
  REST_GET,
  REST_OPTIONS,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'

type WebHandler = (
  request: Request,
  args: { params: Promise<{ slug: string[] }> },
) => Promise<Response>

/**
 * Payload's own REST and GraphQL route handlers (the ones Next mounts) on a bare Node server:
 * no proxy in front, so the test alone decides the `x-real-ip` and `x-forwarded-for` headers.
 */
export const serveApi = async (
  config: SanitizedConfig,
): Promise<{ close: () => Promise<void>; url: string }> => {
  const rest: Record<string, WebHandler> = {
    GET: REST_GET(config),
    POST: REST_POST(config),
    PATCH: REST_PATCH(config),
    PUT: REST_PUT(config),
    DELETE: REST_DELETE(config),
    OPTIONS: REST_OPTIONS(config),
  }
  const graphql = GRAPHQL_POST(config) as unknown as (request: Request) => Promise<Response>
  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET'
      const headers = new Headers()
      for (const [key, value] of Object.entries(req.headers)) {
        for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
          headers.append(key, each)
        }
      }
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method,
        headers,
        body:
          method === 'GET' || method === 'HEAD'
            ? undefined
            : (Readable.toWeb(req) as ReadableStream),
        duplex: 'half',
      } as RequestInit)
      const { pathname } = new URL(request.url)
      const handler = rest[method]
      const response =
        pathname === '/api/graphql' && method === 'POST'
          ? await graphql(request)
          : pathname.startsWith('/api/') && handler
            ? await handler(request, {
                params: Promise.resolve({
                  slug: pathname.slice(5).split('/').map(decodeURIComponent),
                }),
              })
            : new Response(null, { status: 404 })
      res.statusCode = response.status
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') {
          res.setHeader(key, value)
        }
      })
      res.end(Buffer.from(await response.arrayBuffer()))
    })().catch((err: unknown) => {
      res.statusCode = 500
      res.end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
