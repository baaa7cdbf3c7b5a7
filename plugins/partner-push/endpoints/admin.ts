import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedOptions } from '../types'

import { relationId } from '../../../src/lib/relationId'
import { queueDelivery } from '../jobs/deliver'
import { generateSecret } from '../utilities/signature'

const error = (status: number, message: string) => Response.json({ errors: [{ message }] }, { status })
const isAdmin = (req: PayloadRequest) => (req.user as { role?: string; collection?: string } | null)?.role === 'admin'
const idParam = (req: PayloadRequest) => Number(req.routeParams?.id)

/**
 * Partner-site actions of the national office: a new signing secret (shown once; the old one
 * keeps signing beside it for the overlap window), pause and resume.
 */
export const partnerSiteEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/:id/rotate-secret',
    method: 'post',
    handler: async (req) => {
      if (!isAdmin(req)) {
        return error(403, '只有管理员可以更换密钥 / only admins rotate secrets')
      }
      const site = (await req.payload.findByID({ collection: options.slugs.partnerSites as 'partner-sites', id: idParam(req), depth: 0, showHiddenFields: true, req })) as {
        push?: { secret?: string | null } | null
      }
      const secret = generateSecret()
      const previousSecretUntil = new Date(Date.now() + options.rotationOverlapMs).toISOString()
      await req.payload.update({
        collection: options.slugs.partnerSites as 'partner-sites',
        id: idParam(req),
        data: {
          push: {
            ...site.push,
            secret: req.payload.encrypt(secret),
            previousSecret: site.push?.secret ?? null,
            previousSecretUntil: site.push?.secret ? previousSecretUntil : null,
          },
        } as never,
        req,
      })
      return Response.json({
        message: '新密钥只显示这一次，请妥善保存 / the new secret is shown only this once',
        secret,
        previousSecretValidUntil: site.push?.secret ? previousSecretUntil : null,
      })
    },
  },
  ...(['pause', 'resume'] as const).map(
    (action): Endpoint => ({
      path: `/:id/${action}`,
      method: 'post',
      handler: async (req) => {
        if (!isAdmin(req)) {
          return error(403, '只有管理员可以暂停或恢复推送 / only admins pause or resume pushes')
        }
        // Resuming releases what was held for the site, in order (the partner sites' releaseHeld hook).
        await req.payload.update({
          collection: options.slugs.partnerSites as 'partner-sites',
          id: idParam(req),
          data: { push: { status: action === 'pause' ? 'paused' : 'active', disabledReason: null } } as never,
          req,
        })
        if (action === 'resume') {
          // Retries waiting for their time go now.
          await requeue({ req, options, where: { and: [{ partnerSite: { equals: idParam(req) } }, { state: { equals: 'retrying' } }] } })
        }
        return Response.json({ message: action === 'pause' ? '已暂停 / paused' : '已恢复 / resumed' })
      },
    }),
  ),
]

const requeue = async ({ req, options, where }: { req: PayloadRequest; options: ResolvedOptions; where: Record<string, unknown> }) => {
  const { docs } = await req.payload.find({ collection: options.slugs.deliveries as 'deliveries', where: where as never, sort: 'sequence', depth: 0, limit: 0, pagination: false, req })
  for (const delivery of docs) {
    await req.payload.update({ collection: options.slugs.deliveries as 'deliveries', id: delivery.id, data: { state: 'pending', nextAttemptAt: null } as never, req })
    await queueDelivery({ payload: req.payload, options, deliveryId: Number(delivery.id), req })
  }
  return docs.length
}

/**
 * Delivery actions: resend one (same webhook-id), replay every failed one of a partner or a time
 * range, and the partner's acknowledgement of a takedown (撤稿确认, with its API key).
 */
export const deliveryEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/:id/resend',
    method: 'post',
    handler: async (req) => {
      if (!isAdmin(req)) {
        return error(403, '只有管理员可以重发 / only admins resend')
      }
      const count = await requeue({ req, options, where: { id: { equals: idParam(req) } } })
      return count ? Response.json({ message: '已重新排队 / queued again', resent: count }) : error(404, '没有这条推送记录 / no such delivery')
    },
  },
  {
    path: '/replay',
    method: 'post',
    handler: async (req) => {
      if (!isAdmin(req)) {
        return error(403, '只有管理员可以重放 / only admins replay')
      }
      const body = ((await req.json?.().catch(() => ({}))) ?? {}) as { partnerSite?: unknown; from?: unknown; to?: unknown }
      for (const key of ['from', 'to'] as const) {
        if (body[key] !== undefined && body[key] !== null && (typeof body[key] !== 'string' || Number.isNaN(Date.parse(body[key])))) {
          return error(400, `无效的时间 ${key}：${String(body[key])}（应为 ISO 时间） / invalid ${key}: not an ISO date`)
        }
      }
      if (body.partnerSite !== undefined && body.partnerSite !== null && !Number.isSafeInteger(Number(body.partnerSite))) {
        return error(400, `无效的参与网站：${String(body.partnerSite)} / invalid partnerSite`)
      }
      const and: Record<string, unknown>[] = [{ state: { equals: 'failed' } }]
      if (body.partnerSite) {
        and.push({ partnerSite: { equals: body.partnerSite } })
      }
      if (body.from) {
        and.push({ createdAt: { greater_than_equal: body.from } })
      }
      if (body.to) {
        and.push({ createdAt: { less_than_equal: body.to } })
      }
      const replayed = await requeue({ req, options, where: { and } })
      return Response.json({ message: `已重放 ${replayed} 条 / replayed ${replayed}`, replayed })
    },
  },
  {
    path: '/:id/acknowledge',
    method: 'post',
    handler: async (req) => {
      const user = req.user as { collection?: string; partnerSite?: unknown } | null
      if (user?.collection !== options.slugs.partnerAccounts) {
        return error(403, '请使用参与网站的 API 密钥 / use the partner site’s API key')
      }
      const delivery = (await req.payload.findByID({ collection: options.slugs.deliveries as 'deliveries', id: idParam(req), depth: 0, req }).catch(() => null)) as {
        id: number
        partnerSite?: unknown
        event?: string
      } | null
      if (!delivery || relationId(delivery.partnerSite) !== relationId(user.partnerSite)) {
        return error(404, '没有这条推送记录 / no such delivery')
      }
      if (delivery.event !== 'takedown') {
        return error(400, '只有撤稿需要确认 / only takedowns are acknowledged')
      }
      await req.payload.update({ collection: options.slugs.deliveries as 'deliveries', id: delivery.id, data: { acknowledgedAt: new Date().toISOString() } as never, req })
      return Response.json({ message: '撤稿已确认 / takedown acknowledged' })
    },
  },
]
