import type { PayloadRequest } from 'payload'

import { loadRound } from '../judging/shared'
import { draftResultsNotice, resultsNoticeTitle } from './notice'
import { conflict, idOf } from '../lib/refusal'
import { awardsWrite, loadList, requireHostOrOffice } from './shared'
import { inTransaction } from '../lib/refusal'

/**
 * `POST /api/award-lists/:id/freeze` (确定名单): the list as adjusted becomes final, all in one
 * transaction, or nothing is written:
 * - works: refused until the list was proposed and its jury round is closed. Each ranked work
 *   gets its tier as `awardTier` (none for a work without one) and the status 获奖 / 未获奖;
 *   a work already published (public, as the vote needs it) stays published with its prize, so
 *   freezing never takes a work off the partner sites and H5 pages. Works the final round did
 *   not rank (out in an earlier round, never scored) are not touched.
 * - organizing units: refused until proposed; nothing is written on the units.
 * - the list: status 已确定, frozen at and by (the audit log records the status change: the
 *   config watches it), and the campaign's results notice (通报) drafted or redrafted from all
 *   its frozen lists (`draftResultsNotice`), linked as `notice`.
 * Written as the organizer: its own rules let a campaign's host award the campaign's works.
 */
export const freezeList = async ({ req, listId }: { req: PayloadRequest; listId: unknown }) => {
  const list = await loadList(req, listId)
  await requireHostOrOffice(req, idOf(list.campaign), { zh: '确定名单', en: 'freeze a list' })
  if (list.status === 'frozen') {
    throw conflict(`“${list.title}”已确定 / "${list.title}" is already frozen`)
  }
  const isWorks = list.kind !== 'organizing-units'
  const isProposed = isWorks ? Boolean(list.ranking?.length) : Boolean(list.units?.length)
  if (!isProposed) {
    throw conflict(
      `“${list.title}”尚未生成建议名单，请先生成 / "${list.title}" has not been proposed yet: propose it first (POST /api/award-lists/${list.id}/propose)`,
    )
  }
  if (isWorks) {
    const roundId = idOf(list.juryRound)
    const loaded = roundId ? await loadRound(req, roundId) : null
    if (loaded?.round.status !== 'closed') {
      throw conflict(
        `评审轮次“${loaded?.round.title ?? ''}”尚未结束，请先结束评审再确定名单 / the jury round "${loaded?.round.title ?? ''}" is not closed yet: close it before freezing`,
      )
    }
  }
  const as = { overrideAccess: false, user: req.user, depth: 0, req } as const
  const context = { [awardsWrite]: 'freeze' }
  return inTransaction(req, async () => {
    let awarded = 0
    let notAwarded = 0
    if (isWorks) {
      const ids = (list.ranking ?? []).map((row) => idOf(row.entry)!)
      const { docs: works } = await req.payload.find({
        collection: 'entries',
        where: { id: { in: ids } },
        limit: 0,
        pagination: false,
        overrideAccess: true,
        select: { status: true },
        depth: 0,
        req,
      })
      for (const row of list.ranking ?? []) {
        const id = idOf(row.entry)!
        const status = works.find((work) => Number(work.id) === id)?.status
        const tier = row.tier ?? null
        if (tier) {
          awarded++
        } else {
          notAwarded++
        }
        await req.payload.update({
          collection: 'entries',
          id,
          data: {
            awardTier: tier,
            ...(status === 'published' ? {} : { status: tier ? 'awarded' : 'not-awarded' }),
          },
          context,
          ...as,
        })
      }
    }
    await req.payload.update({
      collection: 'award-lists',
      id: list.id,
      data: { status: 'frozen', frozenAt: new Date().toISOString(), frozenBy: req.user!.id },
      context,
      ...as,
    })
    const noticeId = await draftResultsNotice({ req, campaignId: idOf(list.campaign)! })
    const doc = await req.payload.update({
      collection: 'award-lists',
      id: list.id,
      data: { notice: noticeId },
      context,
      ...as,
    })
    const notice = await req.payload.findByID({
      collection: 'notices',
      id: noticeId,
      depth: 0,
      draft: true,
      overrideAccess: true,
      select: { title: true },
      req,
    })
    return {
      list: { id: doc.id, title: doc.title, status: doc.status, frozenAt: doc.frozenAt },
      works: isWorks ? { awarded, notAwarded } : undefined,
      notice: { id: noticeId, title: notice.title ?? resultsNoticeTitle('') },
    }
  })
}
