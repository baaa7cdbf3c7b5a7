import type { Endpoint, PayloadRequest, Where } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { extractID } from 'payload/shared'

import type { DeliveryDoc } from '../collections/deliveries'
import type { ResolvedOptions } from '../types'

import { queueDelivery } from '../jobs/deliver'
import { parseIsoDateOrDateTime } from '../utilities/isoDate'
import { queryInRequest } from '../../shared/queryInRequest'
import { generateSecret } from '../utilities/signature'

const error = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })
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
      if (!(await options.access.manage({ req }))) {
        return error(403, '只有管理员可以更换密钥 / only admins rotate secrets')
      }
      const site = (await req.payload.findByID({
        collection: options.slugs.partnerSites,
        id: idParam(req),
        depth: 0,
        showHiddenFields: true,
        req,
      })) as {
        push?: { secret?: string | null; status?: 'active' | 'paused' | 'disabled' | null } | null
      }
      const secret = generateSecret()
      const previousSecretUntil = new Date(Date.now() + options.rotationOverlapMs).toISOString()
      await req.payload.update({
        collection: options.slugs.partnerSites,
        id: idParam(req),
        data: {
          push: {
            ...site.push,
            secret: req.payload.encrypt(secret),
            previousSecret: site.push?.secret ?? null,
            previousSecretUntil: site.push?.secret ? previousSecretUntil : null,
          },
        },
        req,
      })
      const status = site.push?.status ?? 'paused'
      return Response.json({
        message:
          '新密钥只显示这一次，请妥善保存 / the new secret is shown only this once' +
          (status === 'active'
            ? ''
            : `。此网站仍为${status === 'disabled' ? '停用' : '暂停'}状态，点“恢复推送”后才发送 / the site is still ${status}: nothing is sent until it is resumed`),
        secret,
        status,
        previousSecretValidUntil: site.push?.secret ? previousSecretUntil : null,
      })
    },
  },
  ...(['pause', 'resume'] as const).map((action): Endpoint => ({
    path: `/:id/${action}`,
    method: 'post',
    handler: async (req) => {
      if (!(await options.access.manage({ req }))) {
        return error(403, '只有管理员可以暂停或恢复推送 / only admins pause or resume pushes')
      }
      if (action === 'resume') {
        const site = (await req.payload
          .findByID({
            collection: options.slugs.partnerSites,
            id: idParam(req),
            depth: 0,
            showHiddenFields: true,
            req,
          })
          .catch(() => null)) as {
          push?: { endpointURL?: string | null; secret?: string | null } | null
        } | null
        if (!site) {
          return error(404, '没有这个参与网站 / no such partner site')
        }
        // Active without these would take deliveries it cannot be sent.
        if (!site.push?.endpointURL || !site.push.secret) {
          return error(
            400,
            `还不能恢复：${!site.push?.endpointURL ? '尚未填写接收地址' : '尚未生成签名密钥（先更换签名密钥）'} / cannot resume yet: ${!site.push?.endpointURL ? 'no receiving URL' : 'no signing secret (rotate the secret first)'}`,
          )
        }
      }
      // Resuming releases what was held for the site, in order (the partner sites' releaseHeld hook).
      await req.payload.update({
        collection: options.slugs.partnerSites,
        id: idParam(req),
        data: { push: { status: action === 'pause' ? 'paused' : 'active', disabledReason: null } },
        req,
      })
      if (action === 'resume') {
        // Retries waiting for their time go now.
        await requeue({
          req,
          options,
          where: {
            and: [{ partnerSite: { equals: idParam(req) } }, { state: { equals: 'retrying' } }],
          },
        })
      }
      return Response.json({ message: action === 'pause' ? '已暂停 / paused' : '已恢复 / resumed' })
    },
  })),
]

/** States a delivery is sent again from: not while it is being sent, nor once replaced before it ever was. */
const requeueable = new Set(['pending', 'held', 'retrying', 'delivered', 'failed'])

/**
 * Queues the matching deliveries again, same webhook-id and number. Each goes back to `pending`
 * only from the state it was found in (a send finishing meanwhile is not undone, nor one
 * claimed meanwhile sent twice), and only its state and next attempt are written: an
 * acknowledgement or anything else saved meanwhile stays. Returns what was found and what was
 * queued.
 */
const requeue = async ({
  req,
  options,
  where,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  where: Where
}) => {
  const { docs } = (await req.payload.find({
    collection: options.slugs.deliveries,
    where,
    sort: 'sequence',
    depth: 0,
    limit: 0,
    pagination: false,
    select: { state: true },
    req,
  })) as { docs: Pick<DeliveryDoc, 'id' | 'state'>[] }
  const table = sql.identifier(options.slugs.deliveries.replace(/-/g, '_'))
  let queued = 0
  for (const delivery of docs) {
    if (!requeueable.has(delivery.state)) {
      continue
    }
    const rows = await queryInRequest({
      payload: req.payload,
      req,
      query: sql`update ${table} set "state" = 'pending', "next_attempt_at" = null, "updated_at" = now()
                  where id = ${delivery.id} and "state" = ${delivery.state} returning id`,
    })
    if (rows.length > 0) {
      await queueDelivery({ payload: req.payload, options, deliveryId: Number(delivery.id), req })
      queued += 1
    }
  }
  return { found: docs.length, queued }
}

/**
 * Delivery actions: resend one (same webhook-id), replay every failed one of a partner or a time
 * range, and, for partners with their API key, the takedowns they have not acknowledged and the
 * acknowledgement (撤稿确认) by the `webhook-id` they received or the delivery's id.
 */
export const deliveryEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/:id/resend',
    method: 'post',
    handler: async (req) => {
      if (!(await options.access.manage({ req }))) {
        return error(403, '只有管理员可以重发 / only admins resend')
      }
      if (!Number.isSafeInteger(idParam(req))) {
        return error(404, '没有这条推送记录 / no such delivery')
      }
      const { found, queued } = await requeue({
        req,
        options,
        where: { id: { equals: idParam(req) } },
      })
      if (!found) {
        return error(404, '没有这条推送记录 / no such delivery')
      }
      return queued
        ? Response.json({ message: '已重新排队 / queued again', resent: queued })
        : error(
            409,
            '这条推送正在发送，或已被新版本取代（从未发送），不能重发 / this delivery is being sent now, or was superseded before it was ever sent: nothing to resend',
          )
    },
  },
  {
    path: '/replay',
    method: 'post',
    handler: async (req) => {
      if (!(await options.access.manage({ req }))) {
        return error(403, '只有管理员可以重放 / only admins replay')
      }
      const body = ((await req.json?.().catch(() => ({}))) ?? {}) as {
        partnerSite?: unknown
        from?: unknown
        to?: unknown
      }
      const range: { from?: string; to?: string } = {}
      for (const key of ['from', 'to'] as const) {
        const value = body[key]
        if (value === undefined || value === null) {
          continue
        }
        const instant = typeof value === 'string' ? parseIsoDateOrDateTime(value) : null
        if (!instant) {
          const shown = String(typeof value === 'string' ? value : JSON.stringify(value)).slice(
            0,
            40,
          )
          return error(
            400,
            `无效的时间 ${key}：${shown}（应为 ISO 8601 日期或带时区的时间，如 2026-11-20 或 2026-11-20T08:00:00+08:00） / invalid ${key}: ${shown} (an ISO 8601 date or a date-time with an offset, e.g. 2026-11-20 or 2026-11-20T08:00:00+08:00)`,
          )
        }
        range[key] = instant.toISOString()
      }
      if (
        body.partnerSite !== undefined &&
        body.partnerSite !== null &&
        !Number.isSafeInteger(Number(body.partnerSite))
      ) {
        return error(400, `无效的参与网站：${String(body.partnerSite)} / invalid partnerSite`)
      }
      const and: Where[] = [{ state: { equals: 'failed' } }]
      if (body.partnerSite) {
        and.push({ partnerSite: { equals: body.partnerSite } })
      }
      if (range.from) {
        and.push({ createdAt: { greater_than_equal: range.from } })
      }
      if (range.to) {
        and.push({ createdAt: { less_than_equal: range.to } })
      }
      const { queued: replayed } = await requeue({ req, options, where: { and } })
      return Response.json({ message: `已重放 ${replayed} 条 / replayed ${replayed}`, replayed })
    },
  },
  {
    path: '/takedowns',
    method: 'get',
    handler: async (req) => {
      const site = partnerSiteOf({ req, options })
      if (site === undefined) {
        return error(403, '请使用参与网站的 API 密钥 / use the partner site’s API key')
      }
      const { docs } = (await req.payload.find({
        collection: options.slugs.deliveries,
        where: {
          and: [
            { partnerSite: { equals: site } },
            { event: { equals: 'takedown' } },
            { acknowledgedAt: { exists: false } },
            { state: { not_equals: 'superseded' } },
          ],
        },
        sort: 'createdAt',
        depth: 0,
        limit: 0,
        pagination: false,
      })) as { docs: DeliveryDoc[] }
      return Response.json({
        docs: docs.map((d) => ({
          deliveryId: d.id,
          webhookId: d.webhookId,
          sequence: d.sequence ?? null,
          uri: `urn:wangju:entry:${extractID(d.entry)}`,
          version: String(d.version),
          state: d.state,
          deliveredAt: d.deliveredAt ?? null,
          acknowledgeBy: d.deliveredAt
            ? new Date(Date.parse(d.deliveredAt) + options.ackWithinMs).toISOString()
            : null,
        })),
      })
    },
  },
  {
    path: '/acknowledge',
    method: 'post',
    handler: async (req) => {
      // Who asks comes first: a body is read only for a partner's key.
      if (partnerSiteOf({ req, options }) === undefined) {
        return notPartner()
      }
      const body = ((await req.json?.().catch(() => null)) ?? {}) as { webhookId?: unknown }
      if (typeof body.webhookId !== 'string' || !body.webhookId) {
        return error(
          400,
          '请提供收到的 webhookId（即 webhook-id 请求头） / send the webhookId you received (the webhook-id header)',
        )
      }
      return acknowledge({ req, options, where: { webhookId: { equals: body.webhookId } } })
    },
  },
  {
    path: '/:id/acknowledge',
    method: 'post',
    handler: async (req) =>
      Number.isSafeInteger(idParam(req))
        ? acknowledge({ req, options, where: { id: { equals: idParam(req) } } })
        : error(404, '没有这条推送记录 / no such delivery'),
  },
]

const notPartner = () => error(403, '请使用参与网站的 API 密钥 / use the partner site’s API key')

/** The partner site of a request made with a partner account's API key; undefined for anyone else. */
const partnerSiteOf = ({
  req,
  options,
}: {
  req: PayloadRequest
  options: ResolvedOptions
}): number | undefined => {
  const user = req.user as {
    collection?: string
    partnerSite?: number | { id: number } | null
  } | null
  return user?.collection === options.slugs.partnerAccounts && user.partnerSite
    ? extractID(user.partnerSite)
    : undefined
}

/**
 * A partner's acknowledgement of a takedown it was sent, found by id or webhook-id and only among
 * its own site's deliveries (anything else is a 404, never a hint that it exists). A message that
 * carried a newer takedown in place of its own version (its `sentAs`) acknowledges that takedown.
 * Saying it twice keeps the first time: only `acknowledgedAt` is written, and only when empty, so
 * an outcome being recorded at the same moment loses nothing and undoes nothing.
 */
const acknowledge = async ({
  req,
  options,
  where,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  where: Where
}) => {
  const site = partnerSiteOf({ req, options })
  if (site === undefined) {
    return notPartner()
  }
  const { docs } = await req.payload.find({
    collection: options.slugs.deliveries,
    where: { and: [where, { partnerSite: { equals: site } }] },
    depth: 1,
    limit: 1,
    select: { event: true, sentAs: true },
  })
  const delivery = docs[0] as
    | { id: number; event?: string; sentAs?: { id: number; event?: string } | number | null }
    | undefined
  if (!delivery) {
    return error(404, '没有这条推送记录 / no such delivery')
  }
  const sentAs = typeof delivery.sentAs === 'object' ? delivery.sentAs : null
  const takedown =
    delivery.event === 'takedown' ? delivery.id : sentAs?.event === 'takedown' ? sentAs.id : null
  if (takedown === null) {
    return error(400, '只有撤稿需要确认 / only takedowns are acknowledged')
  }
  const [row] = await queryInRequest({
    payload: req.payload,
    req,
    query: sql`update ${sql.identifier(options.slugs.deliveries.replace(/-/g, '_'))}
                  set "acknowledged_at" = coalesce("acknowledged_at", now()), "updated_at" = now()
                where id = ${takedown} returning "acknowledged_at"`,
  })
  return Response.json({
    message: '撤稿已确认 / takedown acknowledged',
    deliveryId: takedown,
    acknowledgedAt: new Date(row!.acknowledged_at as string).toISOString(),
  })
}
