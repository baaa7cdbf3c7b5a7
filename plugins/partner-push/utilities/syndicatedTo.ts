import type { PayloadRequest } from 'payload'

import type { ResolvedOptions } from '../types'

import { partnerCampaignIds } from '../access/partnerCampaigns'

/**
 * The work, if it is one the partner site was given: selected and published (syndication
 * `usable`) in a campaign the site takes. Everyone may read published works; only these are the
 * site's to republish, report receipts for, or acknowledge.
 */
export const syndicatedTo = async ({
  req,
  options,
  entryId,
  partnerSite,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entryId: number
  partnerSite: number
}): Promise<{ id: number; title: string } | null> => {
  const campaigns = await partnerCampaignIds(req, partnerSite)
  if (!Number.isInteger(entryId) || campaigns.length === 0) {
    return null
  }
  const { docs } = (await req.payload.find({
    collection: options.slugs.entries,
    where: {
      and: [
        { id: { equals: entryId } },
        { 'syndication.pubstatus': { equals: 'usable' } },
        { campaign: { in: campaigns } },
      ],
    },
    depth: 0,
    limit: 1,
    pagination: false,
    select: { title: true },
    req,
  })) as { docs: { id: number; title: string }[] }
  const doc = docs[0]
  return doc ? { id: Number(doc.id), title: doc.title } : null
}
