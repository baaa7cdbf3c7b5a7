import type { Endpoint, PayloadRequest } from 'payload'

import type { ScoreSheet } from '../payload-types'

import { actorOf } from '../access/roles'
import { writeAudit } from '../lib/audit'
import {
  answering,
  badRequest,
  bodyOf,
  conflict,
  forbidden,
  idOf,
  inTransaction,
  notFound,
  Refusal,
} from '../lib/refusal'
import { assignRound, roundResults } from './assign'
import { scoreErrors, unscored } from './scoring'
import {
  judgingWrite,
  loadRound,
  requireHostOrOffice,
  requiredReason,
  requireScoringOpen,
} from './shared'

/**
 * The judging endpoints: `POST /api/judging-rounds/:id/assign` and `GET …/:id/results` for the
 * campaign's organizers and the office; `POST /api/score-sheets/:id/submit` and
 * `/declare-conflict` for the sheet's judge, `/reopen` for the organizers. Every refusal is a 4xx
 * in Payload's error shape, Chinese first; a write is all or nothing.
 */

const idParam = (req: PayloadRequest) => Number(req.routeParams?.id)

export const judgingRoundEndpoints: Endpoint[] = [
  {
    path: '/:id/assign',
    method: 'post',
    handler: answering(async (req) =>
      Response.json(await assignRound({ req, roundId: idParam(req) })),
    ),
  },
  {
    path: '/:id/results',
    method: 'get',
    handler: answering(async (req) =>
      Response.json(await roundResults({ req, roundId: idParam(req) }), {
        headers: { 'cache-control': 'private, no-store' },
      }),
    ),
  },
]

/** The sheet as stored, or 404. */
const loadSheet = async (req: PayloadRequest): Promise<ScoreSheet> => {
  const id = idParam(req)
  const sheet = Number.isInteger(id)
    ? await req.payload.findByID({
        collection: 'score-sheets',
        id,
        depth: 0,
        disableErrors: true,
        req,
      })
    : null
  if (!sheet) {
    throw notFound(`没有编号为 ${id} 的评分表 / no score sheet ${id}`)
  }
  return sheet
}

/** The sheet, if the caller is its judge. */
const ownSheet = async (req: PayloadRequest, what: string): Promise<ScoreSheet> => {
  if (!req.user) {
    throw new Refusal('请先登录 / log in first', 401)
  }
  const sheet = await loadSheet(req)
  const actor = actorOf(req)
  if (actor.kind !== 'judge' || idOf(sheet.judge) !== actor.userId) {
    throw forbidden(
      `只有评分表的评委本人可以${what.split(' / ')[0]} / only the sheet’s judge may ${what.split(' / ')[1]}`,
    )
  }
  return sheet
}

const summary = (sheet: ScoreSheet) => ({
  id: Number(sheet.id),
  status: sheet.status,
  total: sheet.total ?? null,
  submittedAt: sheet.submittedAt ?? null,
  conflictReason: sheet.conflictReason ?? null,
  reopenings: sheet.reopenings ?? [],
})

const update = (req: PayloadRequest, id: number, data: Partial<ScoreSheet>, action: string) =>
  req.payload.update({
    collection: 'score-sheets',
    id,
    data,
    depth: 0,
    context: { [judgingWrite]: action },
    req,
  })

export const scoreSheetEndpoints: Endpoint[] = [
  {
    // 提交: the judge's scores are final (locked) once every criterion is scored. The body may
    // carry the last `scores` and `comment`, checked as a save would check them.
    path: '/:id/submit',
    method: 'post',
    handler: answering(async (req) => {
      const sheet = await ownSheet(req, '提交 / submit it')
      if (sheet.status === 'submitted') {
        throw conflict('评分表已提交并锁定 / the sheet is already submitted and locked')
      }
      if (sheet.status === 'conflict') {
        throw conflict('您已对该作品声明回避 / you declared a conflict of interest on this work')
      }
      const loaded = await loadRound(req, idOf(sheet.round)!)
      requireScoringOpen(loaded)
      const body = await bodyOf(req)
      const scores = (
        body.scores !== undefined ? body.scores : sheet.scores
      ) as ScoreSheet['scores']
      const errors = scoreErrors({ criteria: loaded.round.criteria, scores })
      if (errors.length) {
        throw badRequest(errors.map((error) => error.message).join('；'), errors, 'score-sheets')
      }
      const missing = unscored({ criteria: loaded.round.criteria, scores })
      if (missing.length) {
        throw badRequest(
          `还有评分项未打分：${missing.join('、')} / not scored yet: ${missing.join(', ')}`,
        )
      }
      const doc = await inTransaction(req, () =>
        update(
          req,
          Number(sheet.id),
          {
            scores,
            ...(typeof body.comment === 'string' ? { comment: body.comment } : {}),
            status: 'submitted',
            submittedAt: new Date().toISOString(),
          },
          'submit',
        ),
      )
      return Response.json({ message: '已提交 / submitted', doc: summary(doc) })
    }),
  },
  {
    // 回避: the judge names the reason; it no longer reads the work, and the next assignment
    // gives the work another judge.
    path: '/:id/declare-conflict',
    method: 'post',
    handler: answering(async (req) => {
      const sheet = await ownSheet(req, '声明回避 / declare a conflict on it')
      if (sheet.status === 'conflict') {
        throw conflict('已声明回避 / a conflict is already declared on this sheet')
      }
      if (sheet.status === 'submitted') {
        throw conflict(
          '评分表已提交；如需回避，请活动组织者先退回 / the sheet is submitted: ask the organizer to reopen it first',
        )
      }
      const loaded = await loadRound(req, idOf(sheet.round)!)
      if (loaded.round.status === 'closed') {
        throw forbidden(`评审轮次“${loaded.round.title}”已结束 / the round is closed`)
      }
      const reason = requiredReason(await bodyOf(req), '回避 / declaring a conflict')
      const doc = await inTransaction(req, () =>
        update(
          req,
          Number(sheet.id),
          { status: 'conflict', conflictReason: reason, scores: [], comment: null },
          'conflict',
        ),
      )
      return Response.json({ message: '已声明回避 / conflict declared', doc: summary(doc) })
    }),
  },
  {
    // 退回: the organizer sends a submitted sheet back to its judge, with a reason that the sheet
    // keeps (reopenings) and the audit log records.
    path: '/:id/reopen',
    method: 'post',
    handler: answering(async (req) => {
      const sheet = await loadSheet(req)
      await requireHostOrOffice(req, idOf(sheet.campaign), '退回评分表 / reopen score sheets')
      if (sheet.status !== 'submitted') {
        throw conflict('只能退回已提交的评分表 / only a submitted sheet is reopened')
      }
      const loaded = await loadRound(req, idOf(sheet.round)!)
      if (loaded.round.status === 'closed') {
        throw conflict(
          `评审轮次“${loaded.round.title}”已结束，请先重新开放 / the round is closed: open it again first`,
        )
      }
      const reason = requiredReason(await bodyOf(req), '退回 / reopening')
      const at = new Date().toISOString()
      const by = Number(req.user!.id)
      const doc = await inTransaction(req, async () => {
        const reopened = await update(
          req,
          Number(sheet.id),
          {
            status: 'assigned',
            submittedAt: null,
            reopenings: [
              ...(sheet.reopenings ?? []).map((row) => ({
                at: row.at,
                by: idOf(row.by),
                reason: row.reason,
              })),
              { at, by, reason },
            ],
          },
          'reopen',
        )
        await recordReopening({ req, sheet: reopened, reason })
        return reopened
      })
      return Response.json({ message: '已退回 / reopened', doc: summary(doc) })
    }),
  },
]

/**
 * The audit log's entry for a reopening. The audit-log plugin records changes of the fields an
 * app names (`watchedFields`), with old and new values but no reason; a reopening is recorded
 * here instead, as a `field-change` of the sheet's status with the reason, in the reopening's
 * transaction (no reopening without its entry). Written as the plugin writes its own entries.
 */
const recordReopening = async ({
  req,
  sheet,
  reason,
}: {
  req: PayloadRequest
  sheet: ScoreSheet
  reason: string
}) => {
  await writeAudit(req, {
    targetCollection: 'score-sheets',
    targetId: String(sheet.id),
    summary: `score-sheets #${sheet.id}（${sheet.title ?? ''}）：评分表由已提交退回待评，原因：${reason} / score-sheets #${sheet.id}: reopened from submitted to assigned, reason: ${reason}`,
    details: {
      field: 'status',
      from: 'submitted',
      to: 'assigned',
      operation: 'reopen',
      reason,
      judge: idOf(sheet.judge),
      entry: idOf(sheet.entry),
      round: idOf(sheet.round),
    },
  })
}
