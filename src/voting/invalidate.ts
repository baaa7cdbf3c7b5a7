import type { PayloadRequest, Where } from 'payload'

import { sql } from 'drizzle-orm'
import { commitTransaction, initTransaction, killTransaction } from 'payload'

import type { ResolvedAuditLogOptions } from '../../plugins/audit-log/types'
import type { VotingOptions } from './options'

import { actorOf as auditActorOf } from '../../plugins/audit-log/utilities/requestMeta'
import { writeEntry } from '../../plugins/audit-log/utilities/writeEntry'
import { poolOf } from '../../plugins/shared/pool'
import { partnerAccountsSlug } from '../access/roles'
import { forgetCounts } from './counts'
import { flagVotes } from './flags'
import { refuse } from './refusal'

/** The audit log as src/payload.config.ts sets it up: its collection and the header with the client address. */
const auditOptions: ResolvedAuditLogOptions = {
  actorCollections: ['users', partnerAccountsSlug],
  collectionSlug: 'audit-log',
  ipHeader: 'x-real-ip',
  publishedWhen: {},
  readerCollections: [],
  retentionDays: 365,
  watchedFields: {},
}

const flagValues = ['address-burst', 'code-burst', 'same-agent'] as const

export type InvalidateBody = {
  /** Vote ids. */
  votes?: unknown
  /** Or the votes matching: a work or a sub-project, optionally one flag and one day. */
  filter?: unknown
  /** Why (required): kept on every vote and in the audit log. */
  reason?: unknown
}

const maxReasonLength = 500
const maxIds = 10_000

/** The ids, or the `Where` of the filter, from the body; a 400 for anything else. */
const selectionOf = (
  body: InvalidateBody,
): { ids: number[] } | { where: Where; subProjects: number[]; entry?: number } => {
  if (body.votes !== undefined) {
    const ids = Array.isArray(body.votes) ? body.votes : []
    if (
      !ids.length ||
      ids.length > maxIds ||
      !ids.every((id) => Number.isInteger(id) && (id as number) > 0)
    ) {
      throw refuse(
        400,
        `votes 应为 1 到 ${maxIds} 个投票编号 / votes must list 1 to ${maxIds} vote ids`,
      )
    }
    return { ids: [...new Set(ids as number[])] }
  }
  const filter = (body.filter ?? null) as Record<string, unknown> | null
  if (!filter || typeof filter !== 'object') {
    throw refuse(
      400,
      '请指定要作废的投票：votes（编号）或 filter（作品或子项目，可加异常标记） / name the votes to invalidate: votes (ids) or filter (a work or a sub-project, optionally a flag)',
    )
  }
  const known = ['entry', 'subProject', 'flag', 'day']
  const unknown = Object.keys(filter).filter((key) => !known.includes(key))
  if (unknown.length) {
    throw refuse(
      400,
      `filter 不支持 ${unknown.join('、')}，可用 entry、subProject、flag、day / filter does not take ${unknown.join(', ')}: use entry, subProject, flag, day`,
    )
  }
  const isId = (value: unknown) => Number.isInteger(value) && (value as number) > 0
  if (!isId(filter.entry) && !isId(filter.subProject)) {
    throw refuse(
      400,
      'filter 须指定作品（entry）或子项目（subProject） / filter must name a work (entry) or a sub-project (subProject)',
    )
  }
  const and: Where[] = []
  if (filter.entry !== undefined) {
    if (!isId(filter.entry)) {
      throw refuse(400, 'filter.entry 应为作品编号 / filter.entry must be a work id')
    }
    and.push({ entry: { equals: filter.entry } })
  }
  if (filter.subProject !== undefined) {
    if (!isId(filter.subProject)) {
      throw refuse(
        400,
        'filter.subProject 应为子项目编号 / filter.subProject must be a sub-project id',
      )
    }
    and.push({ subProject: { equals: filter.subProject } })
  }
  if (filter.flag !== undefined) {
    if (!flagValues.includes(filter.flag as never)) {
      throw refuse(
        400,
        `filter.flag 应为 ${flagValues.join('、')} 之一 / filter.flag must be one of ${flagValues.join(', ')}`,
      )
    }
    and.push({ flags: { in: [filter.flag] } })
  }
  if (filter.day !== undefined) {
    if (typeof filter.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(filter.day)) {
      throw refuse(400, 'filter.day 应为 yyyy-MM-dd 日期 / filter.day must be a yyyy-MM-dd date')
    }
    and.push({ day: { equals: filter.day } })
  }
  return {
    where: { and },
    subProjects: isId(filter.subProject) ? [filter.subProject as number] : [],
    entry: isId(filter.entry) ? (filter.entry as number) : undefined,
  }
}

/**
 * `POST /api/votes/invalidate`: marks votes invalid (作废) with the reason, when and by whom;
 * never deletes them. The caller may invalidate the votes it may read — the campaign's hosts
 * and the office (`voteRules`) — and a list naming any other vote is refused whole. The update
 * and its audit entry (one per invalidation, naming every vote) commit together. A filter on a
 * flag sweeps the sub-project's flags first, so it acts on what the tally shows.
 */
export const invalidateVotes = async ({
  req,
  body,
  options,
}: {
  req: PayloadRequest
  body: InvalidateBody
  options: VotingOptions
}): Promise<{ invalidated: number[]; alreadyInvalid: number[] }> => {
  const { payload } = req
  const actor = req.user
  if (!actor) {
    throw refuse(401, '请先登录 / log in first')
  }
  const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
  if (!reason || reason.length > maxReasonLength) {
    throw refuse(
      400,
      `请填写作废原因（reason，不超过 ${maxReasonLength} 字） / give the reason (reason, at most ${maxReasonLength} characters)`,
    )
  }
  const selection = selectionOf(body)
  if ('where' in selection) {
    const pool = poolOf(payload)
    const subProjects = selection.subProjects.length
      ? selection.subProjects
      : (
          await pool.query<{ sub_project_id: number }>(
            'select sub_project_id from entries where id = $1',
            [selection.entry],
          )
        ).rows.map((row) => row.sub_project_id)
    for (const subProjectId of subProjects) {
      await flagVotes({ pool, scope: { subProjectId }, options })
    }
  }
  const { docs } = await payload.find({
    collection: 'votes',
    where: 'ids' in selection ? { id: { in: selection.ids } } : selection.where,
    overrideAccess: false,
    user: actor,
    req,
    depth: 0,
    pagination: false,
    select: { entry: true, subProject: true, valid: true },
  })
  if ('ids' in selection) {
    const found = new Set(docs.map((doc) => Number(doc.id)))
    const missing = selection.ids.filter((id) => !found.has(id))
    if (missing.length) {
      throw refuse(
        404,
        `没有这些投票，或无权作废：${missing.slice(0, 20).join('、')} / no such votes, or not yours to invalidate: ${missing.slice(0, 20).join(', ')}`,
      )
    }
  }
  const alreadyInvalid = docs.filter((doc) => doc.valid === false).map((doc) => Number(doc.id))
  const toInvalidate = docs.filter((doc) => doc.valid !== false).map((doc) => Number(doc.id))
  if (!toInvalidate.length) {
    return { invalidated: [], alreadyInvalid }
  }
  const shouldCommit = await initTransaction(req)
  try {
    const transactionID = await req.transactionID!
    const session = (
      payload.db as unknown as {
        sessions: Record<
          string,
          { db: { execute: (query: unknown) => Promise<{ rows: { id: number }[] }> } }
        >
      }
    ).sessions[String(transactionID)]
    const at = new Date()
    const { rows } = await session!.db.execute(
      sql`update votes set valid = false, invalidation_reason = ${reason},
                invalidation_at = ${at.toISOString()}, invalidation_by_id = ${Number(actor.id)},
                updated_at = now()
           where id = any(${`{${toInvalidate.join(',')}}`}::int[]) and valid is not false
           returning id`,
    )
    const invalidated = rows.map((row) => Number(row.id)).sort((a, b) => a - b)
    const { actor: auditActor, actorLabel } = auditActorOf({
      actorCollections: auditOptions.actorCollections,
      req,
    })
    const entries = [...new Set(docs.map((doc) => Number(doc.entry)))]
    const works = entries.length === 1 ? `作品 #${entries[0]} 的` : ''
    const worksEn = entries.length === 1 ? ` of work #${entries[0]}` : ''
    await writeEntry({
      entry: {
        action: 'field-change',
        actor: auditActor,
        actorLabel,
        targetCollection: 'votes',
        targetId: invalidated.length === 1 ? invalidated[0] : null,
        summary:
          `作废${works} ${invalidated.length} 张网络投票，原因：${reason}` +
          ` / invalidated ${invalidated.length} votes${worksEn}: ${reason}`,
        details: {
          field: 'valid',
          from: true,
          to: false,
          reason,
          votes: invalidated,
          entries,
          ...('where' in selection ? { filter: body.filter } : {}),
        },
      },
      options: auditOptions,
      req,
    })
    if (shouldCommit) {
      await commitTransaction(req)
    }
    forgetCounts({
      payload,
      entryIds: entries,
      subProjectIds: [...new Set(docs.map((doc) => Number(doc.subProject)))],
    })
    return { invalidated, alreadyInvalid }
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}
