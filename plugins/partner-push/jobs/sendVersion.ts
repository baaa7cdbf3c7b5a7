import type { Payload, PayloadRequest } from 'payload'
import type { Pool, PoolClient } from 'pg'

import { randomBytes } from 'node:crypto'

import type { ResolvedOptions } from '../types'
import type { AttemptRecord, NextState, Sends } from './deliver'

import { poolOf } from '../../shared/pool'
import { isWorkMovedOn, messageBody, versionItem } from '../utilities/pushBody'
import { classifyResponse } from '../utilities/retrySchedule'
import { webhookHeaders } from '../utilities/signature'
import {
  attemptRecord,
  attemptsTableOf,
  followUp,
  holdReason,
  inTransaction,
  interruptedError,
  isStillValid,
  nextStateOf,
  post,
  queueDelivery,
  releaseSlot,
  reservedLimit,
  sendsOf,
  slotFreed,
  tableOf,
  takeSlot,
  track,
} from './deliver'

type PushEvent = 'publish' | 'update' | 'takedown'

/** A delivery of the version waiting to be sent, with what its partner is sent with. */
type Waiting = {
  id: number
  partnerId: number
  event: PushEvent
  webhookId: string
  versionCreatedAt: Date | null
  createdAt: Date
  endpointURL: string | null
  status: string | null
  secret: string | null
  previousSecret: string | null
  previousSecretUntil: Date | null
  /** An earlier version is still being sent to this partner: that goes first. */
  isBehind: boolean
  /** A newer version of the work is already made for this partner: the message carries that one. */
  hasNewer: boolean
}

/** A runner's hold on one delivery, taken with its attempt's start (see `claimAndStart`). */
type Claimed = { sequence: number; lease: string; attemptCount: number; attemptId: string }

/** The job of a work's new version: one per version, for all its partners. */
export const queueVersion = ({
  payload,
  options,
  entryId,
  version,
  req,
}: {
  payload: Payload
  options: ResolvedOptions
  entryId: number
  version: number
  req?: PayloadRequest
}) =>
  payload.jobs.queue({
    task: options.deliverTaskSlug,
    input: { entry: entryId, version },
    req,
  })

/**
 * Sends one version of a work to every partner it waits for: the body is built once, the
 * deliveries are taken in batches as send slots free (each batch one claim, numbered and logged
 * as started in one transaction), and outcomes are written in batches. A delivery it does not
 * take stays `pending` (the sweep queues it again), one it took stays `sending` under a lease (the
 * sweep sends it again with its webhook-id when the lease runs out): a runner killed at any point
 * loses nothing. What the batch path does not handle — a held partner aside — goes to the
 * per-delivery path: a delivery behind an earlier version still being sent, or one a newer
 * version overtook. Returns once the sends are started; `settleSends` waits for them.
 */
export const sendVersion = async ({
  payload,
  options,
  entryId,
  version,
}: {
  payload: Payload
  options: ResolvedOptions
  entryId: number
  version: number
}): Promise<string> => {
  const pool = poolOf(payload)
  const deliveries = tableOf(options.slugs.deliveries)
  const { rows } = await pool.query<Waiting>(
    `select d.id, d.partner_site_id as "partnerId", d.event, d.webhook_id as "webhookId",
            d.version_created_at as "versionCreatedAt", d.created_at as "createdAt",
            s.push_endpoint_u_r_l as "endpointURL", s.push_status as "status", s.push_secret as "secret",
            s.push_previous_secret as "previousSecret", s.push_previous_secret_until as "previousSecretUntil",
            exists (select 1 from "${deliveries}" e where e.partner_site_id = d.partner_site_id and e.entry_id = d.entry_id
                      and e.state = 'sending' and e.version < d.version) as "isBehind",
            exists (select 1 from "${deliveries}" n where n.partner_site_id = d.partner_site_id and n.entry_id = d.entry_id
                      and n.version > d.version and n.state <> 'superseded') as "hasNewer"
       from "${deliveries}" d join "${tableOf(options.slugs.partnerSites)}" s on s.id = d.partner_site_id
      where d.entry_id = $1 and d.version = $2 and d.state = 'pending'
      order by d.id`,
    [entryId, version],
  )
  const held: { id: number; reason: string }[] = []
  const elsewhere: { id: number; inMs: number }[] = []
  const ready: Waiting[] = []
  for (const row of rows) {
    const reason = holdReason({
      status: row.status,
      hasSecret: Boolean(row.secret),
      event: row.event,
    })
    if (reason) {
      held.push({ id: row.id, reason })
    } else if (row.isBehind) {
      elsewhere.push({ id: row.id, inMs: 1_000 })
    } else if (row.hasNewer) {
      elsewhere.push({ id: row.id, inMs: 0 })
    } else {
      ready.push(row)
    }
  }
  if (held.length) {
    // Held (as the per-delivery path holds them): resume releases them.
    await pool.query(
      `update "${deliveries}" d set "state" = 'held', "last_error" = t.reason
         from unnest($1::int[], $2::varchar[]) as t(id, reason)
        where d.id = t.id and d."state" = 'pending'`,
      [held.map((h) => h.id), held.map((h) => h.reason)],
    )
  }
  // One item per event of the version (a partner given the work before gets it as an update).
  const items = new Map<PushEvent, string>()
  for (const row of ready) {
    if (items.has(row.event)) {
      continue
    }
    try {
      const item = await versionItem({
        payload,
        options,
        carried: {
          id: row.id,
          partnerSite: row.partnerId,
          entry: entryId,
          event: row.event,
          version,
          versionCreatedAt: row.versionCreatedAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
        },
      })
      items.set(row.event, JSON.stringify(item))
    } catch (err) {
      if (!isWorkMovedOn(err)) {
        throw err
      }
      // Saved again meanwhile: each delivery finds what it carries on its own path.
    }
  }
  const toSend = ready.filter((row) => items.has(row.event))
  for (const row of ready) {
    if (!items.has(row.event)) {
      elsewhere.push({ id: row.id, inMs: 0 })
    }
  }
  for (const { id, inMs } of elsewhere) {
    await queueDelivery({ payload, options, deliveryId: id, inMs })
  }
  if (toSend.length) {
    const sends = sendsOf()
    track(
      sends,
      sendAll({ payload, options, sends, rows: toSend, items }).catch((err: unknown) => {
        // What it had not taken stays pending, what it took stays leased: the sweep sends them.
        payload.logger.error({ err, msg: 'partner push: fan-out failed', entry: entryId, version })
      }),
    )
  }
  return `sending ${toSend.length}, held ${held.length}, on their own ${elsewhere.length}`
}

/** Takes the deliveries in batches as slots free (process-wide and per partner) and sends them. */
const sendAll = async ({
  payload,
  options,
  sends,
  rows,
  items,
}: {
  payload: Payload
  options: ResolvedOptions
  sends: Sends
  rows: Waiting[]
  items: Map<PushEvent, string>
}) => {
  const secretsOf = new Map<number, string[]>()
  for (const row of rows) {
    if (!secretsOf.has(row.partnerId)) {
      secretsOf.set(
        row.partnerId,
        [
          row.secret,
          isStillValid(row.previousSecretUntil?.toISOString()) ? row.previousSecret : null,
        ]
          .filter((s): s is string => Boolean(s))
          .map((encrypted) => payload.decrypt(encrypted)),
      )
    }
  }
  let queue = rows
  let failures = 0
  while (queue.length) {
    // Claims ahead of the requests out (up to `reservedLimit`): the next batch is claimed while
    // the last one is being sent, and waits only for a request slot.
    const free = reservedLimit(options) - sends.reserved
    const batch: Waiting[] = []
    const rest: Waiting[] = []
    for (const row of queue) {
      if (
        batch.length < free &&
        (sends.perPartner.get(row.partnerId) ?? 0) < options.perPartnerConcurrency
      ) {
        takeSlot(sends, row.partnerId)
        batch.push(row)
      } else {
        rest.push(row)
      }
    }
    queue = rest
    if (!batch.length) {
      await slotFreed(sends)
      continue
    }
    let claimed: Map<number, Claimed>
    try {
      claimed = await claimAndStart({ payload, options, batch })
      failures = 0
    } catch (err) {
      batch.forEach((row) => releaseSlot(sends, row.partnerId))
      failures += 1
      if (failures >= 3) {
        throw err
      }
      // Rolled back (a lost connection, a conflict): the batch is still pending, taken again.
      payload.logger.warn({ err, msg: 'partner push: claiming a batch failed, trying again' })
      queue = [...batch, ...queue]
      await slotFreed(sends, 200 * failures)
      continue
    }
    for (const row of batch) {
      const hold = claimed.get(row.id)
      if (!hold) {
        // Taken by another runner, superseded or held meanwhile.
        releaseSlot(sends, row.partnerId)
        continue
      }
      track(
        sends,
        sendOne({
          payload,
          options,
          sends,
          row,
          hold,
          itemJson: items.get(row.event)!,
          secrets: secretsOf.get(row.partnerId)!,
        }).catch((err: unknown) => {
          // The delivery stays claimed; its lease runs out and the sweep sends it again.
          payload.logger.error({ err, msg: 'partner push: send failed', delivery: row.id })
        }),
      )
    }
  }
}

/**
 * Takes a batch of the version's deliveries for one attempt each, in one transaction: claims
 * those still `pending` (a lease each, as the per-delivery claim), gives those without one the
 * partner's next sequence numbers (in id order), marks an attempt a dead runner left `started`
 * as interrupted and logs each new attempt as `started`, before any request goes out.
 */
const claimAndStart = async ({
  payload,
  options,
  batch,
}: {
  payload: Payload
  options: ResolvedOptions
  batch: Waiting[]
}): Promise<Map<number, Claimed>> => {
  const deliveries = tableOf(options.slugs.deliveries)
  const attempts = attemptsTableOf(options)
  const claimed = new Map<number, Claimed>()
  await inTransaction({
    payload,
    work: async (client: PoolClient) => {
      const { rows } = await client.query<{
        id: number
        partnerId: number
        sequence: string | null
        lease: string
        attemptCount: string
      }>(
        `update "${deliveries}"
            set "state" = 'sending', "next_attempt_at" = now() + ($2 || ' milliseconds')::interval,
                "attempt_count" = coalesce("attempt_count", 0) + 1, "sent_as_id" = null, "updated_at" = now()
          where id = any($1::int[]) and "state" = 'pending'
          returning id, "partner_site_id" as "partnerId", "sequence", "next_attempt_at"::text as lease, "attempt_count" as "attemptCount"`,
        [batch.map((row) => row.id), String(options.sendLeaseMs)],
      )
      if (!rows.length) {
        return true
      }
      const unnumbered = rows.filter((row) => row.sequence === null)
      const numbers = new Map<number, string>()
      if (unnumbered.length) {
        // The partners' counters are locked in id order: fan-outs of other works numbering the
        // same partners at once wait for each other instead of deadlocking.
        await client.query(
          `select id from "${tableOf(options.slugs.partnerSites)}" where id = any($1::int[]) order by id for update`,
          [[...new Set(unnumbered.map((row) => row.partnerId))]],
        )
        const numbered = await client.query<{ id: number; sequence: string }>(
          `with claimed as (select * from unnest($1::int[], $2::int[]) as t(id, site)),
                counts as (select site, count(*) as n from claimed group by site),
                numbered as (
                  update "${tableOf(options.slugs.partnerSites)}" p set "push_sequence" = coalesce(p."push_sequence", 0) + counts.n
                    from counts where p.id = counts.site
                  returning p.id as site, p."push_sequence" - counts.n as base),
                ordered as (select id, site, row_number() over (partition by site order by id) as n from claimed)
           update "${deliveries}" d set "sequence" = numbered.base + ordered.n
             from ordered join numbered on numbered.site = ordered.site
            where d.id = ordered.id
           returning d.id, d."sequence"`,
          [unnumbered.map((row) => row.id), unnumbered.map((row) => row.partnerId)],
        )
        numbered.rows.forEach((row) => numbers.set(row.id, row.sequence))
      }
      const ids = rows.map((row) => row.id)
      const tried = rows.filter((row) => Number(row.attemptCount) > 1).map((row) => row.id)
      if (tried.length) {
        // Tried before (a resend): one left `started` by a runner that died may have arrived.
        await client.query(
          `update "${attempts}" set "outcome" = 'interrupted', "error" = $2 where "_parent_id" = any($1::int[]) and "outcome" = 'started'`,
          [tried, interruptedError],
        )
      }
      const attemptIds = rows.map(() => randomBytes(12).toString('hex'))
      await client.query(
        `insert into "${attempts}" ("_order", "_parent_id", "id", "at", "outcome")
         select coalesce((select max(a."_order") from "${attempts}" a where a."_parent_id" = t.parent), 0) + 1, t.parent, t.id, $3, 'started'
           from unnest($1::int[], $2::varchar[]) as t(parent, id)`,
        [ids, attemptIds, new Date().toISOString()],
      )
      rows.forEach((row, i) =>
        claimed.set(row.id, {
          sequence: Number(row.sequence ?? numbers.get(row.id)),
          lease: row.lease,
          attemptCount: Number(row.attemptCount),
          attemptId: attemptIds[i]!,
        }),
      )
      return true
    },
  })
  return claimed
}

/** One claimed delivery: sign, send, free the slot at the answer, record the outcome (batched). */
const sendOne = async ({
  payload,
  options,
  sends,
  row,
  hold,
  itemJson,
  secrets,
}: {
  payload: Payload
  options: ResolvedOptions
  sends: Sends
  row: Waiting
  hold: Claimed
  itemJson: string
  secrets: string[]
}) => {
  let response: Awaited<ReturnType<typeof post>>
  let started = Date.now()
  try {
    const body = messageBody({
      event: row.event,
      sequence: hold.sequence,
      webhookId: row.webhookId,
      deliveryId: row.id,
      itemJson,
    })
    // Signed when it goes out (the timestamp is checked against the partner's clock).
    response = await post({
      options,
      url: row.endpointURL ?? '',
      body,
      headers: () => {
        started = Date.now()
        return webhookHeaders({ id: row.webhookId, body, secrets })
      },
    })
  } finally {
    releaseSlot(sends, row.partnerId)
  }
  const { status, headers, excerpt, error } = response
  const verdict = classifyResponse({ status, headers, error })
  const record = attemptRecord({ status, latencyMs: Date.now() - started, verdict, error, excerpt })
  const next = nextStateOf({ verdict, attemptCount: hold.attemptCount })
  const isSettled = await outcomesOf({ payload, options }).record({
    deliveryId: row.id,
    lease: hold.lease,
    attemptId: hold.attemptId,
    record,
    next,
  })
  if (isSettled) {
    await followUp({
      payload,
      options,
      partnerId: row.partnerId,
      deliveryId: row.id,
      verdict,
      next,
      record,
      error,
    })
  }
}

type Outcome = {
  deliveryId: number
  lease: string
  attemptId: string
  record: AttemptRecord
  next: NextState
}

type Outcomes = { record: (outcome: Outcome) => Promise<boolean> }

const outcomeWriters = new WeakMap<Payload, Map<string, Outcomes>>()

/**
 * Outcomes are written in batches: the first waits for the current tick's others, and those
 * arriving while a batch is written go in the next one (one transaction of two statements each).
 * Resolves whether the delivery was settled: false when the claim was lost meanwhile (its lease
 * ran out and another runner took it), as the per-delivery path's `recordOutcome`.
 */
const outcomesOf = ({
  payload,
  options,
}: {
  payload: Payload
  options: ResolvedOptions
}): Outcomes => {
  let writers = outcomeWriters.get(payload)
  if (!writers) {
    writers = new Map()
    outcomeWriters.set(payload, writers)
  }
  const key = options.slugs.deliveries
  const known = writers.get(key)
  if (known) {
    return known
  }
  let waiting: {
    outcome: Outcome
    resolve: (settled: boolean) => void
    reject: (err: unknown) => void
  }[] = []
  let isWriting = false
  const writeAll = async () => {
    while (waiting.length) {
      const batch = waiting
      waiting = []
      try {
        const settled = await writeOutcomes({
          payload,
          options,
          outcomes: batch.map((w) => w.outcome),
        })
        batch.forEach((w) => w.resolve(settled.has(w.outcome.deliveryId)))
      } catch (err) {
        batch.forEach((w) => w.reject(err))
      }
    }
    isWriting = false
  }
  const writer: Outcomes = {
    record: (outcome) =>
      new Promise<boolean>((resolve, reject) => {
        waiting.push({ outcome, resolve, reject })
        if (!isWriting) {
          isWriting = true
          setImmediate(() => void writeAll())
        }
      }),
  }
  writers.set(key, writer)
  return writer
}

/** Column types of enums, read once: the batch updates cast their text arrays to them. */
const enumTypes = new WeakMap<Pool, Map<string, Promise<string>>>()
export const enumTypeOf = (pool: Pool, table: string, column: string): Promise<string> => {
  let types = enumTypes.get(pool)
  if (!types) {
    types = new Map()
    enumTypes.set(pool, types)
  }
  const key = `${table}.${column}`
  let type = types.get(key)
  if (!type) {
    type = pool
      .query<{ type: string }>(
        `select format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = $1::regclass and attname = $2`,
        [`"${table}"`, column],
      )
      .then(({ rows }) => rows[0]!.type)
    type.catch(() => types!.delete(key))
    types.set(key, type)
  }
  return type
}

/**
 * Completes the batch's attempt log rows and settles each delivery from the `sending` of its own
 * claim (its lease), as `recordOutcome` does one by one. Returns the deliveries it settled.
 */
const writeOutcomes = async ({
  payload,
  options,
  outcomes,
}: {
  payload: Payload
  options: ResolvedOptions
  outcomes: Outcome[]
}): Promise<Set<number>> => {
  const deliveries = tableOf(options.slugs.deliveries)
  const stateType = await enumTypeOf(poolOf(payload), deliveries, 'state')
  const settled = new Set<number>()
  await inTransaction({
    payload,
    work: async (client) => {
      await client.query(
        `update "${attemptsTableOf(options)}" a
            set "status_code" = t.status, "latency_ms" = t.latency, "outcome" = t.outcome, "error" = t.error, "response_excerpt" = t.excerpt
           from unnest($1::int[], $2::varchar[], $3::int[], $4::int[], $5::varchar[], $6::varchar[], $7::varchar[])
                as t(parent, id, status, latency, outcome, error, excerpt)
          where a."_parent_id" = t.parent and a."id" = t.id`,
        [
          outcomes.map((o) => o.deliveryId),
          outcomes.map((o) => o.attemptId),
          outcomes.map((o) => o.record.statusCode ?? null),
          outcomes.map((o) => o.record.latencyMs),
          outcomes.map((o) => o.record.outcome),
          outcomes.map((o) => o.record.error ?? null),
          outcomes.map((o) => o.record.responseExcerpt ?? null),
        ],
      )
      const now = new Date().toISOString()
      const { rows } = await client.query<{ id: number }>(
        `update "${deliveries}" d
            set "state" = t.state::${stateType}, "last_error" = t.error, "next_attempt_at" = t.next,
                "delivered_at" = coalesce(t.delivered, d."delivered_at"), "updated_at" = now()
           from unnest($1::int[], $2::timestamptz[], $3::text[], $4::varchar[], $5::timestamptz[], $6::timestamptz[])
                as t(id, lease, state, error, next, delivered)
          where d.id = t.id and d."state" = 'sending' and d."next_attempt_at" = t.lease
          returning d.id`,
        [
          outcomes.map((o) => o.deliveryId),
          outcomes.map((o) => o.lease),
          outcomes.map((o) => o.next.state),
          outcomes.map((o) => o.record.error ?? null),
          outcomes.map((o) => o.next.nextAttemptAt?.toISOString() ?? null),
          outcomes.map((o) => (o.next.state === 'delivered' ? now : null)),
        ],
      )
      rows.forEach((row) => settled.add(Number(row.id)))
      // Committed either way: the attempts happened, whoever holds the deliveries now.
      return true
    },
  })
  return settled
}
