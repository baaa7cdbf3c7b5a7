import type { Access, CollectionConfig, FieldAccess, Where } from 'payload'

import { actorOf, allOf, anyOf, inHostedCampaigns, inPartnerCampaigns, inSubtree, isStaff } from './roles'

/**
 * The access rules of each collection. Every rule that is not a plain yes or no returns a
 * `Where`, so lists, counts, GraphQL and relationship population all filter the same way.
 */

type Rules = NonNullable<CollectionConfig['access']>

const publishedDraft: Where = { _status: { equals: 'published' } }
const publishedStatus: Where = { status: { equals: 'published' } }

const adminOnly: Access = ({ req }) => actorOf(req).kind === 'admin'

/** Reference data anyone may read (the notices published it); only the national office edits it. */
export const directoryRules: Rules = {
  read: () => true,
  create: adminOnly,
  update: adminOnly,
  delete: adminOnly,
}

const notDraftCampaign: Where = { status: { not_equals: 'draft' } }

/**
 * Campaigns: drafts stay inside the office; an organizer manages the campaigns its unit hosts;
 * a partner site reads only the campaigns it takes.
 */
export const campaignRules: Rules = {
  read: async ({ req }) => {
    const actor = actorOf(req)
    if (isStaff(req)) {
      return true
    }
    return actor.kind === 'partner' ? allOf(notDraftCampaign, await inPartnerCampaigns(req, 'id', actor.partnerSiteId)) : notDraftCampaign
  },
  create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
  update: async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer' && actor.organizerId ? { hosts: { in: [actor.organizerId] } } : false
  },
  delete: async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer' && actor.organizerId ? { hosts: { in: [actor.organizerId] } } : false
  },
}

/**
 * What belongs to a campaign and is managed by its hosts: sub-projects, notices, quotas,
 * columns. `publicWhen` is what everyone else may read; a partner site reads that only for the
 * campaigns it takes (where `publicWhen` is not simply everything).
 */
export const campaignContentRules = ({ publicWhen }: { publicWhen: Where | true }): Rules => {
  const manage: Access = async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer' ? inHostedCampaigns(req, 'campaign', actor.organizerId) : false
  }
  return {
    read: async ({ req }) => {
      const actor = actorOf(req)
      if (actor.kind === 'admin' || publicWhen === true) {
        return true
      }
      if (actor.kind === 'organizer') {
        return anyOf(publicWhen, await inHostedCampaigns(req, 'campaign', actor.organizerId))
      }
      if (actor.kind === 'partner') {
        return allOf(publicWhen, await inPartnerCampaigns(req, 'campaign', actor.partnerSiteId))
      }
      return publicWhen
    },
    create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
    update: manage,
    delete: manage,
  }
}

export const noticeRules = campaignContentRules({ publicWhen: publishedDraft })
export const subProjectRules = campaignContentRules({ publicWhen: publishedDraft })
export const quotaRules = campaignContentRules({ publicWhen: true })
export const columnRules = campaignContentRules({ publicWhen: true })

/**
 * Works and profiles reported up the hierarchy: a unit editor works on those of its unit and
 * the units below it (a city sees its counties, a county only itself), an organizer on those
 * of the campaigns it hosts. The public sees what is published; a judge sees what it was
 * assigned (`assignedField`); a partner site sees what is published (and `partnerWhen`, e.g.
 * selected as a best work) in the campaigns it takes.
 */
export const reportedContentRules = ({
  unitField,
  assignedField,
  partnerWhen,
}: {
  unitField: string
  assignedField?: string
  /** What a partner site needs beyond publication. */
  partnerWhen?: Where
}): Rules => {
  const manage: Access = async ({ req }) => {
    const actor = actorOf(req)
    switch (actor.kind) {
      case 'admin':
        return true
      case 'unit-editor':
        return inSubtree(unitField, actor.organizerId)
      case 'organizer':
        return anyOf(inSubtree(unitField, actor.organizerId), await inHostedCampaigns(req, 'campaign', actor.organizerId))
      default:
        return false
    }
  }
  return {
    read: async ({ req }) => {
      const actor = actorOf(req)
      switch (actor.kind) {
        case 'admin':
          return true
        case 'unit-editor':
          return anyOf(publishedStatus, inSubtree(unitField, actor.organizerId))
        case 'organizer':
          return anyOf(
            publishedStatus,
            inSubtree(unitField, actor.organizerId),
            await inHostedCampaigns(req, 'campaign', actor.organizerId),
          )
        case 'judge':
          return assignedField ? { [assignedField]: { in: [actor.userId] } } : publishedStatus
        case 'partner':
          return allOf(publishedStatus, ...(partnerWhen ? [partnerWhen] : []), await inPartnerCampaigns(req, 'campaign', actor.partnerSiteId))
        default:
          return publishedStatus
      }
    },
    create: ({ req }) => ['admin', 'organizer', 'unit-editor'].includes(actorOf(req).kind),
    update: manage,
    delete: manage,
  }
}

/** Partners pull only the best works (精品) the national office selected. */
export const entryRules = reportedContentRules({
  unitField: 'submittingUnit',
  assignedField: 'judges',
  partnerWhen: { 'bestWork.status': { equals: 'selected' } },
})
export const featuredWorkerRules = reportedContentRules({ unitField: 'unit' })

/** Contacts: everyone reads the published fields (see `contactFieldRead`); units keep their own. */
export const contactRules: Rules = {
  read: () => true,
  create: ({ req }) => isStaff(req),
  update: ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer' || actor.kind === 'unit-editor' ? inSubtree('organizer', actor.organizerId) : false
  },
  delete: ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer' || actor.kind === 'unit-editor' ? inSubtree('organizer', actor.organizerId) : false
  },
}

/** Office staff read every field; anyone else only what the notice published (`publicFields`). */
export const contactFieldRead =
  (field: string): FieldAccess =>
  ({ req, doc }) =>
    isStaff(req) || Boolean((doc as { publicFields?: string[] } | undefined)?.publicFields?.includes(field))

/** Private data (authors' phones, recommenders, internal notes): office staff only. */
export const staffOnlyField: FieldAccess = ({ req }) => isStaff(req)

/** `admin.hidden` for a collection only the given roles work with: the others never see it in the admin. */
export const hiddenUnlessRole =
  (...kinds: string[]) =>
  ({ user }: { user: unknown }): boolean =>
    !kinds.includes((user as { role?: string } | null)?.role ?? '')
