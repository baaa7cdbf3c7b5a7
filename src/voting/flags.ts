import type { Payload } from 'payload'
import type { Pool } from 'pg'

import type { VotingOptions } from './options'

import { poolOf } from '../../plugins/shared/pool'
import { lockKey, votingLocks } from './secrets'

/**
 * Anomaly flags (异常标记), set by a sweep over recent votes rather than while a vote is cast:
 * each rule looks at the votes around a vote within its window, and with the schema's indexes
 * that read grows with the votes already cast — a burst of 10 000 would read 50 million rows
 * if each vote looked back by itself. The sweep reads each window once, with window functions
 * whose frames PostgreSQL slides in one step per row (a count over the preceding window, a running
 * minimum): `bench/votes.ts` sweeps a burst of 10 000 votes on one work.
 *
 * It runs about a second after votes are cast (`scheduleFlagSweep`, batching everything cast in
 * between, off the vote's request), and over a whole sub-project before the organizer's summary
 * and before a filtered invalidation, so what they see and act on is never stale — also after a
 * restart lost the scheduled sweep. Flags only accumulate: a vote once flagged stays flagged.
 *
 * A vote is flagged when it falls inside some window (of the rule's length) holding at least the
 * rule's number of votes — the first votes of a burst as well as those that crossed the
 * threshold. Every rule counts within one sub-project:
 * - `address-burst`: votes from one address block (IPv4 /24, IPv6 /48);
 * - `code-burst`: distinct voters for one work (a voter's first vote of the day on it);
 * - `same-agent`: votes for one work with one identical user agent (a missing one included).
 */
export type FlagScope = { since: Date } | { subProjectId: number }

export const flagVotes = async ({
  pool,
  scope,
  options,
}: {
  pool: Pool
  scope: FlagScope
  options: VotingOptions
}): Promise<{ flagged: number }> => {
  const lookback = Math.max(
    options.addressBurst.windowSeconds,
    options.codeBurst.windowSeconds,
    options.sameAgent.windowSeconds,
  )
  const client = await pool.connect()
  try {
    await client.query('begin')
    // One sweep at a time across instances: two would add the same flag twice.
    await client.query('select pg_advisory_xact_lock($1, $2)', [
      votingLocks.sweep,
      lockKey('sweep'),
    ])
    const isSince = 'since' in scope
    const { rowCount } = await client.query(
      `with v as (
         select id, entry_id, sub_project_id, address_block, coalesce(user_agent, '') as agent,
                created_at,
                row_number() over (partition by entry_id, voter, day order by id) = 1 as is_first
           from votes
          where ${
            isSince
              ? `created_at >= $1::timestamptz - make_interval(secs => $8::int)`
              : `sub_project_id = $1`
          }
       ),
       -- votes ending a window (of the rule's length) that holds at least the rule's number
       ends as (
         select id, entry_id, sub_project_id, address_block, agent, created_at, is_first,
                case when address_block is null then 0 else count(*) over (
                  partition by sub_project_id, address_block order by created_at
                  range between make_interval(secs => $2::int) preceding and current row) end as by_block,
                count(*) filter (where is_first) over (
                  partition by entry_id order by created_at
                  range between make_interval(secs => $4::int) preceding and current row) as by_voters,
                count(*) over (
                  partition by entry_id, agent order by created_at
                  range between make_interval(secs => $6::int) preceding and current row) as by_agent
           from v
       ),
       -- every vote with such a window end within its rule's length after it: the nearest end at
       -- or after each vote, as a running minimum read latest first (a frame that only grows,
       -- so each row costs one step; a frame of the following rows would re-read it per row)
       marked as (
         select id,
                min(case when by_block >= $3 then created_at end) over (
                  partition by sub_project_id, address_block order by created_at desc)
                  <= created_at + make_interval(secs => $2::int) as address_burst,
                min(case when by_voters >= $5 then created_at end) over (
                  partition by entry_id order by created_at desc)
                  <= created_at + make_interval(secs => $4::int) as code_burst,
                min(case when by_agent >= $7 then created_at end) over (
                  partition by entry_id, agent order by created_at desc)
                  <= created_at + make_interval(secs => $6::int) as same_agent
           from ends
       ),
       wanted as (
         select id, 'address-burst'::enum_votes_flags as flag from marked where address_burst
         union all select id, 'code-burst'::enum_votes_flags from marked where code_burst
         union all select id, 'same-agent'::enum_votes_flags from marked where same_agent
       ),
       missing as (
         select w.id, w.flag from wanted w
          where not exists (select 1 from votes_flags f where f.parent_id = w.id and f.value = w.flag)
       ),
       -- each flagged vote's last flag position, read once per vote by its parent (a max per row
       -- was planned as a walk down the whole order index, a second per thousand flags)
       placed as (
         select parent_id, max("order") as top from votes_flags
          where parent_id in (select id from missing) group by parent_id
       )
       insert into votes_flags ("order", parent_id, value)
       select coalesce(p.top, 0) + row_number() over (partition by m.id order by m.flag),
              m.id, m.flag
         from missing m left join placed p on p.parent_id = m.id`,
      [
        isSince ? scope.since.toISOString() : scope.subProjectId,
        options.addressBurst.windowSeconds,
        options.addressBurst.limit,
        options.codeBurst.windowSeconds,
        options.codeBurst.limit,
        options.sameAgent.windowSeconds,
        options.sameAgent.limit,
        ...(isSince ? [lookback] : []),
      ],
    )
    await client.query('commit')
    return { flagged: rowCount ?? 0 }
  } catch (err) {
    await client.query('rollback').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

type Sweeper = {
  earliest: Date | null
  timer: NodeJS.Timeout | null
  running: Promise<void> | null
}

const sweepers = new WeakMap<Payload, Sweeper>()

/**
 * Sweeps the votes cast since `castAt` (with each rule's window before it) about
 * `flagDelayMs` later; votes cast meanwhile join the same sweep. Never throws: a failed sweep is
 * logged, and the organizer's summary sweeps the sub-project again anyway.
 */
export const scheduleFlagSweep = ({
  payload,
  castAt,
  options,
}: {
  payload: Payload
  castAt: Date
  options: VotingOptions
}): void => {
  let sweeper = sweepers.get(payload)
  if (!sweeper) {
    sweeper = { earliest: null, timer: null, running: null }
    sweepers.set(payload, sweeper)
  }
  if (!sweeper.earliest || castAt < sweeper.earliest) {
    sweeper.earliest = castAt
  }
  if (sweeper.timer) {
    return
  }
  const state = sweeper
  state.timer = setTimeout(() => {
    state.timer = null
    const since = state.earliest!
    state.earliest = null
    state.running = flagVotes({ pool: poolOf(payload), scope: { since }, options })
      .then(() => undefined)
      .catch((err: unknown) => {
        payload.logger.error({ err, msg: 'voting: the flag sweep failed' })
      })
      .finally(() => {
        state.running = null
      })
  }, options.flagDelayMs)
  state.timer.unref()
}
