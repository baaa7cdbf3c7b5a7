import type { PayloadRequest } from 'payload'

import { extractID } from 'payload/shared'

import { poolOf } from '../../plugins/shared/pool'
import { actorOf, hostedCampaignIds, subtreeIds } from '../access/roles'

/**
 * 报送进度: how far each reporting unit of a campaign is against its task table, per sub-project.
 * A unit's works are those its subtree reported upward (报送) or that went further (review,
 * awards, publishing). Its quota is its row of the task table (任务分解表) where it has one,
 * else the sub-project's rule for every participating unit, exact (报送 N 件) or a minimum
 * (至少报送 N 件).
 */

/** Statuses a work has once its unit reported it upward. */
export const reportedStatuses = ['reported', 'in-review', 'awarded', 'not-awarded', 'published']

export type QuotaMode = 'exact' | 'minimum'

/** Where a unit stands on one sub-project. `none`: no quota set for it. */
export type CellState = 'met' | 'behind' | 'over' | 'none'

export type ProgressCell = {
  subProject: number
  reported: number
  quota: number | null
  mode: QuotaMode
  state: CellState
}

export type ProgressRow = {
  unit: { id: number; name: string }
  cells: ProgressCell[]
  /** 合计 of the row: works reported, and the quotas that are set. */
  total: { reported: number; quota: number }
  /** Units whose every set quota is met. */
  isOnTrack: boolean
  /** 线下活动: events its task-table row asks, and those its subtree's batches reported. */
  offlineEvents: { quota: number | null; reported: number }
  /**
   * 职工好网民宣传员 per tier: the unit's target (its task-table row's, else the campaign's for
   * every unit), and the head-count its subtree's units last reported (each unit's latest batch
   * that gives the tier).
   */
  propagandists: { tier: string; target: number | null; reported: number }[]
}

export type CampaignProgress = {
  campaign: { id: number; name: string; year: number | null }
  subProjects: { id: number; name: string; quota: { mode: QuotaMode; count: number | null } }[]
  rows: ProgressRow[]
  /** 合计 per sub-project column, and of the whole table, over the rows shown. */
  totals: {
    cells: { subProject: number; reported: number; quota: number }[]
    reported: number
    quota: number
  }
  propagandistTargets: { tier: string; count: number }[]
  /** False when the reader sees only the rows of its own subtree. */
  isComplete: boolean
}

/** Why a reader may not see a campaign's progress: missing, or not theirs. */
export class ProgressRefusal extends Error {
  constructor(
    readonly status: 403 | 404,
    message: string,
  ) {
    super(message)
  }
}

type Rel = number | { id: number } | null | undefined

/**
 * Which rows the reader sees: the national office and the campaign's hosts every row; any other
 * organizer or unit editor the rows of its own subtree; everyone else nothing.
 */
const visibleRows = async (
  req: PayloadRequest,
  campaignId: number,
): Promise<'all' | Set<number>> => {
  const actor = actorOf(req)
  if (actor.kind === 'admin') {
    return 'all'
  }
  if (
    actor.kind === 'organizer' &&
    (await hostedCampaignIds(req, actor.organizerId)).includes(campaignId)
  ) {
    return 'all'
  }
  if ((actor.kind === 'organizer' || actor.kind === 'unit-editor') && actor.organizerId) {
    return subtreeIds(req, actor.organizerId)
  }
  throw new ProgressRefusal(
    403,
    '只有全国办公室、活动主办方和参与单位可以查看报送进度 / only the national office, the campaign’s hosts and its participating units see its progress',
  )
}

export const campaignProgress = async ({
  req,
  campaignId,
  asSystem = false,
}: {
  req: PayloadRequest
  campaignId: number
  /** The system's own reading (reminders): every row, no reader to check. */
  asSystem?: boolean
}): Promise<CampaignProgress> => {
  const { payload } = req
  // The reader's own read rule on campaigns decides whether the campaign exists for them.
  const campaign = await payload
    .findByID({
      collection: 'campaigns',
      id: campaignId,
      depth: 0,
      overrideAccess: asSystem,
      user: asSystem ? undefined : req.user,
      select: {
        name: true,
        year: true,
        hosts: true,
        participants: true,
        propagandistTargets: true,
      },
      req,
    })
    .catch(() => null)
  if (!campaign) {
    throw new ProgressRefusal(
      404,
      `没有编号为 ${campaignId} 的主题活动 / no campaign ${campaignId}`,
    )
  }
  const visible = asSystem ? 'all' : await visibleRows(req, campaignId)

  const { docs: subProjectDocs } = await payload.find({
    collection: 'sub-projects',
    // Open calls only: a sub-project still in draft takes no works yet.
    where: { and: [{ campaign: { equals: campaignId } }, { _status: { equals: 'published' } }] },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'createdAt',
    select: { name: true, quota: true },
    req,
  })
  const subProjects = subProjectDocs.map((doc) => ({
    id: Number(doc.id),
    name: doc.name,
    quota: {
      mode: (doc.quota?.mode ?? 'minimum') as QuotaMode,
      count: doc.quota?.count ?? null,
    },
  }))

  // The reporting units: the campaign's participants, else the units right below its hosts.
  const participantIds = (campaign.participants ?? []).map((unit: Rel) => Number(extractID(unit!)))
  const hostIds = (campaign.hosts ?? []).map((unit: Rel) => Number(extractID(unit!)))
  const { docs: units } = await payload.find({
    collection: 'organizers',
    where: participantIds.length
      ? { id: { in: participantIds } }
      : { parent: { in: hostIds.length ? hostIds : [0] } },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'createdAt',
    select: { name: true, path: true },
    req,
  })
  const rowUnits = units
    .map((unit) => ({ id: Number(unit.id), name: unit.name }))
    .filter((unit) => visible === 'all' || visible.has(unit.id))
  if (visible !== 'all' && rowUnits.length === 0) {
    throw new ProgressRefusal(
      403,
      '本单位及下级单位不是该活动的报送单位 / neither your unit nor any below it reports to this campaign',
    )
  }

  const { docs: quotaDocs } = await payload.find({
    collection: 'quotas',
    where: { campaign: { equals: campaignId } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { unit: true, offlineEvents: true, works: true, propagandists: true },
    req,
  })
  const taskTable = new Map(quotaDocs.map((doc) => [Number(extractID(doc.unit)), doc]))

  // Works reported per submitting unit and sub-project, rolled up to each row unit's subtree by
  // the units' paths: one grouped count in the database, however many works there are. Counted
  // from the entries' (campaign, unit, sub-project, status, …) index alone, then named by path;
  // `$2` takes the status column's own type, so the statuses narrow the index scan.
  const { rows: counted } = await poolOf(payload).query<{
    path: string
    sub_project_id: number
    n: string
  }>(
    `select o.path, g.sub_project_id, g.n
       from (select e.submitting_unit_id, e.sub_project_id, count(*) as n
               from entries e
              where e.campaign_id = $1 and e.status = any ($2)
              group by 1, 2) g
       join organizers o on o.id = g.submitting_unit_id`,
    [campaignId, reportedStatuses],
  )
  const reportedBy = (unitId: number, subProjectId: number) =>
    counted
      .filter((row) => row.sub_project_id === subProjectId && row.path.includes(`/${unitId}/`))
      .reduce((sum, row) => sum + Number(row.n), 0)

  // What the batches reported besides works: each batch's offline events, and each unit's
  // latest head-count per tier (a unit reports its team as it stands, not an increment).
  const { rows: batchRows } = await poolOf(payload).query<{
    id: number
    path: string
    from_unit_id: number
    events: string | null
    tier: string | null
    count: string | null
    submitted_at: string
  }>(
    `select b.id, o.path, b.from_unit_id, b.activity_report_events as events, c.tier, c.count,
            b.submitted_at
       from report_batches b
       join organizers o on o.id = b.from_unit_id
       left join report_batches_propagandist_report_counts c on c._parent_id = b.id
      where b.campaign_id = $1 and b.status = 'submitted'
      order by b.submitted_at, b.id`,
    [campaignId],
  )
  const eventsByBatch = new Map<number, { path: string; events: number }>()
  const latestCount = new Map<string, { path: string; count: number }>()
  for (const row of batchRows) {
    eventsByBatch.set(row.id, {
      path: row.path,
      events: Number(row.events ?? 0),
    })
    if (row.tier !== null) {
      latestCount.set(`${row.from_unit_id}:${row.tier}`, {
        path: row.path,
        count: Number(row.count ?? 0),
      })
    }
  }
  const targets = (campaign.propagandistTargets ?? []).map(({ tier, count }) => ({ tier, count }))
  const tiers = [
    ...new Set([
      ...targets.map((target) => target.tier),
      ...batchRows.flatMap((row) => (row.tier === null ? [] : [row.tier])),
    ]),
  ]
  const inSubtreeOf = (unitId: number) => (entry: { path: string }) =>
    entry.path.includes(`/${unitId}/`)

  const rows: ProgressRow[] = rowUnits.map((unit) => {
    const own = taskTable.get(unit.id)
    const cells = subProjects.map((subProject): ProgressCell => {
      const override = own?.works?.find(
        (work) => Number(extractID(work.subProject)) === subProject.id,
      )
      const quota = override ? override.count : subProject.quota.count
      const reported = reportedBy(unit.id, subProject.id)
      const { mode } = subProject.quota
      return {
        subProject: subProject.id,
        reported,
        quota,
        mode,
        state: stateOf({ reported, quota, mode }),
      }
    })
    return {
      unit,
      cells,
      total: {
        reported: cells.reduce((sum, cell) => sum + cell.reported, 0),
        quota: cells.reduce((sum, cell) => sum + (cell.quota ?? 0), 0),
      },
      isOnTrack: cells.every((cell) => cell.state === 'met' || cell.state === 'none'),
      offlineEvents: {
        quota: own?.offlineEvents ?? null,
        reported: [...eventsByBatch.values()]
          .filter(inSubtreeOf(unit.id))
          .reduce((sum, batch) => sum + batch.events, 0),
      },
      propagandists: tiers.map((tier) => ({
        tier,
        target:
          own?.propagandists?.find((target) => target.tier === tier)?.count ??
          targets.find((target) => target.tier === tier)?.count ??
          null,
        reported: [...latestCount.entries()]
          .filter(([key, entry]) => key.endsWith(`:${tier}`) && inSubtreeOf(unit.id)(entry))
          .reduce((sum, [, entry]) => sum + entry.count, 0),
      })),
    }
  })

  const columnTotals = subProjects.map((subProject, index) => ({
    subProject: subProject.id,
    reported: rows.reduce((sum, row) => sum + row.cells[index]!.reported, 0),
    quota: rows.reduce((sum, row) => sum + (row.cells[index]!.quota ?? 0), 0),
  }))
  return {
    campaign: { id: campaignId, name: campaign.name, year: campaign.year ?? null },
    subProjects,
    rows,
    totals: {
      cells: columnTotals,
      reported: columnTotals.reduce((sum, cell) => sum + cell.reported, 0),
      quota: columnTotals.reduce((sum, cell) => sum + cell.quota, 0),
    },
    propagandistTargets: (campaign.propagandistTargets ?? []).map(({ tier, count }) => ({
      tier,
      count,
    })),
    isComplete: visible === 'all',
  }
}

/** An exact quota is met by exactly its count (more is flagged); a minimum by at least it. */
export const stateOf = ({
  reported,
  quota,
  mode,
}: {
  reported: number
  quota: number | null
  mode: QuotaMode
}): CellState => {
  if (quota === null || quota === undefined) {
    return 'none'
  }
  if (reported < quota) {
    return 'behind'
  }
  return mode === 'exact' && reported > quota ? 'over' : 'met'
}
