import type { PartnerCampaigns, UnifiedCampaignAccess } from '../../plugins/unified-campaign'

import { actorOf, hostedCampaignIds, isStaff, partnerCampaignIds } from './roles'

/**
 * Who may do what the unified-campaign plugin (四个统一) adds, by this app's roles: the national
 * office everything; an organizer reads the reports of the campaigns its unit hosts; partner
 * sites and office staff recommend works; only the national office selects 精品.
 */
export const unifiedCampaignAccess: Required<UnifiedCampaignAccess> = {
  readReports: async ({ req, campaignId }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return (
      actor.kind === 'organizer' &&
      (await hostedCampaignIds(req, actor.organizerId)).includes(campaignId)
    )
  },
  // Content outside every campaign is the national office's to see to.
  readStanding: ({ req }) => actorOf(req).kind === 'admin',
  recommend: ({ req }) => actorOf(req).kind === 'partner' || isStaff(req),
  select: ({ req }) => actorOf(req).kind === 'admin',
}

/** The campaigns a partner account's site takes (its push settings); none for anyone else. */
export const partnerCampaigns: PartnerCampaigns = ({ req }) => {
  const actor = actorOf(req)
  return actor.kind === 'partner' ? partnerCampaignIds(req, actor.partnerSiteId) : []
}
