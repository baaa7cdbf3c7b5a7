import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

import type { ResolvedOptions } from '../../../plugins/partner-push/types'
import type { PartnerGrant, PartnerGrants } from '../../../plugins/partner-push/http/partnerGrants'
import type { CachedRead, ReadSummary } from './state'

import { createPartnerGrants } from '../../../plugins/partner-push/http/partnerGrants'
import { partnerPushConfigKey } from '../../../plugins/partner-push/types'
import { bufferBody } from '../requestBody'
import { captureResponse } from './capture'
import { createGraphqlScopes } from './graphqlScope'
import { freshRead, keepRead, reachOf, readCacheStateOf, stampOf } from './state'

/** One partner read answered from the cache, for the app's audit log. */
export type CachedPartnerRead = {
  account: PartnerGrant['account']
  via: 'REST' | 'GraphQL'
  /** The path and query (REST) or the GraphQL operation's name. */
  request: string
  summary: ReadSummary
  at: Date
  ip?: string
  userAgent?: string
}

export type PartnerReadCacheOptions = {
  payload: () => Payload | undefined
  /**
   * How long an answer is kept at most. Changes made through this instance make answers stale at
   * once; this bounds what another instance's changes take to show. 0 turns the cache off.
   */
  ttlMs: number
  /**
   * Collections whose answers are the same for every partner whose sites take the same campaigns
   * (everyone reads what is published; a partner differs in the campaigns it takes): their REST
   * reads are cached per campaign set. Anything else a partner reads is not cached over REST.
   */
  sharedCollections: readonly string[]
  /** Largest GraphQL body read here; larger ones go on to be refused 413. */
  bodyMaxBytes: number
  /** Largest answer kept. @default 4 MB */
  maxAnswerBytes?: number
  /** Called for every read answered from the cache, after it is sent; must not throw. */
  onRead?: (read: CachedPartnerRead) => void
  /** The partner keys' grants, shared with the feed handler. @default its own */
  grants?: PartnerGrants
}

type Candidate = {
  via: 'REST' | 'GraphQL'
  scope: 'shared' | 'account'
  dependsOn: string[]
  /** What makes two requests the same read. */
  request: string
  label: string
  /** The collection read (REST), or the collections the query's fields read (GraphQL). */
  target: string
}

/**
 * Partners' reads of content over REST and GraphQL, answered from the bytes Payload gave the
 * same read before: a partner account's API key, no browser origin or session cookie, a GET of a
 * shared collection (`/api/entries?…`, `/api/entries/12`) or a GraphQL query (never a mutation).
 * The first read of a kind goes through the whole stack and its 200 is kept; the next ones with
 * the same campaign set (or, for GraphQL reading anything else, the same account) and the same
 * normalised query get those bytes, until a document of a collection the answer can show changes
 * (`partnerReadInvalidation`) or `ttlMs` passes. `Cache-Control: no-cache` reads through. A key
 * removed or a site's campaigns changed on this instance count at the next request (the grants
 * follow the partner-push plugin's access epoch).
 *
 * Wraps the handler chain it sits in front of: hits never reach it (nor its rate limits: a kept
 * answer costs next to nothing), misses go through it unchanged.
 */
export const createPartnerReadCache = ({
  payload: currentPayload,
  ttlMs,
  sharedCollections,
  bodyMaxBytes,
  maxAnswerBytes = 4 * 1024 * 1024,
  onRead,
  grants = createPartnerGrants(),
}: PartnerReadCacheOptions) => {
  const { grantFor } = grants
  let scopes: ReturnType<typeof createGraphqlScopes> | undefined
  let scopesOf: Payload | undefined
  const shared = new Set(sharedCollections)

  const candidateOf = (
    payload: Payload,
    method: string,
    url: URL,
    body: Buffer | null,
  ): Candidate | null => {
    const api = payload.config.routes.api
    if (method === 'GET') {
      const match = url.pathname.startsWith(`${api}/`)
        ? /^([a-z0-9-]+)(?:\/([1-9]\d{0,15}))?\/?$/.exec(url.pathname.slice(api.length + 1))
        : null
      if (!match || !shared.has(match[1]!)) {
        return null
      }
      const params = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      const query = new URLSearchParams(params).toString()
      return {
        via: 'REST',
        scope: 'shared',
        dependsOn: reachOf(payload, match[1]!),
        request: `GET ${url.pathname}?${query}`,
        label: `${url.pathname}${query ? `?${query}` : ''}`,
        target: match[1]!,
      }
    }
    if (!body) {
      return null
    }
    let parsed: { query?: unknown; variables?: unknown; operationName?: unknown }
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      return null
    }
    if (!parsed || typeof parsed.query !== 'string') {
      return null
    }
    const operationName = typeof parsed.operationName === 'string' ? parsed.operationName : null
    if (scopesOf !== payload) {
      scopes = createGraphqlScopes(payload, sharedCollections)
      scopesOf = payload
    }
    const scope = scopes!.scopeOf(parsed.query, operationName)
    if (scope.kind === 'uncacheable') {
      return null
    }
    return {
      via: 'GraphQL',
      scope: scope.kind,
      dependsOn:
        scope.kind === 'shared'
          ? [...new Set(scope.collections.flatMap((slug) => reachOf(payload, slug)))].sort()
          : everything(payload),
      request: `POST ${url.pathname}\n${JSON.stringify([parsed.query, parsed.variables ?? null, operationName])}`,
      label: operationName ?? 'graphql',
      target: scope.kind === 'shared' ? scope.collections.join(',') : 'graphql',
    }
  }

  /** The kept answer, gzipped (once, on the first hit that takes it) for a client that accepts it. */
  const send = (
    req: Parameters<RequestHandler>[0],
    res: Parameters<RequestHandler>[1],
    read: CachedRead,
  ) => {
    const isGzipped =
      read.body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const body = isGzipped ? (read.gzipped ??= gzipSync(read.body)) : read.body
    res.writeHead(read.status, [
      ...read.headers.flat(),
      ...(isGzipped ? ['Content-Encoding', 'gzip'] : []),
      'Vary',
      'Accept-Encoding',
      'Content-Length',
      String(body.length),
      'X-Cache',
      'hit',
    ])
    res.end(body)
  }

  return (inner: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      const payload = currentPayload()
      const options = payload?.config.custom?.[partnerPushConfigKey] as ResolvedOptions | undefined
      const authorization = req.headers.authorization
      const isGraphql =
        req.method === 'POST' &&
        payload !== undefined &&
        req.path === `${payload.config.routes.api}${payload.config.routes.graphQL}` &&
        (req.headers['content-type'] ?? '').startsWith('application/json')
      if (
        ttlMs <= 0 ||
        !payload ||
        !options?.isEnabled ||
        !(req.method === 'GET' || isGraphql) ||
        !authorization?.startsWith(`${options.slugs.partnerAccounts} API-Key `) ||
        req.headers.origin ||
        req.headers.cookie?.includes('payload-token')
      ) {
        inner(req, res, next)
        return
      }
      let request = req
      let body: Buffer | null = null
      if (isGraphql) {
        const buffered = await bufferBody({ req, res, maxBytes: bodyMaxBytes })
        if (!buffered) {
          return
        }
        body = buffered.body
        request = buffered.request
      }
      let key: string
      let candidate: Candidate | null
      let grant: PartnerGrant | null
      try {
        const url = new URL(req.originalUrl ?? req.url, 'http://partner.invalid')
        candidate = candidateOf(payload, req.method, url, body)
        grant = candidate ? await grantFor({ payload, options, authorization }) : null
        if (!candidate || !grant) {
          inner(request, res, next)
          return
        }
        const scope =
          candidate.scope === 'shared'
            ? `campaigns ${grant.campaignSet}`
            : `account ${grant.account.id}`
        key = createHash('sha256').update(`${scope}\n${candidate.request}`).digest('base64url')
      } catch (err) {
        payload.logger.warn({ err, msg: 'partner read cache: handing the read over' })
        inner(request, res, next)
        return
      }
      const isReadThrough = /no-cache/.test(
        `${req.headers['cache-control'] ?? ''} ${req.headers.pragma ?? ''}`,
      )
      const record = (read: CachedRead) =>
        onRead?.({
          account: grant!.account,
          via: candidate!.via,
          request: candidate!.label,
          summary: read.summary,
          at: new Date(),
          ip: req.headers['x-real-ip'] as string | undefined,
          userAgent: req.headers['user-agent'],
        })
      const state = readCacheStateOf(payload)
      if (!isReadThrough) {
        const kept = freshRead(payload, key, ttlMs)
        if (kept) {
          send(req, res, kept)
          record(kept)
          return
        }
        const filling = state.filling.get(key)
        if (filling) {
          const filled = await filling
          if (filled) {
            send(req, res, filled)
            record(filled)
            return
          }
        }
      }
      // A miss: the read goes through the whole stack, and its answer is kept if it is a 200.
      const stamp = stampOf(payload, candidate.dependsOn)
      const builtAt = Date.now()
      const captured = captureResponse(res, maxAnswerBytes)
      const filled = captured.then((answer): CachedRead | null => {
        const summary =
          answer?.status === 200 && !answer.headers.some(([name]) => name === 'set-cookie')
            ? summaryOf(candidate!, answer.body)
            : null
        if (!answer || !summary) {
          return null
        }
        const read: CachedRead = {
          status: answer.status,
          headers: answer.headers.filter(
            ([name]) => !['x-cache', 'vary', 'content-encoding'].includes(name),
          ),
          body: answer.body,
          dependsOn: candidate!.dependsOn,
          stamp,
          builtAt,
          summary,
        }
        keepRead(payload, key, read)
        return read
      })
      state.filling.set(key, filled)
      void filled.finally(() => {
        if (state.filling.get(key) === filled) {
          state.filling.delete(key)
        }
      })
      res.setHeader('X-Cache', 'miss')
      // Kept as plain bytes: Next would gzip the answer for a client that accepts it.
      withoutAcceptEncoding(request)
      inner(request, res, next)
    }
}

const withoutAcceptEncoding = (req: Parameters<RequestHandler>[0]) => {
  delete req.headers['accept-encoding']
  const raw: string[] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() !== 'accept-encoding') {
      raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    }
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw)
}

const everything = (payload: Payload): string[] =>
  [
    ...Object.keys(payload.collections),
    ...payload.config.globals.map((g) => `global:${g.slug}`),
  ].sort()

/**
 * How many documents an answer held, for the audit entry of the reads it answers later; null
 * for an answer not to keep (GraphQL answers errors with a 200: a refusal or a failure is not kept).
 */
const summaryOf = (candidate: Candidate, body: Buffer): ReadSummary | null => {
  const { target } = candidate
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>
  } catch {
    return null
  }
  if (candidate.via === 'REST') {
    if (Array.isArray(parsed.docs)) {
      return {
        target,
        operation: 'find',
        returned: parsed.docs.length,
        totalDocs: typeof parsed.totalDocs === 'number' ? parsed.totalDocs : undefined,
      }
    }
    return { target, operation: 'findByID', returned: 1 }
  }
  if (parsed.errors !== undefined) {
    return null
  }
  let returned = 0
  for (const value of Object.values((parsed.data ?? {}) as Record<string, unknown>)) {
    const docs = (value as { docs?: unknown[] } | null)?.docs
    returned += Array.isArray(docs) ? docs.length : value ? 1 : 0
  }
  return { target, operation: 'graphql', returned }
}
