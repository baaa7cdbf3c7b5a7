import type { PayloadRequest } from 'payload'

import type { AwardList } from '../payload-types'
import type { TierPlaces } from './ranking'

import { poolOf } from '../../plugins/shared/pool'
import { roundStandings } from '../judging/assign'
import { loadRound } from '../judging/shared'
import { campaignProgress, ProgressRefusal } from '../reporting/progress'
import { subProjectTally } from '../voting/counts'
import { placesOf, proposeTiers, rankWorks } from './ranking'
import { Refusal, badRequest, conflict, idOf } from '../lib/refusal'
import { awardsWrite, loadList, requireHostOrOffice, tierLabel } from './shared'
import { inTransaction } from '../lib/refusal'

/**
 * `POST /api/award-lists/:id/propose` (生成建议名单): the list proposed from what the campaign
 * knows now, written over any earlier proposal (and its adjustments) while the list is a draft.
 *
 * Works: the jury round's standings (the list's `juryRound`, else the sub-project's round with
 * the highest `order`, which the proposal then pins on the list) merged with the valid votes by
 * the public share (the list's, else the sub-project's `voting.publicShare`), ranked by
 * `rankWorks`; each tier's places from `tiers` and the works received, filled by `proposeTiers`.
 *
 * Works received (收到作品): every work of the sub-project that was submitted, i.e. every
 * status but 草稿 — screened out or not, at whatever level — as a notice counts what its call
 * received before it sets the prizes.
 *
 * Organizing units (优秀组织单位): the campaign's reporting units as the progress matrix has
 * them (its participants, else the units right below its hosts; each with its subtree's works
 * rolled up), the works each reported and whether it met every quota set for it (none set
 * counts as met); proposed are the units that met them and reported at least one work.
 */

/** Statuses of a work that was never submitted: not received. */
const notReceived = ['draft']

export type ProposalAnswer = {
  list: { id: number; title: string; kind: string; status: string }
  /** Works: the round the jury scores come from, the public share and the works received. */
  juryRound?: { id: number; title: string; status: string }
  publicShare?: number
  received?: number
  tiers?: (TierPlaces & { label: string })[]
  works?: {
    entry: number
    title: string
    rank: number
    tied: boolean
    juryScore: number
    votes: number
    publicScore: number
    finalScore: number
    proposedTier: string | null
  }[]
  units?: {
    unit: { id: number; name: string }
    reported: number
    quotaMet: boolean
    isAwarded: boolean
  }[]
}

export const proposeList = async ({
  req,
  listId,
}: {
  req: PayloadRequest
  listId: unknown
}): Promise<ProposalAnswer> => {
  const list = await loadList(req, listId)
  await requireHostOrOffice(req, idOf(list.campaign), {
    zh: '生成建议名单',
    en: 'propose a prize list',
  })
  if (list.status === 'frozen') {
    throw conflict(
      `“${list.title}”已确定，不能重新生成 / "${list.title}" is frozen and cannot be proposed again`,
    )
  }
  return list.kind === 'organizing-units'
    ? proposeUnits({ req, list })
    : proposeWorks({ req, list })
}

/** The round the list takes its jury scores from: its own, else the sub-project's last. */
export const juryRoundOf = async ({
  req,
  list,
  subProjectId,
}: {
  req: PayloadRequest
  list: AwardList
  subProjectId: number
}) => {
  const chosen = idOf(list.juryRound)
  if (chosen) {
    const loaded = await loadRound(req, chosen)
    if (idOf(loaded.round.subProject) !== subProjectId) {
      throw badRequest(
        `评审轮次“${loaded.round.title}”不属于本子项目 / the round "${loaded.round.title}" is not one of the sub-project's`,
        [{ path: 'juryRound', message: '不属于本子项目 / another sub-project’s round' }],
      )
    }
    return loaded
  }
  const { docs } = await req.payload.find({
    collection: 'judging-rounds',
    where: { subProject: { equals: subProjectId } },
    sort: '-order',
    depth: 0,
    limit: 1,
    select: {},
    req,
  })
  if (!docs[0]) {
    throw badRequest(
      '本子项目还没有评审轮次，无法取专家评分 / the sub-project has no judging round to take the jury’s scores from',
      [{ path: 'juryRound', message: '没有评审轮次 / no round' }],
    )
  }
  return loadRound(req, Number(docs[0].id))
}

const proposeWorks = async ({
  req,
  list,
}: {
  req: PayloadRequest
  list: AwardList
}): Promise<ProposalAnswer> => {
  const subProjectId = idOf(list.subProject)
  if (!subProjectId) {
    throw badRequest('请先选择子项目 / choose the sub-project first', [
      { path: 'subProject', message: '必填 / required' },
    ])
  }
  const settings = list.tiers ?? []
  if (!settings.length) {
    throw badRequest(
      '请先设置奖项（各奖项的名额或比例）/ set the prize tiers first (places or a share for each)',
      [{ path: 'tiers', message: '必填 / required' }],
    )
  }
  const subProject = await req.payload.findByID({
    collection: 'sub-projects',
    id: subProjectId,
    depth: 0,
    draft: true,
    select: { name: true, voting: true },
    req,
  })
  const loaded = await juryRoundOf({ req, list, subProjectId })
  const standings = await roundStandings({ req, loaded })
  const { works: tally } = await subProjectTally({ pool: poolOf(req.payload), subProjectId })
  const validVotes = new Map(tally.map((work) => [work.entry, work.valid]))
  const publicShare = list.publicShare ?? subProject.voting?.publicShare ?? 0
  const { totalDocs: received } = await req.payload.count({
    collection: 'entries',
    where: {
      and: [{ subProject: { equals: subProjectId } }, { status: { not_in: notReceived } }],
    },
    req,
  })
  const ranked = rankWorks(
    standings.works.map((standing) => ({
      entry: standing.entry.id,
      title: standing.entry.title,
      juryScore: standing.score,
      votes: validVotes.get(standing.entry.id) ?? 0,
    })),
    publicShare,
  )
  if (!ranked.length) {
    throw badRequest(
      `评审轮次“${loaded.round.title}”还没有已提交的评分 / the round "${loaded.round.title}" has no submitted scores yet`,
    )
  }
  const { proposed, tiers } = proposeTiers(ranked, placesOf(settings, received))
  const ranking = ranked.map((work) => ({
    entry: work.entry,
    rank: work.rank,
    juryScore: work.juryScore,
    votes: work.votes,
    finalScore: work.finalScore,
    proposedTier: proposed.get(work.entry) ?? null,
    tier: proposed.get(work.entry) ?? null,
    reason: null,
  }))
  const doc = await inTransaction(req, () =>
    req.payload.update({
      collection: 'award-lists',
      id: list.id,
      data: { juryRound: Number(loaded.round.id), ranking } as never,
      depth: 0,
      overrideAccess: false,
      user: req.user,
      context: { [awardsWrite]: 'propose' },
      req,
    }),
  )
  return {
    list: { id: doc.id, title: doc.title ?? '', kind: doc.kind, status: doc.status },
    juryRound: {
      id: Number(loaded.round.id),
      title: loaded.round.title ?? '',
      status: loaded.round.status,
    },
    publicShare,
    received,
    tiers: tiers.map((tier) => ({ ...tier, label: tierLabel(tier.tier) })),
    works: ranked.map((work) => ({
      entry: work.entry,
      title: work.title,
      rank: work.rank,
      tied: work.tied,
      juryScore: work.juryScore as number,
      votes: work.votes,
      publicScore: work.publicScore,
      finalScore: work.finalScore,
      proposedTier: proposed.get(work.entry) ?? null,
    })),
  }
}

/** The proposal for a unit: it met every quota set for it and reported at least one work. */
export const proposedAward = (row: { quotaMet?: boolean | null; reported?: number | null }) =>
  Boolean(row.quotaMet) && (row.reported ?? 0) > 0

const proposeUnits = async ({
  req,
  list,
}: {
  req: PayloadRequest
  list: AwardList
}): Promise<ProposalAnswer> => {
  const progress = await campaignProgress({ req, campaignId: idOf(list.campaign)! }).catch(
    (err: unknown) => {
      throw err instanceof ProgressRefusal ? new Refusal(err.message, err.status) : err
    },
  )
  const units = progress.rows.map((row) => {
    const reported = row.total.reported
    const quotaMet = row.isOnTrack
    return {
      unit: row.unit,
      reported,
      quotaMet,
      isAwarded: proposedAward({ quotaMet, reported }),
    }
  })
  if (!units.length) {
    throw badRequest(
      '本活动没有报送单位（参与单位或主办单位的下级单位）/ the campaign has no reporting units (participants, or units below its hosts)',
    )
  }
  const doc = await inTransaction(req, () =>
    req.payload.update({
      collection: 'award-lists',
      id: list.id,
      data: {
        units: units.map((row) => ({
          unit: row.unit.id,
          reported: row.reported,
          quotaMet: row.quotaMet,
          isAwarded: row.isAwarded,
          reason: null,
        })),
      },
      depth: 0,
      overrideAccess: false,
      user: req.user,
      context: { [awardsWrite]: 'propose' },
      req,
    }),
  )
  return {
    list: { id: doc.id, title: doc.title ?? '', kind: doc.kind, status: doc.status },
    units,
  }
}
