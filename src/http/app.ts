import type { Payload } from 'payload'

import express from 'express'

import { poolOf } from '../db/pool'

import type { RequestHandler } from 'express'

export type AppOptions = {
  /** Everything Express does not answer itself: Next.js (admin, REST, GraphQL). */
  fallthrough: RequestHandler
  /** The booted Payload of this process, once there is one. */
  payload: () => Payload | undefined
  /** How long /readyz waits for the database before answering 503. @default 2000 */
  readinessTimeoutMs?: number
}

/**
 * The Express application in front of Next.js: health and readiness first, then everything
 * else falls through. Kept apart from the process lifecycle so tests can mount it on any port.
 */
export const createApp = ({ fallthrough, payload, readinessTimeoutMs = 2_000 }: AppOptions) => {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY === 'true' ? true : 'loopback')

  // Liveness: the process answers. Never touches the database.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })

  // Readiness: Payload has booted and the database answers a query in time.
  app.get('/readyz', async (_req, res) => {
    const problem = await readinessProblem({ payload: payload(), timeoutMs: readinessTimeoutMs })
    res.setHeader('Cache-Control', 'no-store')
    if (problem) {
      res.status(503).json({ status: 'unavailable', reason: problem })
      return
    }
    res.json({ status: 'ready' })
  })

  app.use(preferChineseAdmin)
  app.all('/{*splat}', fallthrough)
  return app
}

const readinessProblem = async ({
  payload,
  timeoutMs,
}: {
  payload: Payload | undefined
  timeoutMs: number
}): Promise<string | null> => {
  if (!payload) {
    return 'starting'
  }
  const pool = poolOf(payload)
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      pool.query('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('database timeout')), timeoutMs)
      }),
    ])
    return null
  } catch (err) {
    return `database unreachable: ${(err as Error).message}`
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The admin opens in Chinese whatever the browser's language; a user who picks English in
 * the account settings gets a `payload-lng` cookie, which Payload honours before this header.
 */
const preferChineseAdmin: RequestHandler = (req, _res, next) => {
  if (req.path.startsWith('/admin') && !req.headers.cookie?.includes('payload-lng=')) {
    req.headers['accept-language'] = 'zh-CN,zh;q=0.9'
  }
  next()
}
