import type { Payload, PayloadRequest, TaskConfig } from 'payload'
import type { Agent } from 'undici'

import type { ResolvedOptions } from '../types'

import { poolOf } from '../../../src/db/pool'
import { relationId } from '../../../src/lib/relationId'
import { buildPushBody } from '../utilities/pushBody'
import { classifyResponse, nextAttemptDelay } from '../utilities/retrySchedule'
import { webhookHeaders } from '../utilities/signature'
import { createGuardedDispatcher, isOutboundRefusal } from '../utilities/ssrfGuard'

type Delivery = {
  id: number
  partnerSite: unknown
  entry: unknown
  event: 'publish' | 'update' | 'takedown'
  version: number
  sequence?: number | null
  webhookId: string
  state: string
  attemptCount?: number | null
  attempts?: Attempt[] | null
}

/** One row of a delivery's attempt log. */
export type Attempt = {
  id?: string | null
  at?: string | null
  statusCode?: number | null
  latencyMs?: number | null
  outcome?: string | null
  error?: string | null
  responseExcerpt?: string | null
}

type PartnerSite = {
  id: number
  name: string
  push?: {
    status?: string | null
    endpointURL?: string | null
    secret?: string | null
    previousSecret?: string | null
    previousSecretUntil?: string | null
    alertEmails?: string[] | null
  } | null
}

const dispatchers = new Map<string, Agent>()

/**
 * One guarded connection pool per process and setting, so deliveries to a partner reuse its
 * keep-alive connections instead of opening (and leaking) one pool per attempt. The guard still
 * checks every new connection's resolved address.
 */
const guardedDispatcher = (options: ResolvedOptions): Agent => {
  const key = JSON.stringify([options.allowList, options.attemptTimeoutMs])
  let dispatcher = dispatchers.get(key)
  if (!dispatcher) {
    dispatcher = createGuardedDispatcher({ allowList: options.allowList, timeoutMs: options.attemptTimeoutMs })
    dispatchers.set(key, dispatcher)
  }
  return dispatcher
}

/** How long a send may hold a delivery before another runner may take it over (crash recovery). */
export const sendLeaseMs = Number(process.env.PUSH_SEND_LEASE_MS || 60_000)

/**
 * Takes a delivery for one attempt, atomically: of two runners (or a retry and a resend) only one
 * wins. A delivery held by a runner that died is free again once its lease has run out. The
 * first claim also gives the delivery the partner's next sequence number, in the same
 * transaction: a number is only ever given to a message about to be sent, so the partner's
 * numbers have no gaps. Returns the delivery's number, or null when another runner has it.
 */
const claim = async ({ payload, options, deliveryId }: { payload: Payload; options: ResolvedOptions; deliveryId: number }): Promise<number | null> => {
  const table = tableOf(options.slugs.deliveries)
  const client = await poolOf(payload).connect()
  try {
    await client.query('begin')
    const { rows } = await client.query<{ partner_site_id: number; sequence: string | null }>(
      `update "${table}" set "state" = 'sending', "next_attempt_at" = now() + ($2 || ' milliseconds')::interval
       where id = $1 and ("state" in ('pending', 'retrying') or ("state" = 'sending' and "next_attempt_at" < now()))
       returning "partner_site_id", "sequence"`,
      [deliveryId, String(sendLeaseMs)],
    )
    const claimed = rows[0]
    if (!claimed) {
      await client.query('rollback')
      return null
    }
    let sequence = claimed.sequence
    if (sequence === null) {
      const numbered = await client.query<{ push_sequence: string }>(
        `update "${tableOf(options.slugs.partnerSites)}" set "push_sequence" = coalesce("push_sequence", 0) + 1 where id = $1 returning "push_sequence"`,
        [claimed.partner_site_id],
      )
      sequence = numbered.rows[0]!.push_sequence
      await client.query(`update "${table}" set "sequence" = $2 where id = $1`, [deliveryId, sequence])
    }
    await client.query('commit')
    return Number(sequence)
  } catch (err) {
    await client.query('rollback').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

const tableOf = (slug: string) => slug.replace(/-/g, '_')

/**
 * Why a partner does not take this delivery now, or null when it does. Paused: new works wait
 * (updates and takedowns of what it has still go, so it keeps no stale or withdrawn copy).
 * Disabled (410 Gone, three days failing, or by an admin): everything waits. No signing secret
 * yet: nothing can be signed. Held deliveries are sent, in order, on resume.
 */
export const holdReason = ({ status, hasSecret, event }: { status?: string | null; hasSecret: boolean; event: string }): string | null => {
  if (status === 'disabled') {
    return '参与网站已停用 / partner disabled'
  }
  if (status !== 'active' && event === 'publish') {
    return '参与网站暂停中 / partner paused'
  }
  if (!hasSecret) {
    return '尚无签名密钥 / no signing secret yet'
  }
  return null
}

/**
 * Marks attempts left `started` (their process stopped mid-send) as `interrupted`: the partner
 * may have received them, so they stay in the log and count.
 */
export const markInterrupted = (attempts: Attempt[] | null | undefined): Attempt[] =>
  (attempts ?? []).map((a) => (a.outcome === 'started' ? { ...a, outcome: 'interrupted', error: interruptedError } : a))

const interruptedError = '发送时进程中断，对方可能已收到 / the sending process stopped mid-send; the partner may have received it'

/**
 * One attempt of one delivery. The delivery document is the state, the job only its trigger:
 * a retry is a new job at the scheduled time (the Standard Webhooks schedule, or Retry-After),
 * the webhook-id stays the same, and a delivery already settled is never sent again.
 */
export const deliverTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.deliverTaskSlug as TaskConfig['slug'],
  label: '推送到参与网站 / Deliver to a partner',
  // Retries follow our own schedule (below); Payload's would ignore Retry-After.
  retries: 0,
  inputSchema: [{ name: 'delivery', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => {
    // The job only claims and starts the send: a partner slow to answer holds its own send, not
    // the runner (which runs one batch at a time) and so not every other partner's.
    const outcome = await attempt({ payload: req.payload, options, deliveryId: Number((input as { delivery: number }).delivery), inBackground: true })
    return { output: { outcome } }
  },
})

/** A job for one attempt of a delivery. */
export const queueDelivery = async ({
  payload,
  options,
  deliveryId,
  inMs,
  req,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
  inMs?: number
  req?: PayloadRequest
}) =>
  payload.jobs.queue({
    task: options.deliverTaskSlug as 'deliverToPartner',
    input: { delivery: deliveryId },
    ...(inMs ? { waitUntil: new Date(Date.now() + inMs) } : {}),
    req,
  })

const queueAgain = ({ payload, options, deliveryId, inMs }: { payload: Payload; options: ResolvedOptions; deliveryId: number; inMs: number }) =>
  queueDelivery({ payload, options, deliveryId, inMs })

/** Sends under way in this process, per partner, shared by Next's bundle and the server/worker code. */
type Sends = { all: Set<Promise<unknown>>; perPartner: Map<number, number> }
const sendsKey = Symbol.for('wangju-cms.partner-push.sends')
const sendsOf = (): Sends => {
  const global = globalThis as typeof globalThis & { [sendsKey]?: Sends }
  return (global[sendsKey] ??= { all: new Set(), perPartner: new Map() })
}

/**
 * Resolves when the sends under way in this process have finished, or after `timeoutMs`: call
 * it on shutdown before the database closes. A send cut off anyway is sent again once its lease
 * runs out (same webhook-id).
 */
export const settleSends = async (timeoutMs = 15_000): Promise<void> => {
  const { all } = sendsOf()
  let timer: NodeJS.Timeout | undefined
  await Promise.race([Promise.allSettled([...all]), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))])
  clearTimeout(timer)
}

export const attempt = async ({
  payload,
  options,
  deliveryId,
  inBackground = false,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
  /** Start the send and return once it is claimed (the job runner's way); else await it. */
  inBackground?: boolean
}): Promise<string> => {
  const deliveries = options.slugs.deliveries as 'deliveries'
  const delivery = (await payload.findByID({ collection: deliveries, id: deliveryId, depth: 0 }).catch(() => null)) as Delivery | null
  if (!delivery || !['pending', 'retrying', 'sending'].includes(delivery.state)) {
    return 'settled'
  }
  const partnerId = relationId(delivery.partnerSite)!
  const partner = (await payload.findByID({ collection: options.slugs.partnerSites as 'partner-sites', id: partnerId, depth: 0, showHiddenFields: true })) as PartnerSite
  const held = holdReason({ status: partner.push?.status, hasSecret: Boolean(partner.push?.secret), event: delivery.event })
  if (held) {
    // Held (a number it has is kept): resume releases it, so the sweep need not keep waking it.
    await poolOf(payload).query(
      `update "${tableOf(options.slugs.deliveries)}" set "state" = 'held', "last_error" = $2
       where id = $1 and ("state" in ('pending', 'retrying') or ("state" = 'sending' and "next_attempt_at" < now()))`,
      [deliveryId, held],
    )
    return `held: ${held}`
  }
  // Order per work: an earlier version still being sent to this partner goes first.
  const inFlight = await payload.count({
    collection: deliveries,
    where: {
      and: [
        { partnerSite: { equals: partnerId } },
        { entry: { equals: relationId(delivery.entry) } },
        { state: { equals: 'sending' } },
        { version: { less_than: delivery.version } },
      ],
    },
  })
  if (inFlight.totalDocs > 0) {
    await queueAgain({ payload, options, deliveryId, inMs: 1_000 })
    return 'waiting for an earlier version'
  }

  const sends = sendsOf()
  if (inBackground && ((sends.perPartner.get(partnerId) ?? 0) >= options.perPartnerConcurrency || sends.all.size >= options.maxSendsInFlight)) {
    // This partner (or this process) has enough under way: a slow partner waits alone.
    await queueAgain({ payload, options, deliveryId, inMs: 1_000 })
    return 'partner busy: queued again'
  }
  const sequence = await claim({ payload, options, deliveryId })
  if (sequence === null) {
    return 'taken by another runner'
  }
  const send = sendAndRecord({ payload, options, partner, deliveryId })
  if (!inBackground) {
    return send
  }
  const tracked = send.catch((err: unknown) => {
    // The delivery stays claimed; its lease runs out and the sweep sends it again.
    payload.logger.error({ err, msg: 'partner push: send failed', delivery: deliveryId })
    return 'error'
  })
  sends.all.add(tracked)
  sends.perPartner.set(partnerId, (sends.perPartner.get(partnerId) ?? 0) + 1)
  void tracked.finally(() => {
    sends.all.delete(tracked)
    const left = (sends.perPartner.get(partnerId) ?? 1) - 1
    if (left > 0) {
      sends.perPartner.set(partnerId, left)
    } else {
      sends.perPartner.delete(partnerId)
    }
  })
  return 'sending'
}

/**
 * One claimed attempt: sign, log the attempt as started, send, and complete the log with the
 * outcome and what comes next. The start is logged before the request goes out, so an attempt
 * cut off by a crash (which the partner may have received) is never missing from the log.
 */
const sendAndRecord = async ({
  payload,
  options,
  partner,
  deliveryId,
}: {
  payload: Payload
  options: ResolvedOptions
  partner: PartnerSite
  deliveryId: number
}): Promise<string> => {
  const deliveries = options.slugs.deliveries as 'deliveries'
  // Read again now it is claimed: its number is given and the sweep may have marked attempts.
  const delivery = (await payload.findByID({ collection: deliveries, id: deliveryId, depth: 0 })) as unknown as Delivery & { id: number; sequence: number }
  const body = JSON.stringify(await buildPushBody({ payload, options, entryId: relationId(delivery.entry)!, delivery }))
  const secrets = [partner.push?.secret, isStillValid(partner.push?.previousSecretUntil) ? partner.push?.previousSecret : null]
    .filter((s): s is string => Boolean(s))
    .map((encrypted) => payload.decrypt(encrypted))
  const headers = webhookHeaders({ id: delivery.webhookId, body, secrets }) as unknown as Record<string, string>
  const earlier = markInterrupted(delivery.attempts)
  const attemptCount = (delivery.attemptCount ?? 0) + 1
  const started = Date.now()
  await payload.update({
    collection: deliveries,
    id: deliveryId,
    data: { attemptCount, attempts: [...earlier, { at: new Date(started).toISOString(), outcome: 'started' }] } as never,
    depth: 0,
  })
  let status: number | undefined
  let responseHeaders: Headers | undefined
  let excerpt = ''
  let error: unknown
  try {
    const res = await fetch(partner.push?.endpointURL ?? '', {
      method: 'POST',
      body,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.attemptTimeoutMs),
      // @ts-expect-error undici's dispatcher option is not in the DOM fetch types
      dispatcher: guardedDispatcher(options),
    })
    status = res.status
    responseHeaders = res.headers
    excerpt = (await res.text().catch(() => '')).slice(0, 500)
  } catch (err) {
    error = err
  }
  const latencyMs = Date.now() - started
  const verdict = classifyResponse({ status, headers: responseHeaders, error })
  const record = {
    at: new Date(started).toISOString(),
    statusCode: status,
    latencyMs,
    outcome: verdict.outcome,
    error: error ? describe(error) : verdict.outcome === 'delivered' ? undefined : verdict.reason,
    responseExcerpt: excerpt || undefined,
  }
  const base = { attemptCount, attempts: [...earlier, record], lastError: record.error ?? null }

  if (verdict.outcome === 'delivered') {
    await payload.update({ collection: deliveries, id: deliveryId, data: { ...base, state: 'delivered', deliveredAt: new Date().toISOString(), nextAttemptAt: null } as never, depth: 0 })
    return 'delivered'
  }
  const delay = verdict.outcome === 'retry' ? nextAttemptDelay({ attempt: attemptCount, retryAfterMs: verdict.retryAfterMs }) : null
  if (delay !== null) {
    const nextAttemptAt = new Date(Date.now() + delay)
    await payload.update({ collection: deliveries, id: deliveryId, data: { ...base, state: 'retrying', nextAttemptAt: nextAttemptAt.toISOString() } as never, depth: 0 })
    await queueAgain({ payload, options, deliveryId, inMs: delay })
    return 'retrying'
  }
  await payload.update({ collection: deliveries, id: deliveryId, data: { ...base, state: 'failed', nextAttemptAt: null } as never, depth: 0 })
  if (verdict.outcome === 'disable' || (verdict.outcome === 'retry' && !isOutboundRefusal(error))) {
    // 410 Gone, or retries exhausted over about three days: the endpoint is switched off and its people told.
    await disablePartner({ payload, partner, reason: verdict.outcome === 'disable' ? verdict.reason : `连续约三天推送失败 / failing for about three days: ${record.error ?? ''}` })
  }
  return 'failed'
}

const isStillValid = (until: string | null | undefined) => Boolean(until && new Date(until).getTime() > Date.now())

const describe = (error: unknown): string => {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return '超时 / timed out'
  }
  return [err?.message, err?.cause?.code, err?.cause?.message].filter(Boolean).join(': ').slice(0, 500)
}

const disablePartner = async ({ payload, partner, reason }: { payload: Payload; partner: PartnerSite; reason: string }) => {
  await payload.update({
    collection: 'partner-sites',
    id: partner.id,
    data: { push: { status: 'disabled', disabledReason: reason.slice(0, 500) } } as never,
  })
  for (const to of partner.push?.alertEmails ?? []) {
    await payload.jobs.queue({
      task: 'sendMail',
      input: {
        to,
        subject: `【网聚职工正能量】推送已停用：${partner.name}`,
        text: `您的接收地址 ${partner.push?.endpointURL ?? ''} 已停止接收推送。\n原因：${reason}\n请修复后联系管理员恢复推送。\n\nPushes to ${partner.push?.endpointURL ?? ''} were disabled: ${reason}`,
      },
    })
  }
  payload.logger.warn({ msg: 'partner push disabled', partnerSite: partner.id, reason })
}
