import type { Endpoint, PayloadRequest, Where } from 'payload'

import type { ResolvedOptions } from '../types'

import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, initTransaction, killTransaction } from 'payload'
import { extractID } from 'payload/shared'

import { poolOf } from '../../shared/pool'
import {
  publishedAtSkewMs,
  receiptChannels,
  receiptsSlug,
  verifyReceiptTaskSlug,
} from '../collections/receipts'
import { checkOutboundUrl } from '../utilities/ssrfGuard'
import { syndicatedTo } from '../utilities/syndicatedTo'

const error = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })

const channels = receiptChannels.map(({ value }) => value)

/** Longer URLs are refused: they are part of a unique index, and no article URL needs more. */
const maxUrlLength = 2000

/** ISO 8601 with a time and an offset: a time without one means a different instant on every server. */
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i

type ReceiptBody = {
  url?: unknown
  channel?: unknown
  column?: unknown
  publishedAt?: unknown
  declined?: unknown
  reason?: unknown
}

type ReceiptDoc = {
  id: number
  kind: 'published' | 'declined'
  partnerSite: { id: number; name?: string | null } | number
  url?: string | null
  channel?: string | null
  column?: string | null
  publishedAt?: string | null
  reason?: string | null
  reportedAt?: string | null
  supersededAt?: string | null
  verification?: {
    status?: string | null
    checkedAt?: string | null
    detail?: string | null
  } | null
  createdAt: string
}

/**
 * `POST /api/entries/:id/receipts` (a partner, with its API key: where it published the work, or
 * that it declines it) and `GET /api/entries/:id/reach` (admins and organizers: every receipt).
 */
export const receiptEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/:id/receipts',
    method: 'post',
    handler: (req) => postReceipt({ req, options }),
  },
  {
    path: '/:id/reach',
    method: 'get',
    handler: (req) => reach({ req, options }),
  },
]

const postReceipt = async ({
  req,
  options,
}: {
  req: PayloadRequest
  options: ResolvedOptions
}): Promise<Response> => {
  const user = req.user as {
    collection?: string
    partnerSite?: number | { id: number } | null
  } | null
  if (!user) {
    return error(401, '请使用参与网站的 API 密钥 / use the partner site’s API key')
  }
  const partnerSite = user.partnerSite ? extractID(user.partnerSite) : undefined
  if (user.collection !== options.slugs.partnerAccounts || !partnerSite) {
    return error(403, '只有参与网站账号可以报送回执 / only partner accounts report receipts')
  }
  // Only a work the site was given (selected, in a campaign it takes) can get a receipt.
  const entry = await syndicatedTo({
    req,
    options,
    entryId: Number(req.routeParams?.id),
    partnerSite,
  })
  if (!entry) {
    return error(404, '没有这件作品，或贵网站无权转载 / no such work, or not one your site takes')
  }
  const entryId = Number(entry.id)
  const body = ((await req.json?.().catch(() => null)) ?? null) as ReceiptBody | null
  if (!body || typeof body !== 'object') {
    return error(400, '请求体须为 JSON / the body must be JSON')
  }

  if (body.declined === true) {
    const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
    if (!reason) {
      return error(400, '不转载须说明原因（reason） / a decline needs a reason')
    }
    const { id, isNew } = await withPartnersWord({
      req,
      partnerSite,
      entryId,
      write: () => recordDecline({ req, partnerSite, entryId, reason: reason.slice(0, 2000) }),
    })
    return Response.json(
      {
        message: isNew ? '已记录不转载 / decline recorded' : '已更新不转载原因 / decline updated',
        doc: { id, kind: 'declined' },
      },
      { status: isNew ? 201 : 200 },
    )
  }

  const problems: string[] = []
  const url = typeof body.url === 'string' ? body.url.trim() : ''
  if (!url) {
    problems.push('缺少转载网址（url） / url is required')
  } else if (url.length > maxUrlLength) {
    problems.push(
      `转载网址（url）不能超过 ${maxUrlLength} 个字符 / url must be at most ${maxUrlLength} characters`,
    )
  }
  if (typeof body.channel !== 'string' || !channels.includes(body.channel)) {
    problems.push(
      `渠道（channel）须为 ${channels.join('、')} 之一 / channel must be one of ${channels.join(', ')}`,
    )
  }
  if (body.column !== undefined && body.column !== null && typeof body.column !== 'string') {
    problems.push('栏目（column）须为文字 / column must be text')
  }
  const publishedAt =
    body.publishedAt === undefined || body.publishedAt === null
      ? null
      : parseDateTime(body.publishedAt)
  if (publishedAt === undefined) {
    problems.push(
      '发布时间（publishedAt）须为带时区的 ISO 8601 时间，如 2026-11-20T08:00:00+08:00 / publishedAt must be an ISO 8601 date-time with an offset, e.g. 2026-11-20T08:00:00+08:00',
    )
  }
  if (problems.length) {
    return error(400, problems.join('；'))
  }
  const check = await checkOutboundUrl(url, { allowList: options.allowList })
  if (!check.ok) {
    return error(400, `转载网址不可用：${check.zh} / the page URL cannot be used, ${check.en}`)
  }
  if (publishedAt) {
    const refusal = await checkPublishedAt({ req, options, entryId, partnerSite, publishedAt })
    if (refusal) {
      return error(400, refusal)
    }
  }
  // `#top` and `#comments` are the same page.
  const pageUrl = new URL(check.url.toString())
  pageUrl.hash = ''
  const { id, isNew } = await withPartnersWord({
    req,
    partnerSite,
    entryId,
    write: () =>
      recordPublication({
        req,
        partnerSite,
        entryId,
        data: {
          url: pageUrl.toString(),
          channel: body.channel as string,
          column: typeof body.column === 'string' ? body.column.trim().slice(0, 200) : null,
          publishedAt: publishedAt ? publishedAt.toISOString() : null,
        },
      }),
  })
  return Response.json(
    {
      message: isNew
        ? '已收到回执，将核验网页中的作品标识 / receipt recorded; the page will be checked for the label'
        : '已更新回执，将重新核验网页中的作品标识 / receipt updated; the page will be checked for the label again',
      doc: { id, kind: 'published', verification: 'pending' },
    },
    { status: isNew ? 201 : 200 },
  )
}

/** A Date for a well-formed ISO 8601 date-time with an offset, `undefined` for anything else. */
const parseDateTime = (value: unknown): Date | undefined => {
  if (typeof value !== 'string' || !isoDateTime.test(value.trim())) {
    return undefined
  }
  const date = new Date(value.trim())
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * Why a reported publication time cannot be true, or null: it may not be in the future (beyond
 * clock skew), nor before the partner could have had the work — its first push to the partner,
 * or, for a partner that only pulls, when the work was first pushed to anyone or (if never)
 * selected.
 */
const checkPublishedAt = async ({
  req,
  options,
  entryId,
  partnerSite,
  publishedAt,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entryId: number
  partnerSite: number
  publishedAt: Date
}): Promise<string | null> => {
  const now = Date.now()
  if (publishedAt.getTime() > now + publishedAtSkewMs) {
    return `发布时间（publishedAt）${publishedAt.toISOString()} 晚于当前时间 / publishedAt ${publishedAt.toISOString()} is in the future`
  }
  const table = options.slugs.deliveries.replace(/-/g, '_')
  const { rows } = await poolOf(req.payload).query<{
    to_partner: Date | null
    to_anyone: Date | null
  }>(
    `select min("created_at") filter (where "partner_site_id" = $2) as to_partner, min("created_at") as to_anyone from "${table}" where "entry_id" = $1`,
    [entryId, partnerSite],
  )
  let since = rows[0]?.to_partner ?? rows[0]?.to_anyone ?? null
  if (!since) {
    const work = (await req.payload.findByID({
      collection: options.slugs.entries,
      id: entryId,
      depth: 0,
      disableErrors: true,
      select: { bestWork: { selectedAt: true } },
      overrideAccess: true,
      req,
    })) as { bestWork?: { selectedAt?: string | null } | null } | null
    since = work?.bestWork?.selectedAt ? new Date(work.bestWork.selectedAt) : null
  }
  if (since && publishedAt.getTime() < since.getTime() - publishedAtSkewMs) {
    return `发布时间（publishedAt）${publishedAt.toISOString()} 早于作品推送给贵网站的时间 ${since.toISOString()} / publishedAt ${publishedAt.toISOString()} is before the work was pushed to your site (${since.toISOString()})`
  }
  return null
}

type Written = { id: number; isNew: boolean }

/**
 * Applies one report of a partner about a work in a transaction that holds a lock on that pair,
 * so reports arriving at once, on any instance, are applied one after the other and the last one
 * wins (the unique index alone cannot order a decline, which has no URL, against a receipt). The
 * check job is queued in the same transaction. With transactions switched off in the adapter
 * there is no lock, and only the unique index guards against duplicate rows.
 */
const withPartnersWord = async ({
  req,
  partnerSite,
  entryId,
  write,
}: {
  req: PayloadRequest
  partnerSite: number
  entryId: number
  write: () => Promise<Written>
}): Promise<Written> => {
  const shouldCommit = await initTransaction(req)
  try {
    const sessions = (
      req.payload.db as unknown as {
        sessions?: Record<
          number | string,
          { db: { execute: (query: unknown) => Promise<unknown> } }
        >
      }
    ).sessions
    const transaction = req.transactionID ? sessions?.[await req.transactionID] : undefined
    if (transaction) {
      await transaction.db.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`receipts:${partnerSite}:${entryId}`}, 0))`,
      )
    }
    const written = await write()
    if (shouldCommit) {
      await commitTransaction(req)
    }
    return written
  } catch (err) {
    if (shouldCommit) {
      await killTransaction(req)
    }
    throw err
  }
}

/** The partner's receipts for the work of one kind, current or superseded. */
const receiptsOf = ({
  partnerSite,
  entryId,
  kind,
}: {
  partnerSite: number
  entryId: number
  kind: 'published' | 'declined'
}): Where[] => [
  { partnerSite: { equals: partnerSite } },
  { entry: { equals: entryId } },
  { kind: { equals: kind } },
]

/** A published receipt: updates the row for its URL (and checks the page again) or adds one; supersedes a decline. */
const recordPublication = async ({
  req,
  partnerSite,
  entryId,
  data,
}: {
  req: PayloadRequest
  partnerSite: number
  entryId: number
  data: { url: string; channel: string; column: string | null; publishedAt: string | null }
}): Promise<Written> => {
  const now = new Date().toISOString()
  await supersede({ req, where: receiptsOf({ partnerSite, entryId, kind: 'declined' }), at: now })
  const fields = {
    ...data,
    kind: 'published',
    reason: null,
    reportedAt: now,
    supersededAt: null,
    verification: { status: 'pending', checkedAt: null, detail: null },
  }
  const existing = await findReceipt({
    req,
    where: [
      ...receiptsOf({ partnerSite, entryId, kind: 'published' }),
      { url: { equals: data.url } },
    ],
  })
  const doc = existing
    ? await updateReceipt({ req, id: existing, data: fields })
    : await createReceipt({ req, data: { ...fields, entry: entryId, partnerSite } })
  await req.payload.jobs.queue({
    task: verifyReceiptTaskSlug,
    input: { receipt: Number(doc.id) },
    req,
  })
  return { id: Number(doc.id), isNew: !existing }
}

/** A decline: updates the partner's one decline of the work or adds it; supersedes its receipts. */
const recordDecline = async ({
  req,
  partnerSite,
  entryId,
  reason,
}: {
  req: PayloadRequest
  partnerSite: number
  entryId: number
  reason: string
}): Promise<Written> => {
  const now = new Date().toISOString()
  await supersede({ req, where: receiptsOf({ partnerSite, entryId, kind: 'published' }), at: now })
  const fields = { kind: 'declined', reason, reportedAt: now, supersededAt: null }
  const existing = await findReceipt({
    req,
    where: receiptsOf({ partnerSite, entryId, kind: 'declined' }),
  })
  const doc = existing
    ? await updateReceipt({ req, id: existing, data: fields })
    : await createReceipt({ req, data: { ...fields, entry: entryId, partnerSite } })
  return { id: Number(doc.id), isNew: !existing }
}

// The collection is closed to everyone: this endpoint (and the check job) are its only writers.

const findReceipt = async ({
  req,
  where,
}: {
  req: PayloadRequest
  where: Where[]
}): Promise<number | null> => {
  const { docs } = await req.payload.find({
    collection: receiptsSlug,
    where: { and: where },
    sort: 'createdAt',
    limit: 1,
    depth: 0,
    select: {},
    overrideAccess: true,
    req,
  })
  return docs[0] ? Number(docs[0].id) : null
}

const supersede = ({ req, where, at }: { req: PayloadRequest; where: Where[]; at: string }) =>
  req.payload.update({
    collection: receiptsSlug,
    where: { and: [...where, { supersededAt: { exists: false } }] },
    data: { supersededAt: at },
    depth: 0,
    overrideAccess: true,
    req,
  })

const updateReceipt = ({
  req,
  id,
  data,
}: {
  req: PayloadRequest
  id: number
  data: Record<string, unknown>
}) =>
  req.payload.update({ collection: receiptsSlug, id, data, depth: 0, overrideAccess: true, req })

const createReceipt = ({ req, data }: { req: PayloadRequest; data: Record<string, unknown> }) =>
  req.payload.create({ collection: receiptsSlug, data, depth: 0, overrideAccess: true, req })

const reach = async ({
  req,
  options,
}: {
  req: PayloadRequest
  options: ResolvedOptions
}): Promise<Response> => {
  if (!req.user) {
    return error(401, '请先登录 / log in first')
  }
  // Whoever reads some of the push history sees a work's reach; its receipts are read under that rule.
  if ((await options.access.readHistory({ req })) === false) {
    return error(403, '您无权查看作品的传播情况 / you may not see the reach of works')
  }
  const entry = (await req.payload.findByID({
    collection: options.slugs.entries,
    id: Number(req.routeParams?.id),
    depth: 0,
    disableErrors: true,
    overrideAccess: false,
    user: req.user,
    select: { title: true },
    req,
  })) as { id: number; title: string } | null
  if (!entry) {
    return error(404, '没有这件作品 / no such work')
  }
  const { docs } = await req.payload.find({
    collection: receiptsSlug,
    where: { entry: { equals: entry.id } },
    sort: '-reportedAt',
    depth: 1,
    limit: 0,
    pagination: false,
    populate: { [options.slugs.partnerSites]: { name: true } },
    overrideAccess: false,
    user: req.user,
    req,
  })
  const rows = (docs as ReceiptDoc[]).map((doc) => {
    const site = typeof doc.partnerSite === 'object' ? doc.partnerSite : null
    return {
      id: doc.id,
      kind: doc.kind,
      partnerSite: { id: extractID(doc.partnerSite), name: site?.name ?? null },
      url: doc.url ?? null,
      channel: doc.channel ?? null,
      column: doc.column ?? null,
      publishedAt: doc.publishedAt ?? null,
      reason: doc.reason ?? null,
      verification: doc.kind === 'published' ? (doc.verification?.status ?? 'pending') : null,
      checkedAt: doc.verification?.checkedAt ?? null,
      detail: doc.verification?.detail ?? null,
      firstReportedAt: doc.createdAt,
      reportedAt: doc.reportedAt ?? doc.createdAt,
      supersededAt: doc.supersededAt ?? null,
    }
  })
  // The partner's latest word about the work counts; what it replaced is history.
  const receipts = rows.filter((r) => !r.supersededAt)
  const published = receipts.filter((r) => r.kind === 'published')
  return Response.json({
    entry: { id: entry.id, title: entry.title },
    summary: {
      published: published.length,
      verified: published.filter((r) => r.verification === 'verified').length,
      declined: receipts.length - published.length,
      partners: new Set(published.map((r) => r.partnerSite.id)).size,
    },
    receipts,
    superseded: rows.filter((r) => r.supersededAt),
  })
}
