import type { CollectionBeforeChangeHook } from 'payload'

import { APIError } from 'payload'

import { relationId } from '../lib/relationId'
import { actorOf, hostedCampaignIds } from './roles'

/**
 * Access rules decide which documents a role may touch; these hooks decide what it may write
 * into them, so nobody can move a document out of their reach or into someone else's.
 */

/** A refused write: 403 with our message, logged at info like Payload's own Forbidden. */
class ForbiddenWrite extends APIError {
  constructor(message: string) {
    super(message, 403, undefined, true)
    this.name = 'Forbidden'
  }
}

const forbidden = (message: string) => new ForbiddenWrite(message)

/**
 * A unit editor (and an organizer, for reported content) may only file a document under its
 * own unit or one below it.
 */
export const requireUnitInSubtree =
  ({ field, label }: { field: string; label: string }): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const actor = actorOf(req)
    if (actor.kind !== 'unit-editor') {
      return data
    }
    const unitId = relationId(data[field] !== undefined ? data[field] : originalDoc?.[field])
    if (!unitId) {
      // A unit editor's document always belongs to a unit: default to its own.
      return { ...data, [field]: actor.organizerId }
    }
    const unit = await req.payload.findByID({ collection: 'organizers', id: unitId, depth: 0, req })
    if (!actor.organizerId || !unit.path?.includes(`/${actor.organizerId}/`)) {
      throw forbidden(
        `${label}“${unit.name}”不是本单位或下级单位 / ${label} "${unit.name}" is not your unit or one below it`,
      )
    }
    return data
  }

/** An organizer may only add to and move content between the campaigns its unit hosts. */
export const requireHostedCampaign =
  ({ field = 'campaign' }: { field?: string } = {}): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const actor = actorOf(req)
    if (actor.kind !== 'organizer') {
      return data
    }
    const campaignId = relationId(data[field] !== undefined ? data[field] : originalDoc?.[field])
    const hosted = await hostedCampaignIds(req, actor.organizerId)
    if (!campaignId || !hosted.includes(campaignId)) {
      throw forbidden('只能在本单位主办的主题活动中操作 / only campaigns your unit hosts')
    }
    return data
  }

/** An organizer's new campaign is hosted by its own unit (or it could not manage it). */
export const requireOwnUnitAsHost: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  const actor = actorOf(req)
  if (actor.kind !== 'organizer' || operation !== 'create') {
    return data
  }
  const hosts = ((data.hosts as unknown[] | undefined) ?? []).map(relationId)
  if (!actor.organizerId || !hosts.includes(actor.organizerId)) {
    return { ...data, hosts: [...hosts, actor.organizerId].filter(Boolean) }
  }
  return data
}

/** Statuses a unit may set: screening and reporting upward. Review, awards and publishing are the organizers'. */
export const unitStatuses = ['draft', 'submitted', 'screened-in', 'screened-out', 'reported']

export const limitUnitStatuses: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const actor = actorOf(req)
  if (actor.kind !== 'unit-editor' || data.status === undefined || data.status === originalDoc?.status) {
    return data
  }
  if (!unitStatuses.includes(data.status as string)) {
    throw forbidden(
      `单位编辑不能将状态设为“${data.status}”：评审、评奖和发布由活动组织者负责 / unit editors cannot set the status to "${data.status}"`,
    )
  }
  return data
}
