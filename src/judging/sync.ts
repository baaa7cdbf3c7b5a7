import type { PayloadRequest } from 'payload'

import { judgingWrite } from './shared'
import { idOf } from '../lib/refusal'

/**
 * Keeps `entries.judges` — what the entries' access rule gives a judge to read — in step with
 * the score sheets: a judge reads a work while it has a sheet on it, still to score or
 * submitted, in an open round. So judges are added when a round is assigned or opened and
 * removed when it closes or the judge declares a conflict. Judges set on a work by hand, with
 * no sheet on it, are left alone.
 *
 * Written through the Local API in the caller's request (same transaction, the works' own hooks
 * run, so the files' `usage.judges` follows), marked as the judging modules' own write.
 */
export const syncEntryJudges = async ({
  req,
  entryIds,
}: {
  req: PayloadRequest
  entryIds: number[]
}): Promise<void> => {
  const ids = [...new Set(entryIds)]
  if (!ids.length) {
    return
  }
  const { docs: sheets } = await req.payload.find({
    collection: 'score-sheets',
    where: { entry: { in: ids } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { entry: true, judge: true, status: true, round: true },
    req,
  })
  const roundIds = [...new Set(sheets.map((sheet) => idOf(sheet.round)!))]
  const { docs: rounds } = roundIds.length
    ? await req.payload.find({
        collection: 'judging-rounds',
        where: { id: { in: roundIds } },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { status: true },
        req,
      })
    : { docs: [] }
  const open = new Set(
    rounds.filter((round) => round.status === 'open').map((round) => Number(round.id)),
  )
  const { docs: works } = await req.payload.find({
    collection: 'entries',
    where: { id: { in: ids } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { judges: true },
    req,
  })
  for (const work of works) {
    const own = sheets.filter((sheet) => idOf(sheet.entry) === Number(work.id))
    const involved = new Set(own.map((sheet) => idOf(sheet.judge)!))
    const reading = own
      .filter((sheet) => sheet.status !== 'conflict' && open.has(idOf(sheet.round)!))
      .map((sheet) => idOf(sheet.judge)!)
    const current = (work.judges ?? []).map((judge) => idOf(judge)!)
    const desired = [
      ...new Set([...current.filter((judge) => !involved.has(judge)), ...reading]),
    ].sort((a, b) => a - b)
    if (JSON.stringify([...current].sort((a, b) => a - b)) === JSON.stringify(desired)) {
      continue
    }
    await req.payload.update({
      collection: 'entries',
      id: work.id,
      data: { judges: desired },
      depth: 0,
      context: { [judgingWrite]: 'sync' },
      req,
    })
  }
}
