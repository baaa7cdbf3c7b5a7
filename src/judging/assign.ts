import type { PayloadRequest, Where } from 'payload'

import type { EnteringWork, PanelJudge } from './plan'
import type { LoadedRound } from './shared'
import type { Standings } from './standings'

import { ancestryOf } from '../access/roles'
import { planAssignment } from './plan'
import { judgingWrite, loadRound, requireHostOrOffice } from './shared'
import { computeStandings, dispersion, topWorks } from './standings'
import { syncEntryJudges } from './sync'
import { badRequest, conflict, idOf, inTransaction } from '../lib/refusal'

/**
 * A round's works and assignment (分配评委), and its standings, read from the database.
 *
 * Which works enter a round:
 * - `reported`: the sub-project's works that reached the campaign's hosts — a step of their
 *   path upward (`reportPath`) goes to a host, and they are past screening (已报送 or later:
 *   in review, awarded or not, published) — and the hosts' own works once screened in there
 *   (a host's own submissions have no step upward).
 * - `previous-top`: the top `topN` of the round before it (same sub-project, `order` − 1) by
 *   that round's standings as they stand; every work tied at the cut-off enters too.
 */

/** Statuses of a work its unit has not yet reported upward. */
const notYetReported = ['draft', 'submitted', 'screened-in', 'screened-out']

export const enteringWorkIds = async ({
  req,
  loaded,
}: {
  req: PayloadRequest
  loaded: LoadedRound
}): Promise<number[]> => {
  const { round } = loaded
  const subProject = idOf(round.subProject)!
  if (round.entrySource === 'previous-top') {
    if (!round.topN) {
      throw badRequest(
        '请填写“前 N 名”/ top N is required when the top of the previous round enters',
        [{ path: 'topN', message: '必填 / required' }],
      )
    }
    const { docs } = await req.payload.find({
      collection: 'judging-rounds',
      where: {
        and: [{ subProject: { equals: subProject } }, { order: { equals: round.order - 1 } }],
      },
      depth: 0,
      limit: 1,
      req,
    })
    const previous = docs[0]
    if (!previous) {
      throw badRequest(
        `本子项目没有第 ${round.order - 1} 轮，无法取上一轮前 ${round.topN} 名 / the sub-project has no round ${round.order - 1} to take the top ${round.topN} from`,
      )
    }
    const standings = await roundStandings({ req, loaded: { ...loaded, round: previous } })
    const top = topWorks(standings, round.topN)
    if (!top.length) {
      throw badRequest(
        `上一轮“${previous.title}”还没有已提交的评分 / the previous round "${previous.title}" has no submitted scores yet`,
      )
    }
    return top
  }
  const hosts = loaded.campaign.hosts
  const reached: Where = {
    or: [
      {
        and: [
          { 'reportPath.to': { in: hosts.length ? hosts : [0] } },
          { status: { not_in: notYetReported } },
        ],
      },
      {
        and: [
          { submittingUnit: { in: hosts.length ? hosts : [0] } },
          { status: { not_in: ['draft', 'submitted', 'screened-out'] } },
        ],
      },
    ],
  }
  const { docs } = await req.payload.find({
    collection: 'entries',
    where: { and: [{ subProject: { equals: subProject } }, reached] },
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    sort: 'id',
    req,
  })
  return docs.map((doc) => Number(doc.id))
}

export type AssignmentResult = {
  round: { id: number; title: string }
  works: number
  sheets: { created: number; withdrawn: number; total: number }
  load: { judge: { id: number; name: string }; sheets: number }[]
}

/**
 * `POST /api/judging-rounds/:id/assign`: every work of the round gets `judgesPerWork` judges of
 * the panel, none with a conflict of interest (`planAssignment`). Run again, it only tops up.
 * If any work cannot get enough judges, nothing is written and the works are listed.
 */
export const assignRound = async ({
  req,
  roundId,
}: {
  req: PayloadRequest
  roundId: number
}): Promise<AssignmentResult> => {
  const loaded = await loadRound(req, roundId)
  const { round } = loaded
  await requireHostOrOffice(req, loaded.campaign.id, '分配评委 / assign judges')
  if (round.status === 'closed') {
    throw conflict(
      `评审轮次“${round.title}”已结束，不能再分配 / the round "${round.title}" is closed`,
    )
  }
  const panel = await panelOf({ req, ids: (round.panel ?? []).map((judge) => idOf(judge)!) })
  const workIds = await enteringWorkIds({ req, loaded })
  if (!workIds.length) {
    throw badRequest(
      `没有参评作品：本子项目还没有报送至主办单位的作品 / no works enter: none of the sub-project's works has been reported to the campaign's hosts`,
    )
  }
  const works = await worksFor({ req, ids: workIds, hosts: loaded.campaign.hosts })
  const { docs: stored } = await req.payload.find({
    collection: 'score-sheets',
    where: { round: { equals: round.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { entry: true, judge: true, status: true },
    req,
  })
  const sheets = stored.map((sheet) => ({
    id: Number(sheet.id),
    entry: idOf(sheet.entry)!,
    judge: idOf(sheet.judge)!,
    status: sheet.status,
  }))
  const plan = planAssignment({ works, panel, sheets, judgesPerWork: round.judgesPerWork })
  if (plan.shortages.length) {
    const errors = plan.shortages.map((shortage) => ({
      path: `works.${shortage.entry.id}`,
      label: '参评作品',
      message: `《${shortage.entry.title}》只有 ${shortage.has} 位无回避的评委，需要 ${shortage.needed} 位 / "${shortage.entry.title}" has ${shortage.has} judges free of conflicts, needs ${shortage.needed}`,
    }))
    throw badRequest(
      `评审组人数不足：${plan.shortages.length} 件作品分不到 ${round.judgesPerWork} 位无回避的评委，未作任何分配；请增加评委或减少每件作品的评委人数 / the panel is too small: ${plan.shortages.length} works cannot get ${round.judgesPerWork} judges free of conflicts, nothing was assigned; add judges or lower the judges per work`,
      errors,
    )
  }
  const titles = new Map(works.map((work) => [work.id, work.title]))
  const context = { [judgingWrite]: 'assign' }
  await inTransaction(req, async () => {
    for (const each of plan.withdraw) {
      await req.payload.update({
        collection: 'score-sheets',
        id: each.sheet,
        data: { status: 'conflict', conflictReason: each.reason },
        depth: 0,
        context,
        req,
      })
    }
    for (const each of plan.create) {
      await req.payload.create({
        collection: 'score-sheets',
        data: {
          round: round.id,
          entry: each.entry,
          judge: each.judge,
          campaign: loaded.campaign.id,
          status: 'assigned',
          title: `${round.title}：${titles.get(each.entry) ?? each.entry}`,
        },
        depth: 0,
        context,
        req,
      })
    }
    await req.payload.update({
      collection: 'judging-rounds',
      id: round.id,
      data: { assignedAt: new Date().toISOString() },
      depth: 0,
      context,
      req,
    })
    await syncEntryJudges({ req, entryIds: [...workIds, ...sheets.map((sheet) => sheet.entry)] })
  })
  return {
    round: { id: Number(round.id), title: round.title ?? '' },
    works: works.length,
    sheets: {
      created: plan.create.length,
      withdrawn: plan.withdraw.length,
      total: [...plan.load.values()].reduce((a, b) => a + b, 0),
    },
    load: [...panel]
      .sort((a, b) => a.id - b.id)
      .map((judge) => ({
        judge: { id: judge.id, name: judge.name },
        sheets: plan.load.get(judge.id) ?? 0,
      })),
  }
}

/** The panel's accounts, with their units; a member that is not a judge account is refused. */
const panelOf = async ({ req, ids }: { req: PayloadRequest; ids: number[] }) => {
  if (!ids.length) {
    throw badRequest(
      '评审组还没有评委 / the panel has no judges yet',
      [{ path: 'panel', message: '必填 / required' }],
      'judging-rounds',
    )
  }
  const { docs } = await req.payload.find({
    collection: 'users',
    where: { id: { in: ids } },
    depth: 1,
    limit: 0,
    pagination: false,
    select: { name: true, email: true, role: true, organizer: true },
    req,
  })
  const others = docs.filter((user) => user.role !== 'judge')
  if (others.length) {
    const names = others.map((user) => user.name || user.email).join('、')
    throw badRequest(
      `评审组中的 ${names} 不是评委账号 / ${names} on the panel ${others.length > 1 ? 'are not judge accounts' : 'is not a judge account'}`,
      [{ path: 'panel', message: names }],
      'judging-rounds',
    )
  }
  return docs.map((user): PanelJudge => ({
    id: Number(user.id),
    name: user.name || user.email,
    unitId: idOf(user.organizer as never),
    unitName:
      user.organizer && typeof user.organizer === 'object' ? user.organizer.name : undefined,
  }))
}

/**
 * The works with what conflicts are decided by: their authors, and their unit with its ancestors
 * below the campaign's hosts. The hosts (and the levels above them) are every work's ancestors:
 * their expert committee judges the whole campaign, and only their own works are theirs.
 */
const worksFor = async ({
  req,
  ids,
  hosts,
}: {
  req: PayloadRequest
  ids: number[]
  hosts: number[]
}): Promise<EnteringWork[]> => {
  const { docs } = await req.payload.find({
    collection: 'entries',
    where: { id: { in: ids } },
    depth: 1,
    limit: 0,
    pagination: false,
    select: { title: true, submittingUnit: true, authors: true },
    req,
  })
  return docs.map((work) => {
    const unit = work.submittingUnit as { id: number; path?: string | null } | number | null
    const unitId = unit === null ? undefined : typeof unit === 'object' ? unit.id : unit
    const path = unit && typeof unit === 'object' ? ancestryOf(unit.path) : []
    const ancestry = path.length ? path : unitId ? [unitId] : []
    const lastHost = Math.max(...ancestry.map((id, index) => (hosts.includes(id) ? index : -1)))
    const below = lastHost < 0 ? ancestry : ancestry.slice(lastHost + 1)
    return {
      id: Number(work.id),
      title: work.title,
      // A host's own work: the host itself.
      unitAncestry: below.length ? below : ancestry.slice(-1),
      authorNames: (work.authors ?? []).map((author) => author.name),
    }
  })
}

/** The round's standings (`computeStandings`) from its sheets as stored. */
export const roundStandings = async ({
  req,
  loaded,
}: {
  req: PayloadRequest
  loaded: LoadedRound
}): Promise<Standings> => {
  const { round } = loaded
  const { docs: sheets } = await req.payload.find({
    collection: 'score-sheets',
    where: { round: { equals: round.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { entry: true, judge: true, status: true, total: true, scores: true },
    req,
  })
  const entryIds = [...new Set(sheets.map((sheet) => idOf(sheet.entry)!))]
  const { docs: works } = entryIds.length
    ? await req.payload.find({
        collection: 'entries',
        where: { id: { in: entryIds } },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { title: true },
        req,
      })
    : { docs: [] }
  return computeStandings({
    works: works.map((work) => ({ id: Number(work.id), title: work.title })),
    sheets: sheets.map((sheet) => ({
      id: Number(sheet.id),
      entry: idOf(sheet.entry)!,
      judge: idOf(sheet.judge)!,
      status: sheet.status,
      total: sheet.total,
      scores: sheet.scores,
    })),
    criteria: round.criteria,
    judgesPerWork: round.judgesPerWork,
    normalise: Boolean(round.normalise),
  })
}

/**
 * `GET /api/judging-rounds/:id/results`: the standings with names — works by title, judges by
 * name — for the campaign's organizers and the national office.
 */
export const roundResults = async ({ req, roundId }: { req: PayloadRequest; roundId: number }) => {
  const loaded = await loadRound(req, roundId)
  await requireHostOrOffice(req, loaded.campaign.id, '查看评审结果 / read the results')
  const standings = await roundStandings({ req, loaded })
  const judgeIds = standings.judges.map((each) => each.judge)
  const { docs: users } = judgeIds.length
    ? await req.payload.find({
        collection: 'users',
        where: { id: { in: judgeIds } },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { name: true, email: true },
        req,
      })
    : { docs: [] }
  const judge = (id: number) => {
    const user = users.find((each) => Number(each.id) === id)
    return { id, name: user?.name || user?.email || `#${id}` }
  }
  const { round } = loaded
  return {
    round: {
      id: Number(round.id),
      title: round.title,
      name: round.name,
      status: round.status,
      normalise: Boolean(round.normalise),
      judgesPerWork: round.judgesPerWork,
      criteria: round.criteria.map(({ name, weight, maxScore }) => ({ name, weight, maxScore })),
    },
    rankedBy: round.normalise ? 'normalised' : 'raw',
    dispersionThreshold: dispersion,
    panel: standings.panel,
    judges: standings.judges.map((each) => ({ ...each, judge: judge(each.judge) })),
    works: standings.works.map((each) => ({
      ...each,
      flags: each.flags.map((flag) => ({ ...flag, judge: judge(flag.judge) })),
    })),
    missing: standings.missing,
  }
}
