import type { Server } from 'node:http'
import type { Payload, SanitizedConfig } from 'payload'
import type { Pool } from 'pg'

import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

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

import { createApp } from '../../src/http/app'
import { readRateLimitConfig } from '../../src/http/rateLimit'
import { recordListeningAddress } from '../../src/lib/publicUrl'

import type { RateLimitConfig } from '../../src/http/rateLimit'

type WebHandler = (
  request: Request,
  args: { params: Promise<{ slug: string[] }> },
) => Promise<Response>

/**
 * The app's Express layer on a real port, with Payload's own REST and GraphQL route handlers
 * (the ones Next mounts) behind it, so tests speak HTTP without a Next build.
 *
 * Rate limits are off unless `rateLimit` is given: every test client comes from 127.0.0.1 and
 * logs in and writes far more often than the production limits allow one address.
 */
export const serveApp = async ({
  payload,
  config,
  readinessTimeoutMs,
  rateLimit,
}: {
  payload: () => Payload | undefined
  config: SanitizedConfig
  readinessTimeoutMs?: number
  rateLimit?: {
    /** @default the RATE_LIMIT_* variables of process.env (bootPayload's `env` sets them) */
    config?: RateLimitConfig
    /** A pool of this instance's own for the counters. @default Payload's pool */
    pool?: Pool
  }
}): Promise<{
  url: string
  flushAuditLog: () => Promise<void>
  /** As src/server.ts does on SIGTERM: readiness fails, requests are still served. */
  drain: () => void
  close: () => Promise<void>
}> => {
  const rest: Record<string, WebHandler> = {
    GET: REST_GET(config),
    POST: REST_POST(config),
    PATCH: REST_PATCH(config),
    PUT: REST_PUT(config),
    DELETE: REST_DELETE(config),
    OPTIONS: REST_OPTIONS(config),
  }
  const graphql = GRAPHQL_POST(config) as unknown as (request: Request) => Promise<Response>

  const limiterPool = rateLimit?.pool
  const app = createApp({
    payload,
    readinessTimeoutMs,
    rateLimit: {
      config: rateLimit
        ? (rateLimit.config ?? readRateLimitConfig(process.env))
        : { ...readRateLimitConfig({}), isEnabled: false },
      pool: limiterPool ? () => limiterPool : undefined,
    },
    fallthrough: async (req, res) => {
      const request = toWebRequest(req)
      const pathname = new URL(request.url).pathname
      if (pathname === '/api/graphql' && req.method === 'POST') {
        await sendWebResponse(res, await graphql(request))
        return
      }
      const handler = rest[req.method]
      if (!pathname.startsWith('/api/') || !handler) {
        res.status(404).end()
        return
      }
      const slug = pathname.slice('/api/'.length).split('/').map(decodeURIComponent)
      await sendWebResponse(res, await handler(request, { params: Promise.resolve({ slug }) }))
    },
  })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as { port: number }
  // As src/server.ts does: without SERVER_URL, links given out (partner pushes, feeds, reset mails) name this port.
  recordListeningAddress({ host: '127.0.0.1', port })
  return {
    url: `http://127.0.0.1:${port}`,
    /** Writes the audit entries of feed polls now rather than within the second. */
    flushAuditLog: () => app.flushAuditLog(),
    drain: () => app.drain(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      await app.close()
    },
  }
}

const toWebRequest = (req: ExpressRequest): Request => {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) {
      value.forEach((v) => headers.append(key, v))
    } else if (value !== undefined) {
      headers.set(key, value)
    }
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(`http://${req.headers.host}${req.originalUrl}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    duplex: 'half',
  } as RequestInit)
}

const sendWebResponse = async (res: ExpressResponse, response: Response) => {
  res.status(response.status)
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') {
      res.setHeader(key, value)
    }
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) {
    res.setHeader('set-cookie', cookies)
  }
  if (!response.body) {
    res.end()
    return
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    res.write(chunk)
  }
  res.end()
}
