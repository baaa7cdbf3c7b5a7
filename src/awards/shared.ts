import type { PayloadRequest } from 'payload'

import type { AwardList } from '../payload-types'

import { awardTiers } from '../../collections/Entries'
import { actorOf, hostedCampaignIds } from '../access/roles'
import { forbidden, notFound } from '../lib/refusal'

/**
 * What the award modules share: the context key of their own writes, refusals as the REST API
 * answers them, the list as stored and who may act on it.
 */

/**
 * `req.context` key of the award modules' own writes (the proposal, the freeze, the prizes on the
 * works). Its value names the action; a write without it is a person's edit, held to the rules
 * of `adjust.ts` (only tiers and reasons change, a changed tier has a reason, nothing once frozen).
 */
export const awardsWrite = 'awards:write'

export type AwardsAction = 'propose' | 'freeze'

/** The Chinese name of a tier (`first` → 一等奖); `—` for none. */
export const tierLabel = (tier: string | null | undefined): string =>
  tier ? (awardTiers.find((each) => each.value === tier)?.label.zh ?? tier) : '—'

/** Tiers in their order of rank (一等奖 first), for tables that list them highest first. */
export const tierOrder = (tier: string | null | undefined): number => {
  const index = awardTiers.findIndex((each) => each.value === tier)
  return index < 0 ? awardTiers.length : index
}

/**
 * The list as stored, whoever asks: the endpoints decide who may act on it by its campaign
 * (`requireHostOrOffice`), so that a unit editor or a judge meets a 403 that says why.
 */
export const loadList = async (req: PayloadRequest, id: unknown): Promise<AwardList> => {
  const listId = Number(id)
  const list = Number.isInteger(listId)
    ? await req.payload.findByID({
        collection: 'award-lists',
        id: listId,
        depth: 0,
        disableErrors: true,
        overrideAccess: true,
        req,
      })
    : null
  if (!list) {
    throw notFound(`没有编号为 ${String(id)} 的评奖结果 / no award list ${String(id)}`)
  }
  return list
}

/** The national office, or an organizer whose unit hosts the campaign. */
export const isHostOrOffice = async (
  req: PayloadRequest,
  campaignId: number | undefined,
): Promise<boolean> => {
  const actor = actorOf(req)
  if (actor.kind === 'admin') {
    return true
  }
  return (
    actor.kind === 'organizer' &&
    campaignId !== undefined &&
    (await hostedCampaignIds(req, actor.organizerId)).includes(campaignId)
  )
}

/**
 * Refuses anyone but the national office and the campaign's organizers, the anonymous included
 * (403 like the rest: award lists are not a thing the public may ask about at all).
 */
export const requireHostOrOffice = async (
  req: PayloadRequest,
  campaignId: number | undefined,
  what: { zh: string; en: string },
) => {
  if (!(await isHostOrOffice(req, campaignId))) {
    throw forbidden(
      `只有本活动主办单位的活动组织者和全国办公室可以${what.zh} / only the campaign's organizers and the national office ${what.en}`,
    )
  }
}
