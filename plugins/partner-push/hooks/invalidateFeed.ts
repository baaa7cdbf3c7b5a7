import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Payload } from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { onChangesElsewhere } from '../../shared/changeNotices'
import {
  invalidateCampaignFeed,
  invalidateEveryFeed,
  invalidateFeedAccess,
} from '../utilities/feedCache'

type Syndication = { version?: number | null; changedAt?: string | null } | null | undefined
type EntryLike = { campaign?: number | { id: number } | null; syndication?: Syndication }

/** A work's feed item changes with its syndication version (a publish, update or takedown) or its campaign. */
export const invalidateFeedOnEntryChange: CollectionAfterChangeHook = ({
  doc,
  previousDoc,
  req,
}) => {
  const now = doc as EntryLike
  const before = (previousDoc ?? {}) as EntryLike
  const campaign = now.campaign ? extractID(now.campaign) : undefined
  const previousCampaign = before.campaign ? extractID(before.campaign) : undefined
  const isChanged =
    campaign !== previousCampaign ||
    now.syndication?.version !== before.syndication?.version ||
    now.syndication?.changedAt !== before.syndication?.changedAt
  if (isChanged) {
    for (const id of [campaign, previousCampaign]) {
      if (id) {
        invalidateCampaignFeed(req.payload, id)
      }
    }
  }
  return doc
}

export const invalidateFeedOnEntryDelete: CollectionAfterDeleteHook = ({ doc, req }) => {
  const { campaign } = doc as EntryLike
  if (campaign) {
    invalidateCampaignFeed(req.payload, extractID(campaign))
  }
  return doc
}

/** The campaign's name and label are in every item; a deleted campaign is no longer anyone's. */
export const invalidateFeedOnCampaign: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({
  doc,
  req,
}) => {
  invalidateCampaignFeed(req.payload, Number(doc.id))
  invalidateFeedAccess(req.payload)
  return doc
}

/** A partner site's campaigns or an account (its key, its site) changed: cached access is stale. */
export const invalidateFeedAccessHook: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({
  doc,
  req,
}) => {
  invalidateFeedAccess(req.payload)
  return doc
}

/**
 * Another instance saved works, campaigns, partner sites or accounts (plugins/shared/changeNotices):
 * its notice names collections, not campaigns, so every campaign's pages are built again, and
 * access is looked up again — a key deleted there is refused here at the next request.
 */
export const dropFeedsOnChangesElsewhere = (
  payload: Payload,
  { slugs }: Pick<ResolvedOptions, 'slugs'>,
): void =>
  onChangesElsewhere(payload, (changed) => {
    if (changed(slugs.entries) || changed(slugs.campaigns)) {
      invalidateEveryFeed(payload)
    }
    if ([slugs.campaigns, slugs.partnerSites, slugs.partnerAccounts].some(changed)) {
      invalidateFeedAccess(payload)
    }
  })
