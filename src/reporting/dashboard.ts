import type { PayloadRequest } from 'payload'

import { TZDate } from '@date-fns/tz'
import { addDays, startOfDay } from 'date-fns'
import { extractID } from 'payload/shared'

import type { QuotaMode } from './progress'

import { deadlineDay, defaultTimeZone, isTimeZone } from '../../plugins/shared/deadline'
import { poolOf } from '../../plugins/shared/pool'
import { actorOf, hostedCampaignIds } from '../access/roles'
import { campaignProgress, ProgressRefusal, reportedStatuses } from './progress'

/**
 * 活动看板: what an organizer or a unit looks at when it opens the admin — where the campaign
 * stands (phase, next deadline), how many works come in per day, per sub-project and per unit,
 * which units are behind their quota, which works wait for screening at the reader's level, and
 * how far the pushed works reached. Every figure is a grouped count in the database, so the
 * dashboard costs the same few statements on a county's campaign and on a national one.
 *
 * Readers are the progress matrix's (campaignProgress decides): the national office and the
 * organizers of the campaign's hosts see the whole campaign; an organizer or unit editor of a
 * participating unit the numbers of its own subtree; anyone else a 403, and a campaign that does
 * not exist (for the reader) a 404.
 */

/** How far a work has come, for the counts: its status, with everything reported upward as one. */
export const stages = ['draft', 'submitted', 'screened-in', 'screened-out', 'reported'] as const
export type Stage = (typeof stages)[number]
export type StageCounts = Record<Stage, number>

export const stageLabels: Record<Stage, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待初筛', en: 'Awaiting screening' },
  'screened-in': { zh: '初筛通过', en: 'Screened in' },
  'screened-out': { zh: '初筛未通过', en: 'Screened out' },
  reported: { zh: '已报送及以后', en: 'Reported and beyond' },
}

/** Statuses that leave works in limbo for pushing; what a partner has not yet received. */
const deliveryInProgress = ['pending', 'held', 'sending', 'retrying']

/** Days in the submissions-per-day series, today included. */
export const submissionDays = 30

/** Works listed as awaiting screening; the count covers them all. */
export const awaitingListLimit = 10

export type DashboardDeadline = {
  /** The calendar day in the campaign's time zone, `yyyy-MM-dd`; it closes at the end of it. */
  day: string
  /** What is due: the phase's 报送内容, or the sub-project's call closing. */
  due: string
  source: 'phase' | 'sub-project'
  /** The phase or sub-project it belongs to. */
  of: string
  /** Calendar days from today (0: closes tonight). */
  daysLeft: number
}

export type DashboardPhase = {
  name: string
  start: string | null
  end: string | null
}

export type CampaignDashboard = {
  campaign: {
    id: number
    name: string
    year: number | null
    status: string
    timeZone: string
  }
  /** Today in the campaign's time zone, `yyyy-MM-dd`. */
  today: string
  /** The phase today falls in (the latest-starting where phases overlap), and the one after. */
  phase: { current: DashboardPhase | null; next: DashboardPhase | null }
  nextDeadline: DashboardDeadline | null
  /** Deadlines still open, soonest first (at most 5). */
  upcomingDeadlines: DashboardDeadline[]
  /** Works created per calendar day in the campaign's time zone, the last 30 days, oldest first. */
  submissionsPerDay: { day: string; count: number }[]
  /** Works per open sub-project, by stage; `total` leaves drafts out. */
  subProjects: {
    id: number
    name: string
    deadline: string | null
    total: number
    stages: StageCounts
  }[]
  /** Works per reporting unit (its whole subtree), against its quota (the progress matrix's rows). */
  units: {
    unit: { id: number; name: string }
    total: number
    stages: StageCounts
    reported: number
    quota: number
    isOnTrack: boolean
  }[]
  /** The reporting units behind a quota, with the sub-projects they are behind on. */
  behindQuota: {
    unit: { id: number; name: string }
    cells: {
      subProject: { id: number; name: string }
      reported: number
      quota: number
      mode: QuotaMode
    }[]
  }[]
  /**
   * Works that wait for the reader's level to screen them: submitted works filed under its unit's
   * subtree, and works reported to its unit (the last step of their path upward) that it has not
   * reported further. The level is the reader's unit; for the office without one, the hosts.
   */
  awaitingScreening: {
    level: { id: number; name: string }[]
    submitted: number
    reported: number
    total: number
    works: {
      id: number
      title: string
      status: 'submitted' | 'reported'
      unit: { id: number; name: string } | null
      subProject: { id: number; name: string } | null
      createdAt: string
    }[]
  }
  /**
   * 推送与转载: deliveries to partner sites of the campaign's works (`delivered`: the partner
   * answered 2xx) and the partners' receipts (the latest word of each; `verified`: the page was
   * fetched and carries the campaign label). Null for readers who do not read the push history
   * (unit editors).
   */
  push: {
    deliveries: {
      delivered: number
      inProgress: number
      failed: number
      works: number
      partnerSites: number
    }
    receipts: {
      published: number
      verified: number
      declined: number
      partnerSites: number
    }
  } | null
  /**
   * 互动窗口: what netizens left in the campaign's columns (the reader's subtree's columns when it
   * sees no more), by state; `approved` is what the columns show.
   */
  interactions: {
    pending: number
    approved: number
    rejected: number
    comments: number
    contributions: number
    madeIntoWorks: number
  }
  totals: { works: number; reported: number; quota: number }
  /** False when the reader sees only the numbers of its own subtree. */
  isComplete: boolean
  /** The unit whose subtree the numbers cover when not complete. */
  scope: { id: number; name: string } | null
}

const emptyStages = (): StageCounts => ({
  draft: 0,
  submitted: 0,
  'screened-in': 0,
  'screened-out': 0,
  reported: 0,
})

const stageOf = (status: string): Stage | null =>
  reportedStatuses.includes(status)
    ? 'reported'
    : (stages as readonly string[]).includes(status)
      ? (status as Stage)
      : null

const nonDraft = (counts: StageCounts) =>
  counts.submitted + counts['screened-in'] + counts['screened-out'] + counts.reported

/** `yyyy-MM-dd` of `day` plus `days`, calendar arithmetic only. */
const shiftDay = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)
}

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

type CampaignDoc = {
  name: string
  year?: number | null
  status?: string | null
  timeZone?: string | null
  hosts?: (number | { id: number })[] | null
  phases?:
    | {
        name: string
        start?: string | null
        end?: string | null
        deadlines?: { date: string; due: string }[] | null
      }[]
    | null
}

export const campaignDashboard = async ({
  req,
  campaignId,
  now = new Date(),
}: {
  req: PayloadRequest
  campaignId: number
  /** The moment "today" is read at (tests). */
  now?: Date
}): Promise<CampaignDashboard> => {
  const { payload } = req
  const actor = actorOf(req)
  const unitId = 'organizerId' in actor ? actor.organizerId : undefined
  const refusal = () =>
    campaignProgress({ req, campaignId }).then(() => {
      throw new ProgressRefusal(
        403,
        '活动看板只供工作人员使用 / the campaign dashboard is for staff accounts only',
      )
    })
  // Judges, partners, the public: refused by the progress matrix's rule before anything is read.
  if (
    actor.kind !== 'admin' &&
    !((actor.kind === 'organizer' || actor.kind === 'unit-editor') && unitId)
  ) {
    return refusal()
  }
  const [campaignDoc, hosted] = await Promise.all([
    payload.findByID({
      collection: 'campaigns',
      id: campaignId,
      depth: 0,
      // Its fields only: whether the reader may read it is campaignProgress's to say, below.
      overrideAccess: true,
      disableErrors: true,
      select: { name: true, year: true, status: true, timeZone: true, hosts: true, phases: true },
      req,
    }),
    actor.kind === 'organizer' ? hostedCampaignIds(req, unitId) : Promise.resolve([]),
  ])
  if (!campaignDoc) {
    return refusal()
  }
  const campaign = campaignDoc as unknown as CampaignDoc
  // The whole campaign for the office and the hosts' organizers, else the reader's subtree: the
  // progress matrix's rows, which it decides alongside (and refuses for, before anything is shown).
  const seesAll = actor.kind === 'admin' || hosted.includes(campaignId)
  const timeZone =
    campaign.timeZone && isTimeZone(campaign.timeZone) ? campaign.timeZone : defaultTimeZone
  const today = deadlineDay(now, timeZone)
  const hostIds = (campaign.hosts ?? []).map((unit) => Number(extractID(unit)))

  // The subtree the numbers cover: everything, or the reader's unit and below.
  const scopeUnit = seesAll ? undefined : unitId
  const scopePattern = scopeUnit ? `%/${scopeUnit}/%` : null
  // The level whose screening queue is shown: the reader's unit, else (the office) the hosts.
  const levelIds = unitId ? [unitId] : hostIds

  const pool = poolOf(payload)
  // The first moment of each of the last 30 days in the campaign's time zone, and of tomorrow:
  // a work counts on the day whose span holds its creation (days of 23 or 25 hours included).
  const startOfToday = startOfDay(new TZDate(now.getTime(), timeZone))
  const dayStarts = Array.from({ length: submissionDays + 1 }, (_, i) =>
    new Date(addDays(startOfToday, i - (submissionDays - 1)).getTime()).toISOString(),
  )
  const canReadPush = actor.kind === 'admin' || actor.kind === 'organizer'
  /** Works of the reader's subtree only, where it sees no more (`$2`: its path pattern or null). */
  const inScope = (alias: string) =>
    `($2::text is null or ${alias}.submitting_unit_id in (select id from organizers where path like $2))`

  const [
    progress,
    subProjectDocs,
    levelUnits,
    counts,
    deliveryCounts,
    receiptCounts,
    awaiting,
    interactionCounts,
  ] = await Promise.all([
    campaignProgress({ req, campaignId }),
    payload.find({
      collection: 'sub-projects',
      where: {
        and: [{ campaign: { equals: campaignId } }, { _status: { equals: 'published' } }],
      },
      depth: 0,
      limit: 0,
      pagination: false,
      sort: 'createdAt',
      select: { name: true, deadline: true },
      req,
    }),
    levelIds.length
      ? pool.query<{ id: number; name: string }>(
          'select id, name from organizers where id = any($1::int[]) order by id',
          [levelIds],
        )
      : Promise.resolve({ rows: [] as { id: number; name: string }[] }),
    // The counts of the works the reader's numbers cover, from the entries' (campaign, unit,
    // sub-project, status, created) index alone: per unit, sub-project and status; per day of
    // the campaign's calendar (`$3`: the days' first moments, and the end of today).
    pool.query<{
      per_unit: { path: string | null; sub_project_id: number; status: string; n: number }[]
      per_day: { day: number; n: number }[]
    }>(
      `select (select coalesce(json_agg(u), '[]')
                 from (select o.path, g.sub_project_id, g.status::text as status, g.n
                         from (select e.submitting_unit_id, e.sub_project_id, e.status, count(*) as n
                                 from entries e
                                where e.campaign_id = $1 and ${inScope('e')}
                                group by 1, 2, 3) g
                         left join organizers o on o.id = g.submitting_unit_id) u) as per_unit,
              (select coalesce(json_agg(d), '[]')
                 from (select width_bucket(e.created_at, $3::timestamptz[]) as day, count(*) as n
                         from entries e
                        where e.campaign_id = $1 and ${inScope('e')} and e.created_at >= ($3::timestamptz[])[1]
                        group by 1) d) as per_day`,
      [campaignId, scopePattern, dayStarts],
    ),
    // The push history of those works (not for unit editors), in two statements side by side:
    // deliveries per work and per partner site in one pass (grouping sets), and the partners'
    // latest receipts. The works' ids are the table's, not the index's: each reads the table.
    canReadPush
      ? pool.query<{
          delivered: number
          in_progress: number
          failed: number
          works: number
          partner_sites: number
        }>(
          `select coalesce(sum(delivered) filter (where per_work), 0) as delivered,
                  coalesce(sum(in_progress) filter (where per_work), 0) as in_progress,
                  coalesce(sum(failed) filter (where per_work), 0) as failed,
                  count(*) filter (where per_work and delivered > 0) as works,
                  count(*) filter (where not per_work and delivered > 0) as partner_sites
             from (select grouping(d.partner_site_id) = 1 as per_work,
                          count(*) filter (where d.state = 'delivered') as delivered,
                          count(*) filter (where d.state::text = any ($3::text[])) as in_progress,
                          count(*) filter (where d.state = 'failed') as failed
                     from deliveries d
                    where exists (select 1 from entries e
                                   where e.id = d.entry_id and e.campaign_id = $1 and ${inScope('e')})
                    group by grouping sets ((d.entry_id), (d.partner_site_id))) x`,
          [campaignId, scopePattern, deliveryInProgress],
        )
      : Promise.resolve(null),
    canReadPush
      ? pool.query<{ kind: string; status: string | null; partner_site_id: number; n: number }>(
          `select r.kind::text as kind, r.verification_status::text as status, r.partner_site_id, count(*) as n
             from receipts r
            where r.superseded_at is null
              and exists (select 1 from entries e
                           where e.id = r.entry_id and e.campaign_id = $1 and ${inScope('e')})
            group by 1, 2, 3`,
          [campaignId, scopePattern],
        )
      : Promise.resolve(null),
    levelIds.length
      ? pool.query<{
          id: number
          title: string
          status: 'submitted' | 'reported'
          created_at: Date
          unit_id: number | null
          unit_name: string | null
          sub_project_id: number | null
          sub_project_name: string | null
          total: string
          submitted: string
        }>(
          // Submitted works: counted from the entries' index alone; read from the table only
          // those at least as new as the list's last (`cutoff`). Reported works: the steps upward
          // to the level (by its index) that are their work's last.
          `with level_units as (select id from organizers where path like any ($2::text[])),
           submitted as materialized (
             select e.created_at
               from entries e
              where e.campaign_id = $1 and e.status = 'submitted'
                and e.submitting_unit_id in (select id from level_units)
           ),
           cutoff as (
             select created_at from submitted order by created_at desc offset $4::int - 1 limit 1
           ),
           reported as materialized (
             select e.id, e.title, e.status::text as status, e.created_at, e.submitting_unit_id, e.sub_project_id
               from entries_report_path p join entries e on e.id = p._parent_id
              where p.to_id = any ($3::int[])
                and e.campaign_id = $1 and e.status = 'reported'
                and not exists (select 1 from entries_report_path q
                                 where q._parent_id = p._parent_id and q._order > p._order)
           ),
           awaiting as (
             select e.id, e.title, e.status::text as status, e.created_at, e.submitting_unit_id, e.sub_project_id
               from entries e
              where e.campaign_id = $1 and e.status = 'submitted'
                and e.submitting_unit_id in (select id from level_units)
                and e.created_at >= coalesce((select created_at from cutoff), '-infinity')
             union all
             select * from reported
           )
           select a.id, a.title, a.status, a.created_at,
                  o.id as unit_id, o.name as unit_name, s.id as sub_project_id, s.name as sub_project_name,
                  (select count(*) from submitted) + (select count(*) from reported) as total,
                  (select count(*) from submitted) as submitted
             from awaiting a
             left join organizers o on o.id = a.submitting_unit_id
             left join sub_projects s on s.id = a.sub_project_id
            order by a.created_at desc, a.id desc
            limit $4`,
          [campaignId, levelIds.map((id) => `%/${id}/%`), levelIds, awaitingListLimit],
        )
      : Promise.resolve({ rows: [] }),
    // A partner site's column has no unit: only the whole campaign's readers count it.
    pool.query<Record<keyof CampaignDashboard['interactions'], string>>(
      `select count(*) filter (where i.state = 'pending') as pending,
                count(*) filter (where i.state = 'approved') as approved,
                count(*) filter (where i.state = 'rejected') as rejected,
                count(*) filter (where i.kind = 'comment') as comments,
                count(*) filter (where i.kind = 'contribution') as contributions,
                count(i.made_into_id) as "madeIntoWorks"
           from interactions i
          where i.campaign_id = $1
            and ($2::text is null or i.unit_id in (select id from organizers where path like $2))`,
      [campaignId, scopePattern],
    ),
  ])
  const { per_unit: perUnit, per_day: perDay } = counts.rows[0]!
  const delivered = deliveryCounts?.rows[0] ?? null
  const receipts = receiptCounts?.rows ?? null

  if (progress.isComplete !== seesAll) {
    throw new Error(
      `campaign ${campaignId}: the dashboard's scope and the progress matrix's differ`,
    )
  }

  // Per sub-project, by stage.
  const bySubProject = new Map<number, StageCounts>()
  for (const row of perUnit) {
    const stage = stageOf(row.status)
    if (!stage) {
      continue
    }
    const counts = bySubProject.get(row.sub_project_id) ?? emptyStages()
    counts[stage] += Number(row.n)
    bySubProject.set(row.sub_project_id, counts)
  }
  const subProjects = subProjectDocs.docs.map((doc) => {
    const counts = bySubProject.get(Number(doc.id)) ?? emptyStages()
    return {
      id: Number(doc.id),
      name: doc.name,
      deadline: doc.deadline ? deadlineDay(doc.deadline, timeZone) : null,
      total: nonDraft(counts),
      stages: counts,
    }
  })

  // Per reporting unit: each counted path adds to every row unit on it (a unit's subtree).
  const rowIds = new Set(progress.rows.map((row) => row.unit.id))
  const byUnit = new Map<number, StageCounts>()
  for (const row of perUnit) {
    const stage = stageOf(row.status)
    if (!stage || !row.path) {
      continue
    }
    for (const id of row.path.split('/').filter(Boolean).map(Number)) {
      if (rowIds.has(id)) {
        const counts = byUnit.get(id) ?? emptyStages()
        counts[stage] += Number(row.n)
        byUnit.set(id, counts)
      }
    }
  }
  const units = progress.rows.map((row) => {
    const counts = byUnit.get(row.unit.id) ?? emptyStages()
    return {
      unit: row.unit,
      total: nonDraft(counts),
      stages: counts,
      reported: row.total.reported,
      quota: row.total.quota,
      isOnTrack: row.isOnTrack,
    }
  })
  const subProjectName = new Map(progress.subProjects.map((s) => [s.id, s.name]))
  const behindQuota = progress.rows
    .filter((row) => row.cells.some((cell) => cell.state === 'behind'))
    .map((row) => ({
      unit: row.unit,
      cells: row.cells
        .filter((cell) => cell.state === 'behind')
        .map((cell) => ({
          subProject: { id: cell.subProject, name: subProjectName.get(cell.subProject) ?? '' },
          reported: cell.reported,
          quota: cell.quota ?? 0,
          mode: cell.mode,
        })),
    }))

  // Works per day, zeros included: bucket i + 1 is day i (works dated after today fall beyond).
  const perDayCount = new Map(perDay.map((row) => [Number(row.day) - 1, Number(row.n)]))
  const firstDay = shiftDay(today, -(submissionDays - 1))
  const submissionsPerDay = Array.from({ length: submissionDays }, (_, i) => ({
    day: shiftDay(firstDay, i),
    count: perDayCount.get(i) ?? 0,
  }))

  // Phases and deadlines, as calendar days in the campaign's time zone.
  const phases = (campaign.phases ?? []).map((phase) => ({
    name: phase.name,
    start: phase.start ? deadlineDay(phase.start, timeZone) : null,
    end: phase.end ? deadlineDay(phase.end, timeZone) : null,
  }))
  const current =
    phases
      .map((phase, order) => ({ phase, order }))
      .filter(
        ({ phase }) => (!phase.start || phase.start <= today) && (!phase.end || today <= phase.end),
      )
      .filter(({ phase }) => phase.start || phase.end)
      .sort((a, b) => (a.phase.start ?? '').localeCompare(b.phase.start ?? '') || a.order - b.order)
      .at(-1)?.phase ?? null
  const next =
    phases
      .filter((phase) => phase.start && phase.start > today)
      .sort((a, b) => a.start!.localeCompare(b.start!))[0] ?? null
  const deadlines: DashboardDeadline[] = [
    ...(campaign.phases ?? []).flatMap((phase) =>
      (phase.deadlines ?? []).map((deadline) => ({
        day: deadlineDay(deadline.date, timeZone),
        due: deadline.due,
        source: 'phase' as const,
        of: phase.name,
      })),
    ),
    ...subProjects
      .filter((subProject) => subProject.deadline)
      .map((subProject) => ({
        day: subProject.deadline!,
        due: `${subProject.name} 截止征集`,
        source: 'sub-project' as const,
        of: subProject.name,
      })),
  ]
    .filter((deadline) => deadline.day >= today)
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((deadline) => ({ ...deadline, daysLeft: daysBetween(today, deadline.day) }))

  const awaitingRows = awaiting.rows
  const awaitingTotal = Number(awaitingRows[0]?.total ?? 0)
  const awaitingSubmitted = Number(awaitingRows[0]?.submitted ?? 0)
  const heard = receipts ?? []
  const published = heard.filter((row) => row.kind === 'published')
  const sum = (rows: { n: number }[]) => rows.reduce((total, row) => total + Number(row.n), 0)
  const scopeRow = scopeUnit ? (levelUnits.rows.find((row) => row.id === scopeUnit) ?? null) : null

  return {
    campaign: {
      id: campaignId,
      name: campaign.name,
      year: campaign.year ?? null,
      status: campaign.status ?? 'draft',
      timeZone,
    },
    today,
    phase: { current, next },
    nextDeadline: deadlines[0] ?? null,
    upcomingDeadlines: deadlines.slice(0, 5),
    submissionsPerDay,
    subProjects,
    units,
    behindQuota,
    awaitingScreening: {
      level: levelIds
        .map((id) => levelUnits.rows.find((row) => row.id === id))
        .filter((row): row is { id: number; name: string } => Boolean(row))
        .map(({ id, name }) => ({ id, name })),
      submitted: awaitingSubmitted,
      reported: awaitingTotal - awaitingSubmitted,
      total: awaitingTotal,
      works: awaitingRows.map((row) => ({
        id: row.id,
        title: row.title,
        status: row.status,
        unit: row.unit_id ? { id: row.unit_id, name: row.unit_name ?? '' } : null,
        subProject: row.sub_project_id
          ? { id: row.sub_project_id, name: row.sub_project_name ?? '' }
          : null,
        createdAt: new Date(row.created_at).toISOString(),
      })),
    },
    push:
      delivered && receipts
        ? {
            deliveries: {
              delivered: Number(delivered.delivered),
              inProgress: Number(delivered.in_progress),
              failed: Number(delivered.failed),
              works: Number(delivered.works),
              partnerSites: Number(delivered.partner_sites),
            },
            receipts: {
              published: sum(published),
              verified: sum(published.filter((row) => row.status === 'verified')),
              declined: sum(heard.filter((row) => row.kind === 'declined')),
              partnerSites: new Set(published.map((row) => row.partner_site_id)).size,
            },
          }
        : null,
    interactions: Object.fromEntries(
      Object.entries(interactionCounts.rows[0]!).map(([key, value]) => [key, Number(value)]),
    ) as CampaignDashboard['interactions'],
    totals: {
      works: subProjects.reduce((sum, subProject) => sum + subProject.total, 0),
      reported: progress.totals.reported,
      quota: progress.totals.quota,
    },
    isComplete: progress.isComplete,
    scope: scopeRow ? { id: scopeRow.id, name: scopeRow.name } : null,
  }
}

export type MyCampaign = { id: number; name: string; year: number | null; status: string }

const statusOrder = ['active', 'draft', 'closed', 'archived']

/**
 * 我的活动: the campaigns whose dashboard the reader opens, active ones first, then drafts, closed
 * and archived ones, each newest year first. The office: every campaign. An organizer: those its
 * unit hosts, and those its subtree reports to. A unit editor: those its subtree reports to (a
 * participant at or below its unit, or — for a campaign naming no participants — a unit right
 * below a host; an editor of a host unit thus sees its campaigns). Anyone else: none.
 */
export const myCampaigns = async ({ req }: { req: PayloadRequest }): Promise<MyCampaign[]> => {
  const actor = actorOf(req)
  let ids: number[] | 'all'
  if (actor.kind === 'admin') {
    ids = 'all'
  } else if ((actor.kind === 'organizer' || actor.kind === 'unit-editor') && actor.organizerId) {
    const { rows } = await poolOf(req.payload).query<{ id: number }>(
      `select c.id from campaigns c
        where exists (
                select 1 from campaigns_rels r join organizers o on o.id = r.organizers_id
                 where r.parent_id = c.id and r.path = 'participants' and o.path like $1)
           or (not exists (select 1 from campaigns_rels r
                            where r.parent_id = c.id and r.path = 'participants')
               and exists (
                select 1 from campaigns_rels r join organizers o on o.parent_id = r.organizers_id
                 where r.parent_id = c.id and r.path = 'hosts' and o.path like $1))`,
      [`%/${actor.organizerId}/%`],
    )
    const hosted = actor.kind === 'organizer' ? await hostedCampaignIds(req, actor.organizerId) : []
    ids = [...new Set([...hosted, ...rows.map((row) => row.id)])]
  } else {
    ids = []
  }
  if (ids !== 'all' && ids.length === 0) {
    return []
  }
  // The reader's own read rule on campaigns has the last word (drafts are their hosts').
  const { docs } = await req.payload.find({
    collection: 'campaigns',
    where: ids === 'all' ? {} : { id: { in: ids } },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: false,
    user: req.user,
    select: { name: true, year: true, status: true },
    req,
  })
  const rank = (status: string) => {
    const index = statusOrder.indexOf(status)
    return index === -1 ? statusOrder.length : index
  }
  return docs
    .map((doc) => ({
      id: Number(doc.id),
      name: doc.name,
      year: doc.year ?? null,
      status: doc.status ?? 'draft',
    }))
    .sort((a, b) => rank(a.status) - rank(b.status) || (b.year ?? 0) - (a.year ?? 0) || b.id - a.id)
}

/** `M-d` of a `yyyy-MM-dd` day, for chart axes. */
export const shortDay = (day: string): string => {
  const [, month, date] = day.split('-')
  return `${Number(month)}-${Number(date)}`
}
