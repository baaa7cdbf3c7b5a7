import type { Endpoint, Payload, PayloadRequest, Where } from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'
import type { FeedAttachment, FeedCursor, FeedItem, FeedPage } from '../utilities/feed'
import type { BuiltFeedPage, CachedFeedPage } from '../utilities/feedCache'

import { partnerCampaignIds } from '../access/partnerCampaigns'
import { hasLabel, stripLabel } from '../../shared/label'
import {
  decodeCursor,
  encodeCursor,
  etagOf,
  matchesIfNoneMatch,
  toJsonFeed,
  toRss,
} from '../utilities/feed'
import { baseUrlOf } from '../types'
import { cachedFeedPage } from '../utilities/feedCache'
import { bodyHtmlFromText } from '../utilities/ninjs'
import { mediaRenditions } from '../utilities/pushBody'

export type FeedFormat = 'json' | 'rss'

const defaultLimit = 20
const maxLimit = 100

const error = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })

type Named = { id: number; name?: string | null; email?: string | null }
type FeedEntry = {
  id: number
  title: string
  text?: string | null
  description?: string | null
  createdAt?: string
  authors?: { name: string; unit?: string | null }[] | null
  submittingUnit?: Named | number | null
  bestWork?: { selectedAt?: string | null; selectedBy?: Named | number | null } | null
  syndication?: {
    pubstatus?: 'usable' | 'canceled' | null
    version?: number | null
    changedAt?: string | null
    responsibleEditor?: string | null
  } | null
  media?: Parameters<typeof mediaRenditions>[0]['media'] | null
}
type CampaignDoc = {
  id: number
  name: string
  label?: string | null
  year?: number | null
  introClip?: number | { id: number } | null
  unification?: {
    labelRule?: string | null
    labelBrackets?: string | null
    watermarkPhotos?: boolean | null
  } | null
}

const asDoc = <T>(value: T | number | null | undefined): T | null =>
  value && typeof value === 'object' ? value : null

/**
 * `GET /api/campaigns/:id/feed.json` (JSON Feed 1.1) and `/feed.rss` (RSS 2.0): the selected
 * works of a campaign and their takedowns, for the partner sites that take it. Pages are built
 * with one query and kept as bytes until the campaign changes (utilities/feedCache); the body's
 * hash is a strong ETag, so a poll with nothing new is a 304 without a body. This endpoint
 * answers every case and its errors; `createFeedHandler` answers the common one in front of it.
 */
export const feedEndpoints = (options: ResolvedOptions): Endpoint[] =>
  (['json', 'rss'] as const).map((format): Endpoint => ({
    path: `/:id/feed.${format}`,
    method: 'get',
    handler: (req) => feed({ req, options, format }),
  }))

const feed = async ({
  req,
  options,
  format,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  format: FeedFormat
}): Promise<Response> => {
  const user = req.user as {
    collection?: string
    partnerSite?: number | { id: number } | null
  } | null
  if (!user) {
    return error(401, '请使用参与网站的 API 密钥 / use the partner site’s API key')
  }
  if (user.collection !== options.slugs.partnerAccounts) {
    return error(403, '只有参与网站账号可以拉取 / only partner accounts pull the feed')
  }
  const campaignId = Number(req.routeParams?.id)
  if (!Number.isSafeInteger(campaignId) || campaignId <= 0) {
    return error(404, '没有这个主题活动 / no such campaign')
  }
  // Read under the partner's own rights, so the read is audit-logged as the partner's. Those
  // rights are the public's (every campaign not being prepared): they do not limit the feed to
  // the campaigns the partner's site takes; the check after this does.
  const campaign = (await req.payload.findByID({
    collection: options.slugs.campaigns,
    id: campaignId,
    depth: 0,
    disableErrors: true,
    overrideAccess: false,
    user,
    select: { name: true, label: true, year: true },
    req,
  })) as CampaignDoc | null
  if (!campaign) {
    const { totalDocs } = await req.payload.count({
      collection: options.slugs.campaigns,
      where: { id: { equals: campaignId } },
      req,
    })
    return totalDocs === 0
      ? error(404, '没有这个主题活动 / no such campaign')
      : error(403, '贵网站未接收这个主题活动 / your site does not take this campaign')
  }
  // What limits the feed: only the campaigns the partner's site takes (its push settings).
  if (
    !(
      await partnerCampaignIds(req, user.partnerSite ? extractID(user.partnerSite) : undefined)
    ).includes(campaignId)
  ) {
    return error(403, '贵网站未接收这个主题活动 / your site does not take this campaign')
  }

  const since = req.searchParams.get('since')
  const cursor = since ? decodeCursor(since) : null
  if (since && !cursor) {
    return error(
      400,
      `无效的 since：${since}（应为上一页的游标或 ISO 时间） / invalid since: ${since} (a cursor from the previous page or an ISO date)`,
    )
  }
  const limitRefused = limitProblem(req.searchParams.get('limit'))
  if (limitRefused) {
    return error(400, limitRefused)
  }
  const page = await feedPage({
    payload: req.payload,
    options,
    campaignId,
    since,
    cursor,
    limit: parseLimit(req.searchParams.get('limit')),
    format,
  })
  const headers = new Headers(feedHeaders(page))
  if (matchesIfNoneMatch(req.headers.get('if-none-match'), page.etag)) {
    headers.delete('Content-Type')
    return new Response(null, { status: 304, headers })
  }
  return new Response(new Uint8Array(page.body), { status: 200, headers })
}

/** The headers of a feed answer (a 304 leaves out Content-Type). */
export const feedHeaders = (page: CachedFeedPage): Record<string, string> => ({
  ETag: page.etag,
  'Cache-Control': 'private, max-age=30',
  Vary: 'Authorization',
  'Content-Type': page.contentType,
})

/**
 * One page of a campaign's feed as finished bytes, from the cache while the campaign is
 * unchanged. The same for every partner that takes the campaign, so no access check here:
 * callers check the partner first.
 */
export const feedPage = (page: FeedPageRequest): Promise<CachedFeedPage> =>
  cachedFeedPage({
    payload: page.payload,
    key: `${page.campaignId}|${page.format}|${page.limit}|${page.since ?? ''}`,
    campaignId: page.campaignId,
    ttlMs: page.options.feedCacheMs,
    build: () => buildFeedPage(page),
  })

/** Which page: the campaign, the cursor as given and as read, the page size and the format. */
type FeedPageRequest = {
  payload: Payload
  options: ResolvedOptions
  campaignId: number
  since: string | null
  cursor: FeedCursor | null
  limit: number
  format: FeedFormat
}

const buildFeedPage = async ({
  payload,
  options,
  campaignId,
  since,
  cursor,
  limit,
  format,
}: FeedPageRequest): Promise<BuiltFeedPage> => {
  const campaign = (await payload.findByID({
    collection: options.slugs.campaigns,
    id: campaignId,
    depth: 0,
    // The intro clip and watermark settings decide which labelled copies are current.
    select: { name: true, label: true, year: true, introClip: true, unification: true },
  })) as CampaignDoc
  const { docs } = await payload.find({
    collection: options.slugs.entries,
    where: {
      and: [
        { campaign: { equals: campaignId } },
        { 'syndication.pubstatus': { in: ['usable', 'canceled'] } },
        ...(cursor ? [after(cursor)] : []),
      ],
    },
    sort: ['syndication.changedAt', 'id'],
    limit: limit + 1,
    pagination: false,
    depth: 1,
    select: {
      title: true,
      text: true,
      description: true,
      createdAt: true,
      authors: { name: true, unit: true },
      submittingUnit: true,
      bestWork: { selectedAt: true, selectedBy: true },
      syndication: true,
      media: true,
    },
    // The submitting unit's name where an app's units are `organizers`; the selecting editor.
    populate: { organizers: { name: true }, [options.slugs.users]: { name: true, email: true } },
  })
  const entries = docs as FeedEntry[]
  const items = entries.slice(0, limit)
  const last = items.at(-1)
  const nextSince = last
    ? encodeCursor({ changedAt: last.syndication!.changedAt!, id: last.id })
    : (since ?? undefined)
  const home = baseUrlOf({ options, payload })
  const api = `${home}${payload.config.routes.api}`
  const feedUrl = `${api}/${options.slugs.campaigns}/${campaignId}/feed.${format}`
  const page: FeedPage = {
    campaign,
    items: await Promise.all(
      items.map(async (entry) => ({
        ...toItem({ entry, campaign, options, api }),
        ...(await attachmentsOf({ payload, entry, campaign, options })),
      })),
    ),
    nextSince,
    nextUrl:
      entries.length > limit && nextSince
        ? `${feedUrl}?since=${encodeURIComponent(nextSince)}${limit === defaultLimit ? '' : `&limit=${limit}`}`
        : undefined,
    homePageUrl: home,
    feedUrl,
  }
  const text = format === 'json' ? JSON.stringify(toJsonFeed(page)) : toRss(page)
  return {
    body: Buffer.from(text, 'utf8'),
    etag: etagOf(text),
    contentType:
      format === 'json'
        ? 'application/feed+json; charset=utf-8'
        : 'application/rss+xml; charset=utf-8',
  }
}

/**
 * Why `limit` cannot be used, or null: a whole number from 1 to 100, or absent (20). `0`, `-5`,
 * `500` or `abc` were read as 1, 1, 100 and 20 without a word; now they are a 400 that says the range.
 */
export const limitProblem = (value: string | null): string | null => {
  if (
    value === null ||
    (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= maxLimit)
  ) {
    return null
  }
  const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value
  return `每页条数 limit 应为 1 到 ${maxLimit} 之间的整数（不写为 ${defaultLimit}），收到“${shown}” / limit must be a whole number from 1 to ${maxLimit} (default ${defaultLimit}), got "${shown}"`
}

/** The page size asked for; call `limitProblem` first. */
export const parseLimit = (value: string | null): number =>
  value === null ? defaultLimit : Number(value)

/** Changes after the cursor: later, or at the same moment with a higher id. */
const after = (cursor: FeedCursor): Where =>
  cursor.id === undefined
    ? { 'syndication.changedAt': { greater_than: cursor.changedAt } }
    : {
        or: [
          { 'syndication.changedAt': { greater_than: cursor.changedAt } },
          {
            and: [
              { 'syndication.changedAt': { equals: cursor.changedAt } },
              { id: { greater_than: cursor.id } },
            ],
          },
        ],
      }

/**
 * The files of a work still usable, as its pushes link them — the same URLs, sizes and SHA-256 —
 * each labelled copy first (the one to republish), then its original.
 */
const attachmentsOf = async ({
  payload,
  entry,
  campaign,
  options,
}: {
  payload: Payload
  entry: FeedEntry
  campaign: CampaignDoc
  options: ResolvedOptions
}): Promise<Pick<FeedItem, 'attachments'>> => {
  if (entry.syndication?.pubstatus === 'canceled' || !entry.media?.length) {
    return {}
  }
  const renditions = await mediaRenditions({ payload, options, media: entry.media, campaign })
  const attachments: FeedAttachment[] = []
  for (const [name, rendition] of Object.entries(renditions)) {
    if (!name.startsWith('original')) {
      continue
    }
    const labelled = name.replace('original', 'labelled')
    for (const [which, file] of [
      [labelled, renditions[labelled]],
      [name, rendition],
    ] as const) {
      if (file) {
        attachments.push({
          url: file.href,
          mimeType: file.contenttype,
          rendition: which,
          title: file.title ?? which,
          sizeInBytes: file.sizeinbytes,
          sha256: file.hash,
          width: file.width,
          height: file.height,
        })
      }
    }
  }
  return attachments.length ? { attachments } : {}
}

/** One change of one work, with the same attribution a push carries. */
const toItem = ({
  entry,
  campaign,
  options,
  api,
}: {
  entry: FeedEntry
  campaign: CampaignDoc
  options: ResolvedOptions
  api: string
}): FeedItem => {
  const label = campaign.label?.trim()
  const bare = label ? stripLabel(entry.title, label) : entry.title.trim()
  // As pushes do: the stored title carries the label in the campaign's form once published.
  const title = !label || hasLabel(entry.title, label) ? entry.title.trim() : `【${label}】${bare}`
  const syndication = entry.syndication!
  const base: FeedItem = {
    entryId: entry.id,
    pubstatus: syndication.pubstatus === 'canceled' ? 'canceled' : 'usable',
    version: syndication.version ?? 0,
    changedAt: new Date(syndication.changedAt!).toISOString(),
    title,
    authors: [],
  }
  if (base.pubstatus === 'canceled') {
    return base
  }
  const authors = (entry.authors ?? [])
    .filter((a) => a.name?.trim())
    .map((a) => ({ name: a.name.trim(), ...(a.unit ? { unit: a.unit } : {}) }))
  const unit = asDoc(entry.submittingUnit)
  const selector = asDoc(entry.bestWork?.selectedBy)
  const body = entry.text?.trim() || entry.description?.trim() || ''
  return {
    ...base,
    contentHtml: body ? bodyHtmlFromText(body) : '',
    summary: entry.description?.trim() || undefined,
    url: `${api}/${options.slugs.entries}/${entry.id}`,
    authors,
    datePublished: new Date(
      entry.bestWork?.selectedAt ?? entry.createdAt ?? syndication.changedAt!,
    ).toISOString(),
    attribution: {
      source: unit?.name || campaign.name || '网聚职工正能量',
      originalAuthor: authors.map((a) => a.name).join('、') || unit?.name || '佚名',
      originalTitle: bare,
      responsibleEditor:
        selector?.name || selector?.email || entry.syndication?.responsibleEditor || '全国办公室',
    },
  }
}
