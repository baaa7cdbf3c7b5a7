import type { PayloadRequest, Where } from 'payload'

import { extractID } from 'payload/shared'

import { optionsOf } from '../types'

/** Matches nothing: a site taking no campaign is given nothing. */
const nothing: Where = { id: { equals: 0 } }

/**
 * Ids of the campaigns a partner site takes (its push settings: `push.campaigns`), looked up
 * once per request. The plugin admits a partner's key to a campaign's feed, receipts and
 * acknowledgements by them; an app whose partners read content through its own access rules
 * composes them there (`campaignsTakenWhere`) instead of reading the plugin's fields.
 */
export const partnerCampaignIds = async (
  req: PayloadRequest,
  partnerSiteId: number | undefined,
): Promise<number[]> => {
  if (!partnerSiteId) {
    return []
  }
  const cacheKey = `partnerCampaigns:${partnerSiteId}`
  const cached = req.context[cacheKey] as number[] | undefined
  if (cached) {
    return cached
  }
  const site = (await req.payload.findByID({
    collection: optionsOf(req.payload).slugs.partnerSites,
    id: partnerSiteId,
    depth: 0,
    disableErrors: true,
    select: { push: { campaigns: true } },
    req,
  })) as { push?: { campaigns?: (number | { id: number })[] | null } | null } | null
  const ids = (site?.push?.campaigns ?? []).map((campaign) => extractID(campaign))
  req.context[cacheKey] = ids
  return ids
}

/** A `Where` on a campaign relationship `field` for the campaigns the partner site takes (nothing when none). */
export const campaignsTakenWhere = async (
  req: PayloadRequest,
  field: string,
  partnerSiteId: number | undefined,
): Promise<Where> => {
  const ids = await partnerCampaignIds(req, partnerSiteId)
  return ids.length ? { [field]: { in: ids } } : nothing
}
