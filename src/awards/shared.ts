import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'
import { extractID } from 'payload/shared'

import type { AwardList } from '../payload-types'

import { awardTiers } from '../../collections/Entries'
import { actorOf, hostedCampaignIds } from '../access/roles'

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

type FieldError = { path: string; message: string; label?: string }

/**
 * A refusal with our message (Chinese, then English) and, for bad input, the fields at fault.
 * Payload's REST answer to a write puts the field errors' own messages in place of the message
 * (plugins/clear-errors), so each of those says in full what is wrong with its row.
 */
export class AwardRefusal extends APIError {
  constructor(message: string, status: number, errors?: FieldError[], collection?: string) {
    super(
      message,
      status,
      errors ? { ...(collection ? { collection } : {}), errors } : undefined,
      true,
    )
    this.name = status === 403 ? 'Forbidden' : 'AwardRefusal'
  }
}

export const badRequest = (message: string, errors?: FieldError[], collection?: string) =>
  new AwardRefusal(message, 400, errors, collection)
export const forbidden = (message: string) => new AwardRefusal(message, 403)
export const notFound = (message: string) => new AwardRefusal(message, 404)
/** The list is in a state that does not allow this (frozen, not yet proposed, round open). */
export const conflict = (message: string) => new AwardRefusal(message, 409)

type Rel = number | string | { id: number | string } | null | undefined

/** A relationship's id as a number, whether stored or populated. */
export const idOf = (value: Rel): number | undefined =>
  value === null || value === undefined || value === '' ? undefined : Number(extractID(value))

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

/**
 * An endpoint's answer to a refusal thrown by it or by the hooks it ran, in Payload's own error
 * shape. Read by its fields, not `instanceof`: Next bundles its own copy of Payload's classes.
 * Anything else (a 500) goes on to Payload.
 */
export const refusalResponse = (err: unknown): Response | undefined => {
  const error = err as { status?: unknown; message?: string; data?: unknown; isPublic?: boolean }
  if (typeof error?.status !== 'number' || error.status >= 500 || !error.isPublic) {
    return undefined
  }
  return Response.json(
    { errors: [{ message: error.message, ...(error.data ? { data: error.data } : {}) }] },
    { status: error.status },
  )
}
