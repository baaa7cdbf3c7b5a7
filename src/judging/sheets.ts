import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
  CollectionConfig,
} from 'payload'

import type { ScoreSheet } from '../payload-types'
import type { JudgingAction } from './shared'

import { actorOf } from '../access/roles'
import { scoreErrors, weightedTotal } from './scoring'
import { isHostOrOffice, judgingWrite, loadRound, requireScoringOpen } from './shared'
import { syncEntryJudges } from './sync'
import { badRequest, conflict, forbidden, idOf } from '../lib/refusal'

/**
 * 评分表 at work. The access rules say whose sheets a caller may touch; these hooks say what may
 * change and when:
 * - sheets are made by the assignment only (`POST /api/judging-rounds/:id/assign`);
 * - their round, work and judge never change, their status only through the endpoints
 *   (submit, declare a conflict, reopen), and the bookkeeping fields (total, submitted at,
 *   reopenings, conflict reason, campaign, title) are the system's;
 * - scores and comment are written by the sheet's own judge only — not the organizer, not the
 *   office — while the sheet is still to score and the round is open, inside its window;
 * - every score is checked against the round's rubric, and the weighted total recomputed.
 * Each refusal is a 4xx in Chinese, then English, and nothing is written.
 */

/** Why a judge's (or anyone's) write on one sheet is refused, before Payload's own generic 403. */
const explainRefusals: CollectionBeforeOperationHook = async ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (overrideAccess || req.context[judgingWrite] || !['update', 'delete'].includes(operation)) {
    return
  }
  const id = (args as { id?: number | string }).id
  if (id === undefined) {
    return
  }
  const sheet = await req.payload.findByID({
    collection: 'score-sheets',
    id,
    depth: 0,
    disableErrors: true,
    select: { judge: true, status: true, campaign: true },
    req,
  })
  if (!sheet) {
    return
  }
  const actor = actorOf(req)
  if (actor.kind === 'judge') {
    if (idOf(sheet.judge) !== actor.userId) {
      throw forbidden('这不是您的评分表 / this score sheet is not yours')
    }
    if (operation === 'delete') {
      throw forbidden('评委不能删除评分表 / judges do not delete score sheets')
    }
    if (sheet.status === 'submitted') {
      throw conflict(
        '评分表已提交并锁定；如需修改，请活动组织者退回 / the sheet is submitted and locked; ask the organizer to reopen it',
      )
    }
    if (sheet.status === 'conflict') {
      throw conflict(
        '您已对该作品声明回避，不能再评分 / you declared a conflict of interest on this work',
      )
    }
    return
  }
  if (!(await isHostOrOffice(req, idOf(sheet.campaign)))) {
    throw forbidden(
      '评分表只由其评委本人和本活动的组织者处理 / a score sheet is handled by its judge and the campaign’s organizers only',
    )
  }
  if (operation === 'delete' && sheet.status !== 'assigned') {
    throw conflict(
      '已提交或已回避的评分表是评审记录，不能删除 / a submitted sheet, or one declared a conflict, is a record of the review and is not deleted',
    )
  }
}

const sameScores = (a: unknown, b: unknown) => {
  const normal = (value: unknown) =>
    ((value as { criterion?: string; score?: number }[] | null | undefined) ?? []).map((row) => [
      row.criterion ?? null,
      row.score ?? null,
    ])
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b))
}

/** Fields the system keeps: a person's write leaves them as stored. */
const bookkeeping = ['campaign', 'title', 'submittedAt', 'reopenings', 'conflictReason', 'total']

const prepareSheet: CollectionBeforeChangeHook<ScoreSheet> = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const action = req.context[judgingWrite] as JudgingAction | undefined
  const original = originalDoc
  if (operation === 'create' && !action && req.user) {
    throw forbidden(
      '评分表由分配评委生成，不能直接新建 / score sheets are made by assigning the round (POST /api/judging-rounds/:id/assign), not created by hand',
    )
  }
  const roundId = idOf(data.round ?? original?.round)
  if (!roundId) {
    return data
  }
  const loaded = await loadRound(req, roundId)
  if (!action && operation === 'update' && original) {
    for (const field of ['round', 'entry', 'judge'] as const) {
      if (data[field] !== undefined && idOf(data[field]) !== idOf(original[field])) {
        throw forbidden(
          '评分表的轮次、作品和评委由分配决定，不能修改 / a sheet’s round, work and judge are set by the assignment',
        )
      }
    }
    if (data.status !== undefined && data.status !== original.status) {
      throw badRequest(
        '评分表的状态只能通过提交、声明回避或退回改变 / a sheet’s status changes only by submitting it, declaring a conflict or reopening it (POST /api/score-sheets/:id/submit, /declare-conflict, /reopen)',
        [{ path: 'status', message: '由系统维护 / kept by the system' }],
        'score-sheets',
      )
    }
    for (const field of bookkeeping) {
      delete (data as Record<string, unknown>)[field]
    }
    const changesScores = data.scores !== undefined && !sameScores(data.scores, original.scores)
    const changesComment =
      data.comment !== undefined && (data.comment ?? '') !== (original.comment ?? '')
    if (changesScores || changesComment) {
      const actor = actorOf(req)
      if (req.user && (actor.kind !== 'judge' || idOf(original.judge) !== actor.userId)) {
        throw forbidden(
          '只有评分表的评委本人可以打分和写评语，活动组织者不能代为评分 / only the sheet’s judge scores it and writes its comment; organizers do not score for judges',
        )
      }
      if (original.status !== 'assigned') {
        throw conflict(
          '评分表已提交或已回避，不能再修改 / the sheet is submitted or declared a conflict',
        )
      }
      requireScoringOpen(loaded)
    }
  }
  const { criteria } = loaded.round
  if (data.scores !== undefined) {
    const errors = scoreErrors({ criteria, scores: data.scores })
    if (errors.length) {
      throw badRequest(errors.map((error) => error.message).join('；'), errors, 'score-sheets')
    }
    data.scores = (data.scores ?? []).map((row) => ({ ...row, criterion: row.criterion.trim() }))
  }
  data.total = weightedTotal({ criteria, scores: data.scores ?? original?.scores })
  data.campaign = loaded.campaign.id ?? null
  return data
}

/** A sheet made, withdrawn or declared a conflict changes who reads its work (`syncEntryJudges`). */
const syncAfterChange: CollectionAfterChangeHook<ScoreSheet> = async ({
  doc,
  previousDoc,
  operation,
  req,
}) => {
  // The assignment syncs every work once, after all its sheets are written.
  if (req.context[judgingWrite] === 'assign') {
    return doc
  }
  if (operation === 'create' || previousDoc?.status !== doc.status) {
    await syncEntryJudges({ req, entryIds: [idOf(doc.entry)!] })
  }
  return doc
}

const syncAfterDelete: CollectionAfterDeleteHook<ScoreSheet> = async ({ doc, req }) => {
  await syncEntryJudges({ req, entryIds: [idOf(doc.entry)!] })
  return doc
}

export const scoreSheetHooks: CollectionConfig['hooks'] = {
  beforeOperation: [explainRefusals],
  beforeChange: [prepareSheet as CollectionBeforeChangeHook],
  afterChange: [syncAfterChange as CollectionAfterChangeHook],
  afterDelete: [syncAfterDelete as CollectionAfterDeleteHook],
}
