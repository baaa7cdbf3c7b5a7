import type { Payload } from 'payload'

import { createHash } from 'node:crypto'

import { executeAuthStrategies } from 'payload'
import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { feedStateOf } from '../utilities/feedCache'

/** A partner account whose API key verified, and the campaigns its site takes. */
export type PartnerGrant = {
  account: { id: number | string; collection: string; email?: string | null; name?: string | null }
  partnerSiteId: number | null
  campaignIds: Set<number>
  /** The campaign ids, sorted and joined: what a partner's reads of shared content depend on. */
  campaignSet: string
  epoch: number
  expiresAt: number
}

/** A relationship as Payload gives it: the id, or the document when populated. */
type Related = number | { id: number }

/** Keys remembered at most; the oldest are forgotten first. */
const maxGrants = 10_000

/**
 * Partner API keys as Payload's own strategy verifies them, with the campaigns the key's site
 * takes, remembered for `feedAccessCacheMs` — or until any partner site, account or campaign
 * changes on this instance (the plugin's access epoch), so a key deleted here is refused at the
 * next request. Used by the handlers that answer partners in front of Payload's router.
 */
export const createPartnerGrants = () => {
  const grants = new Map<string, PartnerGrant>()

  /** The grant of `authorization` (a `<partner accounts> API-Key …` header), or null. */
  const grantFor = async ({
    payload,
    options,
    authorization,
  }: {
    payload: Payload
    options: ResolvedOptions
    authorization: string
  }): Promise<PartnerGrant | null> => {
    const key = createHash('sha256').update(authorization).digest('base64url')
    const epoch = feedStateOf(payload).accessEpoch
    const known = grants.get(key)
    if (known && known.epoch === epoch && known.expiresAt > Date.now()) {
      return known
    }
    const { user } = await executeAuthStrategies({
      headers: new Headers({ authorization }),
      payload,
      isGraphQL: false,
      canSetHeaders: false,
    })
    if (!user || user.collection !== options.slugs.partnerAccounts) {
      grants.delete(key)
      return null
    }
    const { partnerSite } = user as { partnerSite?: Related | null }
    const site = partnerSite
      ? ((await payload.findByID({
          collection: options.slugs.partnerSites,
          id: extractID(partnerSite),
          depth: 0,
          disableErrors: true,
          select: { push: { campaigns: true } },
        })) as { push?: { campaigns?: Related[] | null } | null } | null)
      : null
    const campaignIds = new Set(
      (site?.push?.campaigns ?? []).map((campaign) => extractID(campaign)),
    )
    const grant: PartnerGrant = {
      account: {
        id: user.id,
        collection: options.slugs.partnerAccounts,
        email: (user as { email?: string | null }).email,
        name: (user as { name?: string | null }).name,
      },
      partnerSiteId: partnerSite ? extractID(partnerSite) : null,
      campaignIds,
      campaignSet: [...campaignIds].sort((a, b) => a - b).join(','),
      epoch,
      expiresAt: Date.now() + options.feedAccessCacheMs,
    }
    grants.delete(key)
    grants.set(key, grant)
    while (grants.size > maxGrants) {
      grants.delete(grants.keys().next().value!)
    }
    return grant
  }

  return { grantFor }
}

export type PartnerGrants = ReturnType<typeof createPartnerGrants>
