import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  PayloadRequest,
} from 'payload'

import type { AwardList } from '../payload-types'

import { proposedAward } from './propose'
import { awardsWrite, tierLabel } from './shared'
import { writeAudit } from '../lib/audit'
import { badRequest, conflict, idOf } from '../lib/refusal'

/**
 * A person's edits of an award list (PATCH, GraphQL, the admin). The proposal and the freeze
 * write through their endpoints (`awardsWrite`); a person:
 * - changes nothing once the list is frozen — not the office either (409);
 * - sets the tiers, the jury round and the public share while it is a draft;
 * - in the ranking, changes only a work's `tier` and `reason`, in the units only `isAwarded`
 *   and `reason`: the rest of each row is the proposal's and stays as stored, rows are matched
 *   to the stored ones by row id or by work (unit), rows not sent stay as they are, and a work
 *   (unit) the proposal does not list is refused;
 * - gives a reason for every row that differs from the proposal (400 naming the rows, nothing
 *   written);
 * - never sets the status, frozen at/by or the notice (the system's; kept as stored).
 * Each adjustment is recorded in the audit log with its reason (`recordAdjustments`).
 */

type RankingRow = NonNullable<AwardList['ranking']>[number]
type UnitRow = NonNullable<AwardList['units']>[number]

/** Fields the system keeps: a person's write leaves them as stored. */
const bookkeeping = ['status', 'frozenAt', 'frozenBy', 'notice'] as const

const isSystemWrite = (req: PayloadRequest) => Boolean(req.context[awardsWrite])

const reasonOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

/** The stored rows with a person's `tier`/`isAwarded` and `reason` over them, matched by row id or key. */
const mergeRows = <Row extends { id?: string | null }>({
  sent,
  stored,
  keyOf,
  editable,
  label,
}: {
  sent: Partial<Row>[]
  stored: Row[]
  keyOf: (row: Partial<Row>) => number | undefined
  editable: (keyof Row)[]
  label: { zh: string; en: string; path: string }
}): Row[] => {
  const merged = stored.map((row) => ({ ...row }))
  const unknown: number[] = []
  sent.forEach((row, index) => {
    const target =
      merged.find((each) => row.id && each.id === row.id) ??
      merged.find((each) => keyOf(row) !== undefined && keyOf(each) === keyOf(row))
    if (!target) {
      unknown.push(index)
      return
    }
    for (const field of editable) {
      if (row[field] !== undefined) {
        target[field] = row[field] as Row[keyof Row]
      }
    }
  })
  if (unknown.length) {
    throw badRequest(
      `只能调整建议名单中已有的${label.zh}；要改变名单，请重新生成建议名单 / only the ${label.en} the proposal lists can be adjusted; propose the list again to change who is on it`,
      unknown.map((index) => ({
        path: `${label.path}.${index}`,
        label: `${label.zh}（第 ${index + 1} 行）`,
        message: `不在建议名单中，要改变名单请重新生成建议名单 / row ${index + 1} is not in the proposal: propose the list again to change who is on it`,
      })),
      'award-lists',
    )
  }
  return merged
}

const titlesOf = async (
  req: PayloadRequest,
  collection: 'entries' | 'organizers',
  ids: number[],
) => {
  if (!ids.length) {
    return new Map<number, string>()
  }
  const { docs } = await req.payload.find({
    collection,
    where: { id: { in: ids } },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    select: collection === 'entries' ? { title: true } : { name: true },
    req,
  })
  return new Map(
    docs.map((doc) => [
      Number(doc.id),
      String((doc as { title?: string; name?: string }).title ?? (doc as { name?: string }).name),
    ]),
  )
}

export const guardAdjustments: CollectionBeforeChangeHook<AwardList> = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (isSystemWrite(req)) {
    return data
  }
  const original = originalDoc
  if (original?.status === 'frozen') {
    throw conflict(
      `“${original.title}”已确定，任何人都不能再修改 / "${original.title}" is frozen and can no longer be changed by anyone`,
    )
  }
  if (operation === 'create' || !original) {
    for (const field of bookkeeping) {
      delete (data as Record<string, unknown>)[field]
    }
    // The rows are the proposal's: a new list starts without them.
    delete data.ranking
    delete data.units
    data.status = 'draft'
    return data
  }
  for (const field of bookkeeping) {
    ;(data as Record<string, unknown>)[field] = original[field] ?? null
  }
  if (data.ranking !== undefined && data.ranking !== null) {
    const ranking = mergeRows<RankingRow>({
      sent: data.ranking,
      stored: original.ranking ?? [],
      keyOf: (row) => idOf(row.entry as never),
      editable: ['tier', 'reason'],
      label: { zh: '作品', en: 'works', path: 'ranking' },
    })
    const missing = ranking.flatMap((row, index) =>
      (row.tier ?? null) !== (row.proposedTier ?? null) && !reasonOf(row.reason)
        ? [{ row, index }]
        : [],
    )
    if (missing.length) {
      const titles = await titlesOf(
        req,
        'entries',
        missing.map(({ row }) => idOf(row.entry)!),
      )
      throw badRequest(
        `调整奖项须写明原因 / a tier changed from the proposal needs a reason`,
        missing.map(({ row, index }) => ({
          path: `ranking.${index}.reason`,
          label: `调整原因（第 ${index + 1} 行）`,
          message: `《${titles.get(idOf(row.entry)!) ?? row.entry}》由${tierLabel(row.proposedTier)}改为${tierLabel(row.tier)}，调整奖项须写明原因 / row ${index + 1}: a tier changed from the proposal needs a reason`,
        })),
        'award-lists',
      )
    }
    data.ranking = ranking
  }
  if (data.units !== undefined && data.units !== null) {
    const units = mergeRows<UnitRow>({
      sent: data.units,
      stored: original.units ?? [],
      keyOf: (row) => idOf(row.unit as never),
      editable: ['isAwarded', 'reason'],
      label: { zh: '单位', en: 'units', path: 'units' },
    })
    const missing = units.flatMap((row, index) =>
      Boolean(row.isAwarded) !== proposedAward(row) && !reasonOf(row.reason)
        ? [{ row, index }]
        : [],
    )
    if (missing.length) {
      const names = await titlesOf(
        req,
        'organizers',
        missing.map(({ row }) => idOf(row.unit)!),
      )
      throw badRequest(
        `调整优秀组织单位须写明原因 / a unit awarded against the proposal, or left out of it, needs a reason`,
        missing.map(({ row, index }) => ({
          path: `units.${index}.reason`,
          label: `调整原因（第 ${index + 1} 行）`,
          message: `“${names.get(idOf(row.unit)!) ?? row.unit}”${row.isAwarded ? '未达建议条件而授予' : '达到建议条件而不授予'}，须写明原因 / row ${index + 1}: ${row.isAwarded ? 'awarded against the proposal' : 'left out against the proposal'}, a reason is required`,
        })),
        'award-lists',
      )
    }
    data.units = units
  }
  return data
}

/**
 * The audit log's entry for each adjustment: a `field-change` of the row's tier (or award) with
 * the work, the proposal and the reason, in the write's transaction (no adjustment without its
 * entry). The audit-log plugin records watched fields by value, which for an array row is only
 * its id; the freeze itself (`status`) is the plugin's (`watchedFields` in the config).
 */
export const recordAdjustments: CollectionAfterChangeHook<AwardList> = async ({
  doc,
  previousDoc,
  operation,
  req,
}) => {
  if (operation !== 'update' || isSystemWrite(req) || !req.user) {
    return doc
  }
  const before = new Map((previousDoc?.ranking ?? []).map((row) => [idOf(row.entry), row]))
  const changedWorks = (doc.ranking ?? []).filter((row) => {
    const old = before.get(idOf(row.entry))
    return old && (old.tier ?? null) !== (row.tier ?? null)
  })
  const beforeUnits = new Map((previousDoc?.units ?? []).map((row) => [idOf(row.unit), row]))
  const changedUnits = (doc.units ?? []).filter((row) => {
    const old = beforeUnits.get(idOf(row.unit))
    return old && Boolean(old.isAwarded) !== Boolean(row.isAwarded)
  })
  if (!changedWorks.length && !changedUnits.length) {
    return doc
  }
  const titles = await titlesOf(
    req,
    'entries',
    changedWorks.map((row) => idOf(row.entry)!),
  )
  const names = await titlesOf(
    req,
    'organizers',
    changedUnits.map((row) => idOf(row.unit)!),
  )
  const target = `award-lists #${doc.id}（${doc.title ?? ''}）`
  for (const row of changedWorks) {
    const entry = idOf(row.entry)!
    const from = before.get(entry)?.tier ?? null
    const reason = reasonOf(row.reason)
    await auditAdjustment(req, doc, {
      summary: `${target}：《${titles.get(entry) ?? entry}》奖项由${tierLabel(from)}改为${tierLabel(row.tier)}（建议：${tierLabel(row.proposedTier)}），原因：${reason || '（恢复建议）'} / award-lists #${doc.id}: work #${entry} changed from ${from ?? 'none'} to ${row.tier ?? 'none'} (proposed ${row.proposedTier ?? 'none'}), reason: ${reason || '(back to the proposal)'}`,
      details: {
        field: 'ranking.tier',
        operation: 'adjust',
        entry,
        from,
        to: row.tier ?? null,
        proposed: row.proposedTier ?? null,
        reason: reason || null,
      },
    })
  }
  for (const row of changedUnits) {
    const unit = idOf(row.unit)!
    const reason = reasonOf(row.reason)
    await auditAdjustment(req, doc, {
      summary: `${target}：“${names.get(unit) ?? unit}”${row.isAwarded ? '授予' : '不授予'}优秀组织单位，原因：${reason || '（恢复建议）'} / award-lists #${doc.id}: unit #${unit} ${row.isAwarded ? 'awarded' : 'not awarded'}, reason: ${reason || '(back to the proposal)'}`,
      details: {
        field: 'units.isAwarded',
        operation: 'adjust',
        unit,
        from: Boolean(beforeUnits.get(unit)?.isAwarded),
        to: Boolean(row.isAwarded),
        proposed: proposedAward(row),
        reason: reason || null,
      },
    })
  }
  return doc
}

/** One adjustment of the list, in the audit log. */
const auditAdjustment = (
  req: PayloadRequest,
  doc: AwardList,
  entry: { summary: string; details: Record<string, unknown> },
) => writeAudit(req, { targetCollection: 'award-lists', targetId: String(doc.id), ...entry })

/** A frozen list is the record of the awards: nobody deletes it. */
export const keepFrozenList: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const list = await req.payload.findByID({
    collection: 'award-lists',
    id,
    depth: 0,
    disableErrors: true,
    overrideAccess: true,
    select: { status: true, title: true },
    req,
  })
  if (list?.status === 'frozen') {
    throw conflict(
      `“${list.title}”已确定，不能删除 / "${list.title}" is frozen and cannot be deleted`,
    )
  }
}
