import type { PayloadRequest } from 'payload'

import { awardTiers } from '../../collections/Entries'
import { actorOf } from '../access/roles'
import { loadList, requireHostOrOffice, tierLabel } from './shared'
import { badRequest, conflict, idOf } from '../lib/refusal'

/**
 * `POST /api/award-lists/:id/recommend` `{ tiers? }` (向上级活动推荐获奖作品): once a list of
 * works is frozen, its prize-winners — of the tiers asked, every prize by default — go into a
 * draft report batch from the campaign's host into the campaign it implements (a province's
 * winners to the national campaign). The organizer reads the draft, adds a cover note and
 * submits it as any batch (src/reporting/batches.ts): the works then arrive above as reported
 * works naming their origin, and the mail goes out. Nothing is reported until then; a work
 * already recommended is refused at submission.
 */
export const recommendWinners = async ({
  req,
  listId,
  body,
}: {
  req: PayloadRequest
  listId: unknown
  body: Record<string, unknown>
}) => {
  const list = await loadList(req, listId)
  const campaignId = idOf(list.campaign)
  await requireHostOrOffice(req, campaignId, {
    zh: '推荐获奖作品',
    en: 'recommend the winners upward',
  })
  if (list.kind === 'organizing-units') {
    throw badRequest(
      '优秀组织单位名单没有作品可推荐 / a list of organizing units has no works to recommend',
    )
  }
  if (list.status !== 'frozen') {
    throw conflict(
      `“${list.title}”尚未确定，确定名单后才能推荐获奖作品 / "${list.title}" is not frozen yet: freeze it before recommending its winners`,
    )
  }
  const tiers = tiersAsked(body.tiers)
  const campaign = await req.payload.findByID({
    collection: 'campaigns',
    id: campaignId!,
    depth: 0,
    select: { name: true, hosts: true, parent: true },
    req,
  })
  if (!idOf(campaign.parent)) {
    throw conflict(
      `“${campaign.name}”未落实上级活动，获奖作品无处推荐 / "${campaign.name}" implements no parent campaign: there is nowhere to recommend to`,
    )
  }
  const winners = (list.ranking ?? []).filter((row) => row.tier && tiers.includes(row.tier))
  if (winners.length === 0) {
    throw conflict(
      `名单中没有${tiers.map(tierLabel).join('、')}作品 / the list has no works of the tiers asked`,
    )
  }
  // The organizer's own unit when it hosts the campaign; for the national office, the first host.
  const hosts = (campaign.hosts ?? []).map((host) => idOf(host)!)
  const actor = actorOf(req)
  const fromUnit =
    actor.kind === 'organizer' && actor.organizerId && hosts.includes(actor.organizerId)
      ? actor.organizerId
      : hosts[0]
  const counts = tiers
    .map((tier) => [tier, winners.filter((row) => row.tier === tier).length] as const)
    .filter(([, count]) => count > 0)
  const batch = await req.payload.create({
    collection: 'report-batches',
    data: {
      campaign: campaignId!,
      subProject: idOf(list.subProject) ?? null,
      fromUnit,
      entries: winners.map((row) => idOf(row.entry)!),
      note: `${list.title}获奖作品：${counts.map(([tier, count]) => `${tierLabel(tier)} ${count} 件`).join('，')}。`,
      status: 'draft',
    },
    overrideAccess: false,
    user: req.user,
    depth: 0,
    req,
  })
  return {
    message: `已生成向上级活动推荐的报送批次草稿（${winners.length} 件），请核对后报送 / a draft batch of ${winners.length} works into the parent campaign: check it, then report it`,
    batch: { id: batch.id, title: batch.title, toCampaign: idOf(batch.toCampaign) ?? null },
    works: winners.length,
    tiers: counts.map(([tier, count]) => ({ tier, label: tierLabel(tier), count })),
  }
}

/** The tiers asked: known prize tiers, every one by default. */
const tiersAsked = (value: unknown): string[] => {
  const known = awardTiers.map((tier) => tier.value)
  if (value === undefined || value === null) {
    return known
  }
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((tier) => typeof tier !== 'string' || !known.includes(tier))
  ) {
    throw badRequest(
      `tiers 应为奖项列表，取值 ${known.join('、')} / tiers: a list of ${known.join(', ')}`,
    )
  }
  return value as string[]
}
