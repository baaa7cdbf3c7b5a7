import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedOptions } from '../types'

import { relationId } from '../../../src/lib/relationId'
import { receiptChannels, receiptsSlug, verifyReceiptTaskSlug } from '../collections/receipts'
import { checkOutboundUrl } from '../utilities/ssrfGuard'

const error = (status: number, message: string) => Response.json({ errors: [{ message }] }, { status })

const channels = receiptChannels.map(({ value }) => value)

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
  partnerSite?: { id: number; name?: string | null } | number | null
  url?: string | null
  channel?: string | null
  column?: string | null
  publishedAt?: string | null
  reason?: string | null
  verification?: { status?: string | null; checkedAt?: string | null; detail?: string | null } | null
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

const postReceipt = async ({ req, options }: { req: PayloadRequest; options: ResolvedOptions }): Promise<Response> => {
  const user = req.user as { collection?: string; partnerSite?: unknown } | null
  if (!user) {
    return error(401, '请使用参与网站的 API 密钥 / use the partner site’s API key')
  }
  const partnerSite = relationId(user.partnerSite)
  if (user.collection !== options.slugs.partnerAccounts || !partnerSite) {
    return error(403, '只有参与网站账号可以报送回执 / only partner accounts report receipts')
  }
  // Under the partner's own rights: only a work it may pull can get a receipt.
  const entry = await req.payload.findByID({
    collection: options.slugs.entries as 'entries',
    id: Number(req.routeParams?.id),
    depth: 0,
    disableErrors: true,
    overrideAccess: false,
    user,
    select: { title: true },
    req,
  })
  if (!entry) {
    return error(404, '没有这件作品，或贵网站无权转载 / no such work, or not one your site takes')
  }
  const body = ((await req.json?.().catch(() => null)) ?? null) as ReceiptBody | null
  if (!body || typeof body !== 'object') {
    return error(400, '请求体须为 JSON / the body must be JSON')
  }

  if (body.declined === true) {
    const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
    if (!reason) {
      return error(400, '不转载须说明原因（reason） / a decline needs a reason')
    }
    const doc = await createReceipt({ req, data: { entry: entry.id, partnerSite, kind: 'declined', reason: reason.slice(0, 2000) } })
    return Response.json({ message: '已记录不转载 / decline recorded', doc: { id: doc.id, kind: 'declined' } }, { status: 201 })
  }

  const problems: string[] = []
  const url = typeof body.url === 'string' ? body.url.trim() : ''
  if (!url) {
    problems.push('缺少转载网址（url） / url is required')
  }
  if (typeof body.channel !== 'string' || !channels.includes(body.channel)) {
    problems.push(`渠道（channel）须为 ${channels.join('、')} 之一 / channel must be one of ${channels.join(', ')}`)
  }
  if (body.column !== undefined && body.column !== null && typeof body.column !== 'string') {
    problems.push('栏目（column）须为文字 / column must be text')
  }
  const publishedAt = body.publishedAt === undefined || body.publishedAt === null ? null : new Date(String(body.publishedAt))
  if (publishedAt && Number.isNaN(publishedAt.getTime())) {
    problems.push('发布时间（publishedAt）须为 ISO 时间 / publishedAt must be an ISO date')
  }
  if (problems.length) {
    return error(400, problems.join('；'))
  }
  const check = await checkOutboundUrl(url, { allowList: options.allowList })
  if (!check.ok) {
    return error(400, `转载网址不可用：${check.reason}`)
  }
  const doc = await createReceipt({
    req,
    data: {
      entry: entry.id,
      partnerSite,
      kind: 'published',
      url: check.url.toString(),
      channel: body.channel,
      column: typeof body.column === 'string' ? body.column.trim().slice(0, 200) : null,
      publishedAt: publishedAt ? publishedAt.toISOString() : null,
      verification: { status: 'pending' },
    },
  })
  await req.payload.jobs.queue({ task: verifyReceiptTaskSlug as never, input: { receipt: Number(doc.id) } as never, req })
  return Response.json(
    { message: '已收到回执，将核验网页中的作品标识 / receipt recorded; the page will be checked for the label', doc: { id: doc.id, kind: 'published', verification: 'pending' } },
    { status: 201 },
  )
}

const createReceipt = ({ req, data }: { req: PayloadRequest; data: Record<string, unknown> }) =>
  // The collection is closed to everyone: this endpoint (and the check job) are its only writers.
  req.payload.create({ collection: receiptsSlug as 'receipts', data: data as never, depth: 0, overrideAccess: true, req })

const reach = async ({ req, options }: { req: PayloadRequest; options: ResolvedOptions }): Promise<Response> => {
  const role = (req.user as { role?: string; collection?: string } | null)?.role
  if (!req.user) {
    return error(401, '请先登录 / log in first')
  }
  if (role !== 'admin' && role !== 'organizer') {
    return error(403, '只有管理员和活动组织者可以查看传播情况 / only admins and organizers see the reach')
  }
  const entry = await req.payload.findByID({
    collection: options.slugs.entries as 'entries',
    id: Number(req.routeParams?.id),
    depth: 0,
    disableErrors: true,
    overrideAccess: false,
    user: req.user,
    select: { title: true },
    req,
  })
  if (!entry) {
    return error(404, '没有这件作品 / no such work')
  }
  const { docs } = await req.payload.find({
    collection: receiptsSlug as 'receipts',
    where: { entry: { equals: entry.id } },
    sort: '-createdAt',
    depth: 1,
    limit: 0,
    pagination: false,
    populate: { 'partner-sites': { name: true } },
    overrideAccess: false,
    user: req.user,
    req,
  })
  const receipts = (docs as unknown as ReceiptDoc[]).map((doc) => {
    const site = doc.partnerSite && typeof doc.partnerSite === 'object' ? doc.partnerSite : null
    return {
      id: doc.id,
      kind: doc.kind,
      partnerSite: { id: site?.id ?? relationId(doc.partnerSite), name: site?.name ?? null },
      url: doc.url ?? null,
      channel: doc.channel ?? null,
      column: doc.column ?? null,
      publishedAt: doc.publishedAt ?? null,
      reason: doc.reason ?? null,
      verification: doc.kind === 'published' ? (doc.verification?.status ?? 'pending') : null,
      checkedAt: doc.verification?.checkedAt ?? null,
      detail: doc.verification?.detail ?? null,
      reportedAt: doc.createdAt,
    }
  })
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
  })
}
