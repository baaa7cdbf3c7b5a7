import type { Payload, PayloadRequest } from 'payload'
import type { PoolClient } from 'pg'
import type { Agent } from 'undici'

import { randomBytes } from 'node:crypto'
import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'
import type { HeaderSource } from '../utilities/headers'

import { poolOf } from '../../shared/pool'
import { sendMails } from '../utilities/mail'
import { buildPushBody } from '../utilities/pushBody'
import { classifyResponse, nextAttemptDelay } from '../utilities/retrySchedule'
import { webhookHeaders } from '../utilities/signature'
import { createGuardedDispatcher, isOutboundRefusal } from '../utilities/ssrfGuard'

type Delivery = {
  id: number
  partnerSite: number | { id: number }
  entry: number | { id: number }
  event: 'publish' | 'update' | 'takedown'
  version: number
  sequence?: number | null
  webhookId: string
  state: string
  versionCreatedAt?: string | null
  createdAt: string
}

export type PartnerSite = {
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
export const guardedDispatcher = (options: ResolvedOptions): Agent => {
  const key = JSON.stringify([options.allowList, options.attemptTimeoutMs])
  let dispatcher = dispatchers.get(key)
  if (!dispatcher) {
    dispatcher = createGuardedDispatcher({
      allowList: options.allowList,
      timeoutMs: options.attemptTimeoutMs,
    })
    dispatchers.set(key, dispatcher)
  }
  return dispatcher
}

/*
 * Every write to a delivery below is SQL that sets only the columns it changes, and changes the
 * state only from the state its writer holds. Payload's update writes back every field as it read
 * it: a partner's acknowledgement landing during an outcome's write would put the state back to
 * `sending` (and the sweep would send it again), or the outcome would wipe the acknowledgement.
 */

/** Runs `work` in a transaction on a connection of its own; `work` returning null rolls it back. */
export const inTransaction = async <T>({
  payload,
  work,
}: {
  payload: Payload
  work: (client: PoolClient) => Promise<T | null>
}): Promise<T | null> => {
  const client = await poolOf(payload).connect()
  try {
    await client.query('begin')
    const result = await work(client)
    await client.query(result === null ? 'rollback' : 'commit')
    return result
  } catch (err) {
    await client.query('rollback').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/** A runner's hold on a delivery: its number, and its lease (when it runs out, exactly as stored). */
type Claim = { sequence: number; lease: string }

/**
 * Takes a delivery for one attempt, atomically: of two runners (or a retry and a resend) only one
 * wins. A delivery held by a runner that died is free again once its lease has run out. The
 * first claim also gives the delivery the partner's next sequence number, in the same
 * transaction: a number is only ever given to a message about to be sent, so the partner's
 * numbers have no gaps. Returns the claim, or null when another runner has it. The lease
 * identifies the claim: what the runner writes later applies only while it still holds it.
 */
const claim = ({
  payload,
  options,
  deliveryId,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
}): Promise<Claim | null> =>
  inTransaction({
    payload,
    work: async (client) => {
      const table = tableOf(options.slugs.deliveries)
      const { rows } = await client.query<{
        partner_site_id: number
        sequence: string | null
        lease: string
      }>(
        `update "${table}" set "state" = 'sending', "next_attempt_at" = now() + ($2 || ' milliseconds')::interval, "updated_at" = now()
         where id = $1 and ("state" in ('pending', 'retrying') or ("state" = 'sending' and "next_attempt_at" < now()))
         returning "partner_site_id", "sequence", "next_attempt_at"::text as lease`,
        [deliveryId, String(options.sendLeaseMs)],
      )
      const claimed = rows[0]
      if (!claimed) {
        return null
      }
      let sequence = claimed.sequence
      if (sequence === null) {
        const numbered = await client.query<{ push_sequence: string }>(
          `update "${tableOf(options.slugs.partnerSites)}" set "push_sequence" = coalesce("push_sequence", 0) + 1 where id = $1 returning "push_sequence"`,
          [claimed.partner_site_id],
        )
        sequence = numbered.rows[0]!.push_sequence
        await client.query(`update "${table}" set "sequence" = $2 where id = $1`, [
          deliveryId,
          sequence,
        ])
      }
      return { sequence: Number(sequence), lease: claimed.lease }
    },
  })

export const tableOf = (slug: string) => slug.replace(/-/g, '_')
export const attemptsTableOf = (options: ResolvedOptions) =>
  `${tableOf(options.slugs.deliveries)}_attempts`

/**
 * Logs an attempt as `started` before its request goes out (an earlier one left `started` by a
 * process that died is `interrupted`: the partner may have received it) and counts it, and notes
 * which delivery's version it carries. Only while the runner still holds its claim: returns the
 * attempt's number, or null when another runner has taken the delivery over.
 */
const recordStart = ({
  payload,
  options,
  deliveryId,
  lease,
  attemptId,
  at,
  sentAs,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
  lease: string
  attemptId: string
  at: Date
  sentAs: number | null
}): Promise<number | null> =>
  inTransaction({
    payload,
    work: async (client) => {
      const { rows } = await client.query<{ attempt_count: string }>(
        `update "${tableOf(options.slugs.deliveries)}" set "attempt_count" = coalesce("attempt_count", 0) + 1, "sent_as_id" = $3, "updated_at" = now()
         where id = $1 and "state" = 'sending' and "next_attempt_at" = $2::timestamptz returning "attempt_count"`,
        [deliveryId, lease, sentAs],
      )
      if (!rows[0]) {
        return null
      }
      const attempts = attemptsTableOf(options)
      await client.query(
        `update "${attempts}" set "outcome" = 'interrupted', "error" = $2 where "_parent_id" = $1 and "outcome" = 'started'`,
        [deliveryId, interruptedError],
      )
      await client.query(
        `insert into "${attempts}" ("_order", "_parent_id", "id", "at", "outcome")
         select coalesce(max("_order"), 0) + 1, $1, $2, $3, 'started' from "${attempts}" where "_parent_id" = $1`,
        [deliveryId, attemptId, at.toISOString()],
      )
      return Number(rows[0].attempt_count)
    },
  })

export type AttemptRecord = {
  statusCode?: number
  latencyMs: number
  outcome: string
  error?: string
  responseExcerpt?: string
}

/**
 * Completes the attempt's log row, and settles the delivery (delivered, retrying or failed) only
 * from the `sending` this runner's claim put it in: an acknowledgement, an escalation or anything
 * else written meanwhile is left as it is. Returns false when the claim was lost meanwhile (its
 * lease ran out and another runner took the delivery): then only the attempt is logged.
 */
const recordOutcome = async ({
  payload,
  options,
  deliveryId,
  lease,
  attemptId,
  record,
  state,
  nextAttemptAt,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
  lease: string
  attemptId: string
  record: AttemptRecord
  state: 'delivered' | 'retrying' | 'failed'
  nextAttemptAt: Date | null
}): Promise<boolean> =>
  Boolean(
    await inTransaction({
      payload,
      work: async (client) => {
        await client.query(
          `update "${attemptsTableOf(options)}" set "status_code" = $3, "latency_ms" = $4, "outcome" = $5, "error" = $6, "response_excerpt" = $7
           where "_parent_id" = $1 and "id" = $2`,
          [
            deliveryId,
            attemptId,
            record.statusCode ?? null,
            record.latencyMs,
            record.outcome,
            record.error ?? null,
            record.responseExcerpt ?? null,
          ],
        )
        const settled = await client.query(
          `update "${tableOf(options.slugs.deliveries)}"
              set "state" = $3, "last_error" = $4, "next_attempt_at" = $5::timestamptz, "delivered_at" = coalesce($6::timestamptz, "delivered_at"), "updated_at" = now()
            where id = $1 and "state" = 'sending' and "next_attempt_at" = $2::timestamptz`,
          [
            deliveryId,
            lease,
            state,
            record.error ?? null,
            nextAttemptAt?.toISOString() ?? null,
            state === 'delivered' ? new Date().toISOString() : null,
          ],
        )
        // Committed either way: the attempt happened, whoever holds the delivery now.
        return (settled.rowCount ?? 0) > 0
      },
    }),
  )

/**
 * Marks the attempts of a delivery whose runner died mid-send (left `started`, its lease run out)
 * as `interrupted`: the partner may have received them, so they stay in the log and count. Not
 * once another runner has claimed it: that runner logs its own (the row lock orders the two).
 */
export const markInterrupted = async ({
  payload,
  options,
  deliveryId,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
}): Promise<boolean> =>
  Boolean(
    await inTransaction({
      payload,
      work: async (client) => {
        const { rows } = await client.query(
          `select id from "${tableOf(options.slugs.deliveries)}" where id = $1 and "state" = 'sending' and "next_attempt_at" < now() for update`,
          [deliveryId],
        )
        if (!rows[0]) {
          return false
        }
        await client.query(
          `update "${attemptsTableOf(options)}" set "outcome" = 'interrupted', "error" = $2 where "_parent_id" = $1 and "outcome" = 'started'`,
          [deliveryId, interruptedError],
        )
        return true
      },
    }),
  )

/**
 * Why a partner does not take this delivery now, or null when it does. Paused: new works wait
 * (updates and takedowns of what it has still go, so it keeps no stale or withdrawn copy).
 * Disabled (410 Gone, three days failing, or by an admin): everything waits. No signing secret
 * yet: nothing can be signed. Held deliveries are sent, in order, on resume.
 */
export const holdReason = ({
  status,
  hasSecret,
  event,
}: {
  status?: string | null
  hasSecret: boolean
  event: string
}): string | null => {
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

export const interruptedError =
  '发送时进程中断，对方可能已收到 / the sending process stopped mid-send; the partner may have received it'

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
    task: options.deliverTaskSlug,
    input: { delivery: deliveryId },
    ...(inMs ? { waitUntil: new Date(Date.now() + inMs) } : {}),
    req,
  })

const queueAgain = ({
  payload,
  options,
  deliveryId,
  inMs,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
  inMs: number
}) => queueDelivery({ payload, options, deliveryId, inMs })

/**
 * Sends in this process, shared by Next's bundle and the server/worker code. A delivery holds a
 * slot from its claim until its answer (`reserved`, and per partner: at most
 * `perPartnerConcurrency`), so a fan-out can claim its next batch while the last one is out;
 * requests actually out are `active`, at most `maxSendsInFlight`. `all` is what `settleSends`
 * waits for (a send until its outcome is recorded, a version's fan-out until its last delivery
 * is); `waiters` are woken as slots free.
 */
export type Sends = {
  all: Set<Promise<unknown>>
  perPartner: Map<number, number>
  reserved: number
  active: number
  waiters: Set<() => void>
}
const sendsKey = Symbol.for('wangju-cms.partner-push.sends')
export const sendsOf = (): Sends => {
  const global = globalThis as typeof globalThis & { [sendsKey]?: Partial<Sends> }
  const sends = (global[sendsKey] ??= {})
  sends.all ??= new Set()
  sends.perPartner ??= new Map()
  sends.reserved ??= 0
  sends.active ??= 0
  sends.waiters ??= new Set()
  return sends as Sends
}

/** Claimed (or about to be) and not yet answered, in all: a fan-out claims ahead up to this. */
export const reservedLimit = (options: ResolvedOptions) => 2 * options.maxSendsInFlight

/** Holds a slot for a delivery to this partner, from its claim until `releaseSlot`. */
export const takeSlot = (sends: Sends, partnerId: number) => {
  sends.reserved += 1
  sends.perPartner.set(partnerId, (sends.perPartner.get(partnerId) ?? 0) + 1)
}

export const releaseSlot = (sends: Sends, partnerId: number) => {
  sends.reserved = Math.max(0, sends.reserved - 1)
  const left = (sends.perPartner.get(partnerId) ?? 1) - 1
  if (left > 0) {
    sends.perPartner.set(partnerId, left)
  } else {
    sends.perPartner.delete(partnerId)
  }
  wake(sends)
}

const wake = (sends: Sends) => {
  const waiters = [...sends.waiters]
  sends.waiters.clear()
  waiters.forEach((resolve) => resolve())
}

/** Resolves when a slot frees (or after `ms`, so a wake-up missed never stalls a fan-out). */
export const slotFreed = (sends: Sends, ms = 250) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      sends.waiters.delete(done)
      resolve()
    }
    sends.waiters.add(done)
  })

/** Keeps `work` in what `settleSends` waits for, until it settles. */
export const track = <T>(sends: Sends, work: Promise<T>): Promise<T> => {
  sends.all.add(work)
  void work.finally(() => sends.all.delete(work)).catch(() => {})
  return work
}

/**
 * Resolves when the sends under way in this process have finished, or after `timeoutMs`: call
 * it on shutdown before the database closes. A send cut off anyway is sent again once its lease
 * runs out (same webhook-id); a delivery a fan-out had not taken yet is still pending, and is
 * queued again by the sweep.
 */
export const settleSends = async (timeoutMs = 15_000): Promise<void> => {
  const sends = sendsOf()
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    (async () => {
      // A fan-out adds its sends while it runs: wait until nothing is left.
      while (sends.all.size > 0) {
        await Promise.allSettled([...sends.all])
      }
    })(),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ])
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
  const deliveries = options.slugs.deliveries
  const delivery = (await payload
    .findByID({ collection: deliveries, id: deliveryId, depth: 0 })
    .catch(() => null)) as Delivery | null
  if (!delivery || !['pending', 'retrying', 'sending'].includes(delivery.state)) {
    return 'settled'
  }
  const partnerId = extractID(delivery.partnerSite)
  const partner = (await payload.findByID({
    collection: options.slugs.partnerSites,
    id: partnerId,
    depth: 0,
    showHiddenFields: true,
  })) as PartnerSite
  const held = holdReason({
    status: partner.push?.status,
    hasSecret: Boolean(partner.push?.secret),
    event: delivery.event,
  })
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
        { entry: { equals: extractID(delivery.entry) } },
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
  if (
    inBackground &&
    ((sends.perPartner.get(partnerId) ?? 0) >= options.perPartnerConcurrency ||
      sends.reserved >= reservedLimit(options))
  ) {
    // This partner (or this process) has enough under way: a slow partner waits alone.
    await queueAgain({ payload, options, deliveryId, inMs: 1_000 })
    return 'partner busy: queued again'
  }
  takeSlot(sends, partnerId)
  let claimed: Claim | null
  try {
    claimed = await claim({ payload, options, deliveryId })
  } catch (err) {
    releaseSlot(sends, partnerId)
    throw err
  }
  if (!claimed) {
    releaseSlot(sends, partnerId)
    return 'taken by another runner'
  }
  const send = sendAndRecord({ payload, options, partner, deliveryId, lease: claimed.lease })
  void send.finally(() => releaseSlot(sends, partnerId)).catch(() => {})
  if (!inBackground) {
    return send
  }
  track(
    sends,
    send.catch((err: unknown) => {
      // The delivery stays claimed; its lease runs out and the sweep sends it again.
      payload.logger.error({ err, msg: 'partner push: send failed', delivery: deliveryId })
      return 'error'
    }),
  )
  return 'sending'
}

/**
 * One claimed attempt: sign, log the attempt as started, send, and complete the log with the
 * outcome and what comes next. The start is logged before the request goes out, so an attempt
 * cut off by a crash (which the partner may have received) is never missing from the log. The
 * body is that of the newest version the partner is being sent of the work (utilities/pushBody).
 */
const sendAndRecord = async ({
  payload,
  options,
  partner,
  deliveryId,
  lease,
}: {
  payload: Payload
  options: ResolvedOptions
  partner: PartnerSite
  deliveryId: number
  lease: string
}): Promise<string> => {
  const deliveries = options.slugs.deliveries
  // Read again now it is claimed: its number is given.
  const delivery = (await payload.findByID({
    collection: deliveries,
    id: deliveryId,
    depth: 0,
  })) as Delivery & { sequence: number }
  const { carried, message } = await buildPushBody({ payload, options, delivery })
  const body = JSON.stringify(message)
  const secrets = [
    partner.push?.secret,
    isStillValid(partner.push?.previousSecretUntil) ? partner.push?.previousSecret : null,
  ]
    .filter((s): s is string => Boolean(s))
    .map((encrypted) => payload.decrypt(encrypted))
  const headers: Record<string, string> = webhookHeaders({ id: delivery.webhookId, body, secrets })
  const attemptId = randomBytes(12).toString('hex')
  const started = Date.now()
  const attemptCount = await recordStart({
    payload,
    options,
    deliveryId,
    lease,
    attemptId,
    at: new Date(started),
    sentAs: carried.id === delivery.id ? null : carried.id,
  })
  if (attemptCount === null) {
    return 'taken by another runner'
  }
  const {
    status,
    headers: responseHeaders,
    excerpt,
    error,
  } = await post({
    options,
    url: partner.push?.endpointURL ?? '',
    body,
    headers,
  })
  const verdict = classifyResponse({ status, headers: responseHeaders, error })
  const record = attemptRecord({ status, latencyMs: Date.now() - started, verdict, error, excerpt })
  const next = nextStateOf({ verdict, attemptCount })
  const isSettled = await recordOutcome({
    payload,
    options,
    deliveryId,
    lease,
    attemptId,
    record,
    state: next.state,
    nextAttemptAt: next.nextAttemptAt,
  })
  if (!isSettled) {
    // Its lease ran out and another runner has it: that one decides what comes next.
    return next.state === 'delivered' ? 'delivered, taken over meanwhile' : 'taken over meanwhile'
  }
  await followUp({ payload, options, partner, deliveryId, verdict, next, record, error })
  return next.state
}

/** One request of an attempt, through the guarded dispatcher; no redirect is followed. */
export const post = async ({
  options,
  url,
  body,
  headers,
}: {
  options: ResolvedOptions
  url: string
  body: string
  /** Made once a request slot is free, so the signature's timestamp is the request's. */
  headers: Record<string, string> | (() => Record<string, string>)
}): Promise<{ status?: number; headers?: HeaderSource; excerpt: string; error?: unknown }> => {
  const sends = sendsOf()
  // At most `maxSendsInFlight` requests out at once in this process, whoever claimed them.
  while (sends.active >= options.maxSendsInFlight) {
    await slotFreed(sends)
  }
  sends.active += 1
  try {
    const target = new URL(url)
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new TypeError(`不支持的协议 / unsupported protocol: ${target.protocol}`)
    }
    // undici's request (no redirect is followed), as fetch does it without the WHATWG layers.
    const res = await guardedDispatcher(options).request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: typeof headers === 'function' ? headers() : headers,
      body,
      signal: AbortSignal.timeout(options.attemptTimeoutMs),
    })
    const excerpt = (await res.body.text().catch(() => '')).slice(0, 500)
    return { status: res.statusCode, headers: res.headers, excerpt }
  } catch (error) {
    return { excerpt: '', error: error ?? new Error('request failed') }
  } finally {
    sends.active -= 1
    wake(sends)
  }
}

/** What an attempt's log row records. */
export const attemptRecord = ({
  status,
  latencyMs,
  verdict,
  error,
  excerpt,
}: {
  status?: number
  latencyMs: number
  verdict: ReturnType<typeof classifyResponse>
  error: unknown
  excerpt: string
}): AttemptRecord => ({
  statusCode: status,
  latencyMs,
  outcome: verdict.outcome,
  error: error ? describe(error) : verdict.outcome === 'delivered' ? undefined : verdict.reason,
  responseExcerpt: excerpt || undefined,
})

export type NextState = {
  state: 'delivered' | 'retrying' | 'failed'
  nextAttemptAt: Date | null
  /** ms until the retry, when there is one. */
  delay: number | null
}

/** Where an attempt leaves its delivery: delivered, retried (when: the schedule or Retry-After) or failed. */
export const nextStateOf = ({
  verdict,
  attemptCount,
}: {
  verdict: ReturnType<typeof classifyResponse>
  attemptCount: number
}): NextState => {
  if (verdict.outcome === 'delivered') {
    return { state: 'delivered', nextAttemptAt: null, delay: null }
  }
  const delay =
    verdict.outcome === 'retry'
      ? nextAttemptDelay({ attempt: attemptCount, retryAfterMs: verdict.retryAfterMs })
      : null
  if (delay !== null) {
    return { state: 'retrying', nextAttemptAt: new Date(Date.now() + delay), delay }
  }
  return { state: 'failed', nextAttemptAt: null, delay: null }
}

/**
 * What follows an outcome recorded under the runner's claim: a retry gets its job at its time; a
 * 410 Gone, or retries exhausted over about three days, switch the partner's endpoint off and
 * tell its people. `partner` is read when not given (the fan-out reads only what it sends with).
 */
export const followUp = async ({
  payload,
  options,
  partner,
  partnerId,
  deliveryId,
  verdict,
  next,
  record,
  error,
}: {
  payload: Payload
  options: ResolvedOptions
  partner?: PartnerSite
  partnerId?: number
  deliveryId: number
  verdict: ReturnType<typeof classifyResponse>
  next: NextState
  record: AttemptRecord
  error: unknown
}) => {
  if (next.state === 'retrying' && next.delay !== null) {
    await queueAgain({ payload, options, deliveryId, inMs: next.delay })
    return
  }
  if (
    next.state === 'failed' &&
    (verdict.outcome === 'disable' || (verdict.outcome === 'retry' && !isOutboundRefusal(error)))
  ) {
    const site =
      partner ??
      ((await payload.findByID({
        collection: options.slugs.partnerSites,
        id: partnerId!,
        depth: 0,
        showHiddenFields: true,
      })) as PartnerSite)
    await disablePartner({
      payload,
      options,
      partner: site,
      reason:
        verdict.outcome === 'disable'
          ? verdict.reason
          : `连续约三天推送失败 / failing for about three days: ${record.error ?? ''}`,
    })
  }
}

export const isStillValid = (until: string | null | undefined) =>
  Boolean(until && new Date(until).getTime() > Date.now())

export const describe = (error: unknown): string => {
  const err = error as {
    name?: string
    message?: string
    cause?: { code?: string; message?: string }
  }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return '超时 / timed out'
  }
  return [err?.message, err?.cause?.code, err?.cause?.message]
    .filter(Boolean)
    .join(': ')
    .slice(0, 500)
}

const disablePartner = async ({
  payload,
  options,
  partner,
  reason,
}: {
  payload: Payload
  options: ResolvedOptions
  partner: PartnerSite
  reason: string
}) => {
  await payload.update({
    collection: options.slugs.partnerSites,
    id: partner.id,
    data: { push: { status: 'disabled', disabledReason: reason.slice(0, 500) } },
  })
  await sendMails({
    payload,
    options,
    mails: (partner.push?.alertEmails ?? []).map((to) => ({
      to,
      subject: `【网聚职工正能量】推送已停用：${partner.name}`,
      text: `您的接收地址 ${partner.push?.endpointURL ?? ''} 已停止接收推送。\n原因：${reason}\n请修复后联系管理员恢复推送。\n\nPushes to ${partner.push?.endpointURL ?? ''} were disabled: ${reason}`,
    })),
  })
  payload.logger.warn({ msg: 'partner push disabled', partnerSite: partner.id, reason })
}
