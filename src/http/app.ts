import type { Payload } from 'payload'
import type { Pool } from 'pg'

import express from 'express'
import { createServer } from 'node:http'
import proxyAddr from 'proxy-addr'

// Deep imports: the Express side loads only what it runs, not the plugins' configs.
import { createReadRecorder } from '../../plugins/audit-log/utilities/readRecorder'
import { accountLabel } from '../../plugins/audit-log/utilities/requestMeta'
import { createFeedHandler } from '../../plugins/partner-push/http/feedHandler'
import { createPartnerGrants } from '../../plugins/partner-push/http/partnerGrants'
import { feedStateOf } from '../../plugins/partner-push/utilities/feedCache'
import { poolOf } from '../../plugins/shared/pool'
import { createCommentFastPath } from '../moderation/fastPath'
import { createColumnPullFastPath } from '../columns/fastPath'
import { createColumnPage } from '../columns/page/handler'
import { createPartnerReadCache } from './partnerReads/handler'
import { createCountFastPath, createVoteFastPath } from '../voting/fastPath'
import { refuseCrossSiteWrites } from './auth/refuseCrossSiteWrites'
import { refuseInvalidCredentials } from './auth/refuseInvalidCredentials'
import { createCredentialVerifier } from './auth/verifier'
import { createBodyLimit, createUploadRoutes, readBodyMaxBytes } from './bodyLimit'
import { refuseMalformedQuery } from './queryParams'
import { createRateLimiter, readRateLimitConfig } from './rateLimit'
import { warnIfServerUrlUnset } from './serverUrl'

import type { RequestHandler } from 'express'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { RateLimitConfig } from './rateLimit'

export type AppOptions = {
  /** Everything Express does not answer itself: Next.js (admin, REST, GraphQL). */
  fallthrough: RequestHandler
  /** The booted Payload of this process, once there is one. */
  payload: () => Payload | undefined
  /** How long /readyz waits for the database before answering 503. @default 2000 */
  readinessTimeoutMs?: number
  /**
   * How long this process remembers that a token or API key verified (or did not): a key revoked
   * or an account deleted elsewhere is noticed this much later here. A partner account changed on
   * this instance, or a logout through it, is noticed at once. @default 5000
   */
  credentialCacheMs?: number
  /**
   * Largest request body other than an upload (JSON, forms, text, GraphQL, multipart other than
   * staff uploads to media and the public submission endpoints); larger ones get 413 before Next
   * reads them. @default readBodyMaxBytes(process.env): REQUEST_BODY_MAX_KB, 1 MB
   */
  bodyMaxBytes?: number
  /**
   * How long partners' REST and GraphQL reads are answered from kept bytes at most (changes made
   * through this instance count at once; this bounds another instance's). 0 turns it off.
   * @default PARTNER_READ_CACHE_MS, 5000
   */
  partnerReadCacheMs?: number
  /** Rate limits on logins, GraphQL and anonymous writes (see src/http/rateLimit). */
  rateLimit?: {
    /** @default readRateLimitConfig(process.env): the RATE_LIMIT_* variables */
    config?: RateLimitConfig
    /** The pool the counters are kept in, shared by all instances. @default Payload's pool */
    pool?: () => Pool | undefined
  }
}

/**
 * The Express application in front of Next.js: health and readiness first, partners' feed
 * polls from memory, then everything else — oversized bodies refused, rate-limited, credentials
 * that do not verify and cross-site cookie writes refused — goes to Next, but for votes and their
 * public counts, answered here without Next's routing. Warns once when SERVER_URL
 * is unset (the cross-site check then has only the request's own host). Kept apart from the
 * process lifecycle so tests can mount it on any port. `close()` writes the audit entries
 * still pending; call it before Payload's database closes.
 */
export const createApp = ({
  fallthrough,
  payload,
  readinessTimeoutMs = 2_000,
  credentialCacheMs,
  bodyMaxBytes = readBodyMaxBytes(process.env),
  partnerReadCacheMs = Number(process.env.PARTNER_READ_CACHE_MS || 5_000),
  rateLimit = {},
}: AppOptions) => {
  const verifier = createCredentialVerifier({
    payload,
    ttlMs: credentialCacheMs,
    // The partner-push plugin bumps it whenever a partner account or site changes on this instance.
    epoch: (booted) => feedStateOf(booted).accessEpoch,
  })
  const limitBody = createBodyLimit({
    maxBytes: bodyMaxBytes,
    isUpload: createUploadRoutes({ payload, verifier }),
  })
  const rateLimited = createRateLimiter({
    config: rateLimit.config ?? readRateLimitConfig(process.env),
    pool:
      rateLimit.pool ??
      (() => {
        const booted = payload()
        return booted && poolOf(booted)
      }),
    payload,
    verifier,
    graphqlBodyMaxBytes: bodyMaxBytes,
  })
  const refuseInvalid = refuseInvalidCredentials({ payload, verifier })
  const refuseCrossSite = refuseCrossSiteWrites({ payload, verifier })
  const votesFirst = createVoteFastPath({ payload })
  const countsFirst = createCountFastPath({ payload })
  const commentsFirst = createCommentFastPath({ payload })
  warnIfServerUrlUnset({
    consequence:
      'cookie-authenticated writes are taken from the host each request names, on any scheme (behind a proxy the scheme cannot be told)',
  })
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', trustProxy(process.env.TRUST_PROXY))
  // First, so every handler after it (and Payload behind Next) sees the trusted address.
  app.use(realClientIp)

  // Liveness: the process answers. Never touches the database.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })

  // Readiness: Payload has booted, the database answers a query in time, and the process is not
  // shutting down (`drain()`: the balancer takes it out while the requests it sends still work).
  let isDraining = false
  app.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    if (isDraining) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' })
      return
    }
    const problem = await readinessProblem({ payload: payload(), timeoutMs: readinessTimeoutMs })
    if (problem) {
      res.status(503).json({ status: 'unavailable', reason: problem })
      return
    }
    res.json({ status: 'ready' })
  })

  // Public vote counts polled by H5 pages, without a credential or a query to check: answered
  // here, before the chain below has anything to do with them (src/voting/fastPath.ts).
  app.use(countsFirst)

  // Partner feed polls, hundreds of partners every minute: answered from cached bytes in front of
  // Express itself (see `frontDoor` below), each poll audit-logged in batches (plugins/partner-push/http).
  const feedReads = createReadRecorder({ payload })
  // One lookup of a partner's key and campaigns serves its feed polls and its other reads.
  const partnerGrants = createPartnerGrants()
  const feedFirst = createFeedHandler({
    grants: partnerGrants,
    payload,
    onRead: (read) =>
      feedReads.record({
        action: 'partner-read',
        actor: { collection: read.account.collection, id: read.account.id },
        actorLabel: accountLabel(read.account),
        targetCollection: 'campaigns',
        targetId: read.campaignId,
        summary:
          `合作方 ${accountLabel(read.account)} 拉取主题活动 #${read.campaignId} 的订阅源（feed.${read.format}）` +
          ` / partner ${accountLabel(read.account)} pulled the feed of campaign #${read.campaignId} (feed.${read.format})`,
        details: {
          operation: 'feed',
          format: read.format,
          since: read.since,
          limit: read.limit,
          status: read.status,
          via: 'REST',
        },
        at: read.at,
        ip: read.ip,
        userAgent: read.userAgent,
      }),
  })

  // Partners' REST and GraphQL reads of published content, answered from the bytes the same read
  // got before while nothing it shows changed (src/http/partnerReads); audit entries in batches.
  const partnerReads = createPartnerReadCache({
    payload,
    grants: partnerGrants,
    ttlMs: partnerReadCacheMs,
    sharedCollections,
    bodyMaxBytes,
    onRead: (read) =>
      feedReads.record({
        action: 'partner-read',
        actor: { collection: read.account.collection, id: read.account.id },
        actorLabel: accountLabel(read.account),
        targetCollection: read.summary.target,
        targetId: null,
        summary:
          `合作方 ${accountLabel(read.account)} 读取 ${read.summary.target}（${read.summary.operation}，${read.summary.returned} 条）` +
          ` / partner ${accountLabel(read.account)} read ${read.summary.target} (${read.summary.operation}, ${read.summary.returned} docs)`,
        details: {
          operation: read.summary.operation,
          returned: read.summary.returned,
          totalDocs: read.summary.totalDocs,
          request: read.request,
          via: read.via,
          cached: true,
        },
        at: read.at,
        ip: read.ip,
        userAgent: read.userAgent,
      }),
  })

  // Sites pulling a column with no credential: answered from the cached bytes, as the feed above.
  app.use(createColumnPullFastPath({ payload }))

  // The reference column page for unions without a site of their own, server-rendered from the
  // column's cached pull (src/columns/page); Next has no route there.
  app.get('/columns/:id', createColumnPage({ payload }))

  // page=-5, page=abc, where=<not JSON>: a 400 that says why, not Payload's 500 or a silent page 1.
  app.use('/api', refuseMalformedQuery)
  app.use(preferChineseAdmin)
  // Oversized bodies are refused first, unread. /healthz and /readyz above are never limited; the
  // limiter costs nothing for requests no rule covers. It counts before a bad credential or a
  // cross-site cookie write is refused, so refused credentials count as anonymous. Votes, their
  // public counts and windows' comments are answered last, in front of Next
  // (src/voting/fastPath.ts, src/moderation/fastPath.ts).
  app.all(
    '/{*splat}',
    partnerReads(
      limitBody(
        rateLimited(refuseInvalid(refuseCrossSite(votesFirst(commentsFirst(fallthrough))))),
      ),
    ),
  )
  /**
   * The server's request listener. Feed polls are the one answer cheap enough that Express's own
   * routing is most of its cost: they are tried here, with the client's address worked out as
   * Express would (`trust proxy`), and everything else — a feed poll the handler does not answer
   * included — goes to Express.
   */
  const frontDoor = (req: IncomingMessage, res: ServerResponse) => {
    if (isDraining) {
      // Keep-alive clients open their next connection elsewhere.
      res.setHeader('Connection', 'close')
    }
    if (req.method === 'GET' && req.url?.includes('/feed.')) {
      req.headers['x-real-ip'] = proxyAddr(req, app.get('trust proxy fn'))
      feedFirst(req, res, () => app(req, res))
      return
    }
    app(req, res)
  }
  return Object.assign(app, {
    /** Listens with the front door in front of Express (as Express's own `listen` takes). */
    listen: ((...args: Parameters<Server['listen']>) =>
      createServer(frontDoor).listen(...args)) as unknown as typeof app.listen,
    flushAuditLog: () => feedReads.flush(),
    /** Shutting down: `/readyz` answers 503 and every answer closes its connection; all else works. */
    drain: () => {
      isDraining = true
    },
    close: () => feedReads.close(),
  })
}

/**
 * What every reader sees alike (published content; a partner differs from the public only in the
 * campaigns its site takes): partners' reads of these are kept per campaign set.
 */
const sharedCollections = [
  'entries',
  'campaigns',
  'sub-projects',
  'featured-workers',
  'notices',
  'organizers',
]

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
 * Which proxies' X-Forwarded-For to believe: a hop count (`1` behind one load balancer) or a
 * list of addresses/subnets; `true` believes any, which lets clients forge their address.
 */
const trustProxy = (value: string | undefined): boolean | number | string => {
  if (!value) {
    return 'loopback'
  }
  if (value === 'true') {
    return true
  }
  return /^\d+$/.test(value) ? Number(value) : value
}

/**
 * Payload code behind Next (the audit log among it) takes the client's address from `x-real-ip`.
 * Whatever the client sent in that header is replaced with Express's `req.ip`, which follows the
 * app's `trust proxy` setting: X-Forwarded-For counts only for hops added by trusted proxies, so
 * the address cannot be forged from outside. Both `headers` and `rawHeaders` are rewritten, so
 * no reader of the request finds the client's own value.
 */
const realClientIp: RequestHandler = (req, _res, next) => {
  const raw: string[] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() !== 'x-real-ip') {
      raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    }
  }
  if (req.ip) {
    req.headers['x-real-ip'] = req.ip
    raw.push('X-Real-IP', req.ip)
  } else {
    delete req.headers['x-real-ip']
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw)
  next()
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
