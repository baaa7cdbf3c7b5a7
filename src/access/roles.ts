import type { CollectionAfterChangeHook, PayloadRequest, Where } from 'payload'

import { extractID } from 'payload/shared'

import {
  campaignsTakenWhere,
  partnerCampaignIds as campaignsTakenBy,
} from '../../plugins/partner-push'

/** Roles of `users` (people who log into the admin). */
export const roles = ['admin', 'organizer', 'unit-editor', 'judge'] as const
export type Role = (typeof roles)[number]

/** Partner sites authenticate as documents of this auth collection, with API keys only. */
export const partnerAccountsSlug = 'partner-accounts'

/** Who is asking, as the access rules see it. */
export type Actor =
  | { kind: 'public' }
  | { kind: 'partner'; accountId: number; partnerSiteId?: number }
  | { kind: Role; userId: number; organizerId?: number }

/** A relationship as Payload gives it: the id, or the document when populated. */
export type RelationValue = number | { id: number }

type AnyUser = {
  id: number | string
  collection?: string
  role?: string
  organizer?: RelationValue | null
  partnerSite?: RelationValue | null
}

export const actorOf = (req: PayloadRequest): Actor => {
  const user = req.user as AnyUser | null | undefined
  if (!user) {
    return { kind: 'public' }
  }
  if (user.collection === partnerAccountsSlug) {
    return {
      kind: 'partner',
      accountId: Number(user.id),
      partnerSiteId: user.partnerSite ? extractID(user.partnerSite) : undefined,
    }
  }
  const role = roles.includes(user.role as Role) ? (user.role as Role) : 'judge'
  return {
    kind: role,
    userId: Number(user.id),
    organizerId: user.organizer ? extractID(user.organizer) : undefined,
  }
}

/** The national office: everything. A collection rule, and a yes/no for the plugins' own actions. */
export const isAdmin = ({ req }: { req: PayloadRequest }): boolean => actorOf(req).kind === 'admin'

/** Office staff who work on content: admins, campaign organizers and unit editors. */
export const isStaff = (req: PayloadRequest): boolean =>
  ['admin', 'organizer', 'unit-editor'].includes(actorOf(req).kind)

/** Matches nothing: a role bound to an organizer that has none sees nothing scoped. */
export const nothing: Where = { id: { equals: 0 } }

/** The ids in a unit's `path` (`/1/4/9/`): its ancestors, top first, and the unit itself. */
export const ancestryOf = (path: string | null | undefined): number[] =>
  (path ?? '').split('/').filter(Boolean).map(Number)

/** Everything at or below `organizerId` in the reporting hierarchy, through the organizer at `field`. */
export const inSubtree = (field: string, organizerId: number | undefined): Where =>
  organizerId ? { [`${field}.path`]: { contains: `/${organizerId}/` } } : nothing

/**
 * Forgets the request's cached hosted campaigns (`hostedCampaignIds`): a campaign created or
 * re-hosted within the request (an edition made in one transaction) is hosted from then on.
 */
export const forgetHostedCampaigns: CollectionAfterChangeHook = ({ req }) => {
  for (const key of Object.keys(req.context)) {
    if (key.startsWith('hostedCampaigns:')) {
      delete req.context[key]
    }
  }
}

/**
 * Ids of the campaigns the organizer hosts (主办), looked up once per request: the rules of
 * sub-projects, notices, quotas, columns and entries all scope by them.
 */
export const hostedCampaignIds = async (
  req: PayloadRequest,
  organizerId: number | undefined,
): Promise<number[]> => {
  if (!organizerId) {
    return []
  }
  const cacheKey = `hostedCampaigns:${organizerId}`
  const cached = req.context[cacheKey] as Promise<number[]> | undefined
  if (cached) {
    return cached
  }
  const ids = req.payload
    .find({
      collection: 'campaigns',
      where: { hosts: { in: [organizerId] } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: {},
      req,
    })
    .then(({ docs }) => docs.map((doc) => Number(doc.id)))
  req.context[cacheKey] = ids
  ids.catch(() => {
    delete req.context[cacheKey]
  })
  return ids
}

/**
 * Ids of the organizer and every unit below it, looked up once per request: field rules
 * (private data) check a document's unit against it without a query per document.
 */
export const subtreeIds = async (
  req: PayloadRequest,
  organizerId: number | undefined,
): Promise<Set<number>> => {
  if (!organizerId) {
    return new Set()
  }
  const cacheKey = `subtree:${organizerId}`
  const cached = req.context[cacheKey] as Promise<Set<number>> | undefined
  if (cached) {
    return cached
  }
  const ids = req.payload
    .find({
      collection: 'organizers',
      where: { path: { contains: `/${organizerId}/` } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: {},
      req,
    })
    .then(({ docs }) => new Set(docs.map((doc) => Number(doc.id))))
  req.context[cacheKey] = ids
  ids.catch(() => {
    delete req.context[cacheKey]
  })
  return ids
}

/**
 * Whether a document filed under `unit` in `campaign` is within the actor's reach: the
 * national office reaches everything, a unit editor its subtree, an organizer its subtree and
 * the campaigns its unit hosts. Judges, partners and the public reach nothing this way.
 */
export const isInReach = async ({
  req,
  unit,
  campaign,
}: {
  req: PayloadRequest
  /** The document's unit (id or populated). */
  unit?: RelationValue | null
  /** The document's campaign (id or populated). */
  campaign?: RelationValue | null
}): Promise<boolean> => {
  const actor = actorOf(req)
  if (actor.kind === 'admin') {
    return true
  }
  if (actor.kind !== 'organizer' && actor.kind !== 'unit-editor') {
    return false
  }
  const unitId = unit ? extractID(unit) : undefined
  if (unitId && (await subtreeIds(req, actor.organizerId)).has(unitId)) {
    return true
  }
  const campaignId = campaign ? extractID(campaign) : undefined
  return (
    actor.kind === 'organizer' &&
    Boolean(campaignId) &&
    (await hostedCampaignIds(req, actor.organizerId)).includes(campaignId!)
  )
}

/** A `Where` on a campaign relationship field for the campaigns the organizer hosts. */
export const inHostedCampaigns = async (
  req: PayloadRequest,
  field: string,
  organizerId: number | undefined,
): Promise<Where> => {
  const ids = await hostedCampaignIds(req, organizerId)
  return ids.length ? { [field]: { in: ids } } : nothing
}

/**
 * Ids of the campaigns a partner site takes, looked up once per request: a partner reads the
 * content of those campaigns only. Which campaigns a site takes is the partner-push plugin's
 * (its push settings); this app asks the plugin rather than reading its fields.
 */
export const partnerCampaignIds = (
  req: PayloadRequest,
  partnerSiteId: number | undefined,
): Promise<number[]> => campaignsTakenBy(req, partnerSiteId)

/** A `Where` on a campaign relationship field for the campaigns the partner site takes. */
export const inPartnerCampaigns = (
  req: PayloadRequest,
  field: string,
  partnerSiteId: number | undefined,
): Promise<Where> => campaignsTakenWhere(req, field, partnerSiteId)

/**
 * What a staff member works on, as a `Where` over documents filed under a unit (`unit`) in a
 * campaign (`campaign`): the office everything, a unit editor its subtree, an organizer its subtree
 * and the campaigns its unit hosts; anyone else nothing (`false`).
 */
export const reachOf = async (
  req: PayloadRequest,
  { unit, campaign }: { unit: string; campaign: string },
): Promise<Where | boolean> => {
  const actor = actorOf(req)
  switch (actor.kind) {
    case 'admin':
      return true
    case 'unit-editor':
      return inSubtree(unit, actor.organizerId)
    case 'organizer':
      return anyOf(
        inSubtree(unit, actor.organizerId),
        await inHostedCampaigns(req, campaign, actor.organizerId),
      )
    default:
      return false
  }
}

/** Combines constraints: any one of them admits a document. */
export const anyOf = (...wheres: Where[]): Where => ({ or: wheres })

/** Combines constraints: a document must meet all of them. */
export const allOf = (...wheres: Where[]): Where => ({ and: wheres })
