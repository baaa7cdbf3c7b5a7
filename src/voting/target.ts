import type { Pool } from 'pg'

import { closesAt, deadlineDay, defaultTimeZone, isTimeZone } from '../../plugins/shared/deadline'
import { refuse } from './refusal'

/** A work as voting sees it, with its sub-project's voting settings and its campaign's time zone. */
export type VoteTarget = {
  entryId: number
  title: string
  /**
   * Whether everyone may read the work: the public rule of works (`entryRules` in
   * src/access/rules.ts: published and not taken down), read here in one statement.
   */
  isPublic: boolean
  subProjectId: number
  subProjectName: string
  isSubProjectPublished: boolean
  campaignId: number | null
  timeZone: string
  voting: {
    isEnabled: boolean
    opensAt: Date | null
    closesAt: Date | null
    perVoterPerDay: number
    perAddressPerDay: number
  }
}

/** The work `entryId` with what decides whether it takes votes; null when there is none. */
export const loadVoteTarget = async ({
  pool,
  entryId,
}: {
  pool: Pool
  entryId: number
}): Promise<VoteTarget | null> => {
  const { rows } = await pool.query<{
    id: number
    title: string
    is_public: boolean
    sub_project_id: number
    sub_project_name: string
    sub_project_status: string | null
    campaign_id: number | null
    time_zone: string | null
    voting_enabled: boolean | null
    voting_opens_at: Date | null
    voting_closes_at: Date | null
    voting_per_voter_per_day: string | null
    voting_per_address_per_day: string | null
  }>(
    `select e.id, e.title,
            (e.status = 'published' and e.syndication_pubstatus is distinct from 'canceled') as is_public,
            s.id as sub_project_id, s.name as sub_project_name, s._status::text as sub_project_status,
            s.campaign_id, c.time_zone,
            s.voting_enabled, s.voting_opens_at, s.voting_closes_at,
            s.voting_per_voter_per_day, s.voting_per_address_per_day
       from entries e
       join sub_projects s on s.id = e.sub_project_id
       left join campaigns c on c.id = s.campaign_id
      where e.id = $1`,
    [entryId],
  )
  const row = rows[0]
  if (!row) {
    return null
  }
  return {
    entryId: row.id,
    title: row.title,
    isPublic: row.is_public,
    subProjectId: row.sub_project_id,
    subProjectName: row.sub_project_name,
    isSubProjectPublished: row.sub_project_status === 'published',
    campaignId: row.campaign_id,
    timeZone: row.time_zone && isTimeZone(row.time_zone) ? row.time_zone : defaultTimeZone,
    voting: {
      isEnabled: Boolean(row.voting_enabled),
      opensAt: row.voting_opens_at,
      closesAt: row.voting_closes_at,
      perVoterPerDay: Math.max(1, Number(row.voting_per_voter_per_day ?? 1) || 1),
      perAddressPerDay: Math.max(1, Number(row.voting_per_address_per_day ?? 50) || 50),
    },
  }
}

/** The work's id from the route, or a 404. */
export const entryIdOf = (value: unknown): number => {
  const text = String(value ?? '')
  if (!/^[1-9]\d{0,9}$/.test(text)) {
    throw refuse(404, '没有该作品 / no such work')
  }
  return Number(text)
}

/**
 * The work, if it takes a vote at `now`; else the refusal that says why. Its vote day is the
 * calendar day at `now` in the campaign's time zone. The window's days are calendar days there
 * too: voting opens at the start of `opensAt`'s day and closes at the end of `closesAt`'s, as
 * every deadline in a notice does (plugins/shared/deadline.ts).
 */
export const requireOpenForVotes = async ({
  pool,
  entryId,
  now = new Date(),
}: {
  pool: Pool
  entryId: number
  now?: Date
}): Promise<{ target: VoteTarget; day: string }> => {
  const target = await loadVoteTarget({ pool, entryId })
  // Works the public cannot read answer as if they did not exist: a vote tells nothing of drafts.
  if (!target || !target.isPublic) {
    throw refuse(404, '没有该作品，或作品未公开 / no such work, or the work is not public')
  }
  const { voting, timeZone } = target
  if (!voting.isEnabled || !target.isSubProjectPublished) {
    throw refuse(
      403,
      `“${target.subProjectName}”未开放网络投票 / public voting is not open for “${target.subProjectName}”`,
    )
  }
  const day = deadlineDay(now, timeZone)
  if (voting.opensAt && day < deadlineDay(voting.opensAt, timeZone)) {
    const opens = deadlineDay(voting.opensAt, timeZone)
    throw refuse(403, `网络投票 ${opens} 开始 / voting opens on ${opens}`)
  }
  if (voting.closesAt && now.getTime() >= closesAt(voting.closesAt, timeZone).getTime()) {
    const closed = deadlineDay(voting.closesAt, timeZone)
    throw refuse(403, `网络投票已于 ${closed} 截止 / voting closed on ${closed}`)
  }
  return { target, day }
}

const days = new Map<string, { minute: number; day: string }>()

/**
 * `deadlineDay(now, timeZone)`, remembered for the minute: a day in any time zone in use begins
 * on a whole minute, so every instant of one UTC minute has one day there. Spares each vote the
 * time-zone arithmetic.
 */
const voteDay = (now: Date, timeZone: string): string => {
  const minute = Math.floor(now.getTime() / 60_000)
  const known = days.get(timeZone)
  if (known && known.minute === minute) {
    return known.day
  }
  const day = deadlineDay(now, timeZone)
  days.set(timeZone, { minute, day })
  return day
}

/** How long this process routes votes by a work it has read (its state is checked again by each vote). */
export const targetCacheMs = 5_000

const targets = new WeakMap<Pool, Map<number, { target: VoteTarget; expiresAt: number }>>()

/**
 * `requireOpenForVotes` from a work read in the last `targetCacheMs` when there is one: the
 * vote's own statement checks the work's state again (`castVote`), so a work taken down or a
 * window closed meanwhile still refuses the vote — this only spares a round trip per vote.
 */
export const openTarget = async ({
  pool,
  entryId,
  isFresh = false,
  now = new Date(),
}: {
  pool: Pool
  entryId: number
  /** Read the work from the database whatever is cached. */
  isFresh?: boolean
  now?: Date
}): Promise<{ target: VoteTarget; day: string }> => {
  let cache = targets.get(pool)
  if (!cache) {
    cache = new Map()
    targets.set(pool, cache)
  }
  const known = isFresh ? undefined : cache.get(entryId)
  if (known && known.expiresAt > now.getTime()) {
    return { target: known.target, day: voteDay(now, known.target.timeZone) }
  }
  cache.delete(entryId)
  const open = await requireOpenForVotes({ pool, entryId, now })
  cache.set(entryId, { target: open.target, expiresAt: now.getTime() + targetCacheMs })
  while (cache.size > 10_000) {
    cache.delete(cache.keys().next().value!)
  }
  return open
}
