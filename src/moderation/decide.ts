import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { invalidateColumnPull } from '../columns'

import { badRequest, forbidden, idOf, inTransaction, Refusal } from '../lib/refusal'

/**
 * A moderator's decision on comments and contributions: approve (they show in the column) or
 * reject with a reason. Made through `POST /api/interactions/moderate` or the admin's edit and
 * bulk edit alike; the audit log records each state change (src/payload.config.ts watches it).
 */

export type Decision = 'approve' | 'reject'

/** Who decided and when, and a rejection's reason, on every change of state. */
export const recordDecision: CollectionBeforeChangeHook = ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  if (operation !== 'update' || data.state === undefined || data.state === originalDoc?.state) {
    return data
  }
  const reason = String(data.rejectionReason ?? originalDoc?.rejectionReason ?? '').trim()
  if (data.state === 'rejected' && !reason) {
    throw badRequest(
      '不通过时请填写原因 / give a reason when rejecting',
      [{ path: 'rejectionReason', message: '请填写未通过原因 / enter why it is rejected' }],
      'interactions',
    )
  }
  return {
    ...data,
    rejectionReason: data.state === 'rejected' ? reason : null,
    moderatedBy: req.user ? Number(req.user.id) : null,
    moderatedAt: new Date().toISOString(),
  }
}

/** What the column shows changed: its cached pull and feed are built again. */
export const refreshColumnPull: CollectionAfterChangeHook = ({ doc, previousDoc, req }) => {
  if (doc.state === 'approved' || previousDoc?.state === 'approved') {
    invalidateColumnPull(req.payload, idOf(doc.column))
  }
  return doc
}

const maxBatch = 200

/**
 * Decides on several at once, all or nothing: every id must exist and be within the moderator's
 * reach (else 404 naming them, nothing changed).
 */
export const moderate = async ({
  req,
  ids,
  decision,
  reason,
}: {
  req: PayloadRequest
  ids: unknown
  decision: unknown
  reason: unknown
}): Promise<{ decided: number[]; state: 'approved' | 'rejected' }> => {
  if (!req.user) {
    throw new Refusal('请先登录 / log in first', 401)
  }
  if (decision !== 'approve' && decision !== 'reject') {
    throw badRequest('decision 应为 approve 或 reject / decision must be approve or reject')
  }
  const wanted = Array.isArray(ids) ? [...new Set(ids.map(Number))] : []
  if (wanted.length === 0 || wanted.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
    throw badRequest('请列出要审核的编号（ids） / list the ids to decide on (ids)')
  }
  if (wanted.length > maxBatch) {
    throw badRequest(`一次最多审核 ${maxBatch} 条 / at most ${maxBatch} at once`)
  }
  const state = decision === 'approve' ? 'approved' : 'rejected'
  const decided = await inTransaction(req, async () => {
    const { docs } = await req.payload.find({
      collection: 'interactions',
      where: { id: { in: wanted } },
      limit: wanted.length,
      depth: 0,
      overrideAccess: false,
      user: req.user,
      select: { state: true },
      req,
    })
    const found = new Set(docs.map((doc) => Number(doc.id)))
    const missing = wanted.filter((id) => !found.has(id))
    if (missing.length > 0) {
      throw new Refusal(
        `编号 ${missing.join('、')} 不存在或不在你的审核范围，未做任何改动 / ${missing.join(', ')}: not found or not yours to moderate; nothing was changed`,
        404,
      )
    }
    for (const id of wanted) {
      try {
        await req.payload.update({
          collection: 'interactions',
          id,
          data: {
            state,
            ...(typeof reason === 'string' ? { rejectionReason: reason } : {}),
          },
          depth: 0,
          overrideAccess: false,
          user: req.user,
          req,
        })
      } catch (err) {
        // Readable but not theirs to decide (an approved one of another unit).
        if ((err as { status?: number }).status === 403) {
          throw forbidden(
            `编号 ${id} 不在你的审核范围，未做任何改动 / ${id} is not yours to moderate; nothing was changed`,
          )
        }
        throw err
      }
    }
    return wanted
  })
  return { decided, state }
}
