import type { CollectionBeforeChangeHook } from 'payload'

import type { FieldError } from '../lib/refusal'

import { forbidden, writtenId } from '../access/guards'
import { actorOf } from '../access/roles'
import { badRequest } from '../lib/refusal'
import { maxSectionLimit } from './sections'

/**
 * What is written into a column, checked in `beforeChange` rather than by field validation:
 * Payload skips validation for drafts, and a draft is read by its editors, previewed and copied
 * into next year's edition.
 */

type Data = Record<string, unknown>

const resulting = (data: Data, original: Data | undefined, field: string): unknown =>
  data[field] !== undefined ? data[field] : original?.[field]

const moderationOf = (doc: Data | undefined): unknown =>
  (doc?.interactionWindow as { moderation?: unknown } | null | undefined)?.moderation

/**
 * A unit editor composes its own unit's column only (one given no owner is filed under its
 * unit), never a partner site's, and leaves post-moderation (先发后审) to the campaign's hosts and
 * the national office: netizens' words then show before anyone has read them. Organizers are
 * held to the campaigns their unit hosts by `requireHostedCampaign`, so one that gets here hosts.
 */
export const requireColumnScope: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const actor = actorOf(req)
  if (actor.kind !== 'unit-editor') {
    return data
  }
  const original = originalDoc as Data | undefined
  if (moderationOf(data) === 'post' && moderationOf(original) !== 'post') {
    throw forbidden(
      '先发后审只能由主题活动的主办单位或全国办公室开启 / only the campaign’s hosts or the national office turn on post-moderation (先发后审)',
    )
  }
  if (writtenId(resulting(data, original, 'partnerSite'))) {
    throw forbidden(
      '单位编辑只能编辑本单位的专栏，参与网站的专栏由主办单位管理 / unit editors compose their own unit’s column; partner sites’ columns are the hosts’',
    )
  }
  const unitId = writtenId(resulting(data, original, 'unit'))
  if (!actor.organizerId) {
    throw forbidden('账号未关联单位 / your account has no unit')
  }
  if (!unitId) {
    return { ...data, unit: actor.organizerId }
  }
  if (unitId !== actor.organizerId) {
    throw forbidden(
      '单位编辑只能编辑本单位的专栏 / unit editors compose their own unit’s column only',
    )
  }
  return data
}

/**
 * A column belongs to a unit or to a partner site, exactly one; each section shows at least one
 * and at most `maxSectionLimit` items.
 */
export const checkColumn: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const original = originalDoc as Data | undefined
  const errors: FieldError[] = []
  const unit = writtenId(resulting(data, original, 'unit'))
  const site = writtenId(resulting(data, original, 'partnerSite'))
  if (!unit && !site) {
    errors.push({
      path: 'unit',
      message:
        '请选择专栏所属的单位或参与网站 / choose the unit or the partner site the column belongs to',
    })
  }
  if (unit && site) {
    errors.push({
      path: 'partnerSite',
      message:
        '专栏只能属于一个单位或一个参与网站，不能同时属于二者 / a column belongs to a unit or to a partner site, not both',
    })
  }
  const sections = (resulting(data, original, 'sections') as Data[] | null | undefined) ?? []
  sections.forEach((section, index) => {
    const limit = section?.limit
    if (
      limit !== undefined &&
      limit !== null &&
      !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= maxSectionLimit)
    ) {
      errors.push({
        path: `sections.${index}.limit`,
        message: `第 ${index + 1} 个栏目的条数应为 1 到 ${maxSectionLimit} 的整数（现为 ${String(limit)}） / section ${index + 1} shows 1 to ${maxSectionLimit} items (given ${String(limit)})`,
      })
    }
  })
  if (errors.length) {
    throw badRequest(errors.map((error) => error.message).join('；'), errors, 'columns')
  }
  return data
}
