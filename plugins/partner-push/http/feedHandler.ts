import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Payload } from 'payload'

import type { FeedFormat } from '../endpoints/feed'
import type { ResolvedOptions } from '../types'

import { feedHeaders, feedPage, limitProblem, parseLimit } from '../endpoints/feed'
import { partnerPushConfigKey } from '../types'
import { decodeCursor, matchesIfNoneMatch } from '../utilities/feed'
import type { PartnerGrants } from './partnerGrants'

import { createPartnerGrants } from './partnerGrants'

/** One partner poll answered by the handler, for the app's audit log. */
export type FeedRead = {
  /** The partner account, as the API-key strategy found it. */
  account: { id: number | string; collection: string; email?: string | null; name?: string | null }
  campaignId: number
  format: FeedFormat
  since: string | null
  limit: number
  status: 200 | 304
  at: Date
  ip?: string
  userAgent?: string
}

export type FeedHandlerOptions = {
  /** The booted Payload of this process, once there is one. */
  payload: () => Payload | undefined
  /** Called for every poll answered, after the answer is sent; must not throw. */
  onRead?: (read: FeedRead) => void
  /** The partner keys' grants, when another handler shares them. @default its own */
  grants?: PartnerGrants
}

type Next = (err?: unknown) => void

/**
 * A Node/Express handler that answers partners' feed polls in front of Payload's REST router:
 * API key and campaigns from a short-lived in-process cache, the page from the bytes cache,
 * and an `If-None-Match` hit as a bare 304. It answers only the common case — a partner
 * account's key, a campaign it takes, a valid cursor, no browser origin or session cookie —
 * and hands everything else (errors included) to `next`, where the plugin's endpoint gives the
 * same answers it always did. Mount it before the router, at the app's API route.
 */
export const createFeedHandler = ({
  payload: currentPayload,
  onRead,
  grants = createPartnerGrants(),
}: FeedHandlerOptions) => {
  const { grantFor } = grants

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const payload = currentPayload()
    const options = payload?.config.custom?.[partnerPushConfigKey] as ResolvedOptions | undefined
    const authorization = req.headers.authorization
    if (
      !payload ||
      !options?.isEnabled ||
      req.method !== 'GET' ||
      !authorization?.startsWith(`${options.slugs.partnerAccounts} API-Key `) ||
      // Browsers get Payload's CORS headers and session handling.
      req.headers.origin ||
      req.headers.cookie?.includes('payload-token')
    ) {
      return false
    }
    const url = new URL(req.url ?? '/', 'http://feed.invalid')
    const prefix = `${payload.config.routes.api}/${options.slugs.campaigns}/`
    const match = url.pathname.startsWith(prefix)
      ? /^([1-9]\d{0,15})\/feed\.(json|rss)$/.exec(url.pathname.slice(prefix.length))
      : null
    if (!match) {
      return false
    }
    const campaignId = Number(match[1])
    const format = match[2] as FeedFormat
    const since = url.searchParams.get('since')
    const cursor = since ? decodeCursor(since) : null
    if (since && !cursor) {
      return false
    }
    const grant = await grantFor({ payload, options, authorization })
    if (!grant?.campaignIds.has(campaignId)) {
      return false
    }
    // Answered here: behind this handler, /api's general paging check would give its own range.
    const limitRefused = limitProblem(url.searchParams.get('limit'))
    if (limitRefused) {
      res
        .writeHead(400, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
        })
        .end(JSON.stringify({ errors: [{ message: limitRefused }] }))
      return true
    }
    const limit = parseLimit(url.searchParams.get('limit'))
    const page = await feedPage({ payload, options, campaignId, since, cursor, limit, format })
    const headers = feedHeaders(page)
    const isNotModified = matchesIfNoneMatch(req.headers['if-none-match'] ?? null, page.etag)
    if (isNotModified) {
      const { 'Content-Type': _, ...rest } = headers
      res.writeHead(304, rest).end()
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': String(page.body.length) }).end(page.body)
    }
    onRead?.({
      account: grant.account,
      campaignId,
      format,
      since,
      limit,
      status: isNotModified ? 304 : 200,
      at: new Date(),
      ip: req.headers['x-real-ip'] as string | undefined,
      userAgent: req.headers['user-agent'],
    })
    return true
  }

  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    answer(req, res).then(
      (isAnswered) => {
        if (!isAnswered) {
          next()
        }
      },
      (err: unknown) => {
        // The endpoint behind answers the same request with Payload's own error handling.
        currentPayload()?.logger.warn({
          err,
          msg: 'partner feed: fast path failed, handing over to the endpoint',
        })
        if (!res.headersSent) {
          next()
        }
      },
    )
  }
}
