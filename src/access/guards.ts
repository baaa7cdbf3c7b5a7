import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'
import { extractID } from 'payload/shared'

import type { RelationValue } from './roles'

import { actorOf, hostedCampaignIds, subtreeIds } from './roles'

/**
 * Access rules decide which documents a role may touch; these hooks decide what it may write
 * into them, so nobody can move a document out of their reach or into someone else's. Each
 * checks the document as it will be saved (the request's data over the stored document).
 */

/** A refused write: 403 with our message, logged at info like Payload's own Forbidden. */
class ForbiddenWrite extends APIError {
  constructor(message: string) {
    super(message, 403, undefined, true)
    this.name = 'Forbidden'
  }
}

/** A 403 for a write the rules refuse, with the reason in Chinese, then English. */
export const forbidden = (message: string) => new ForbiddenWrite(message)

/** The value a field will have after this write. */
const resulting = (
  data: Record<string, unknown>,
  originalDoc: Record<string, unknown> | undefined,
  field: string,
): unknown => (data[field] !== undefined ? data[field] : originalDoc?.[field])

/**
 * The id a relationship value being written names (Payload's `extractID`, as a number). A REST
 * body may name it as a string (`"12"`), which Payload's validation refuses only after the
 * `beforeChange` hooks: read as the number it names, the writer meets that refusal (400, an
 * invalid relationship) rather than a guard's calling its own unit foreign.
 */
export const writtenId = (value: unknown): number | undefined => {
  const related = value as RelationValue | string | null | undefined
  return related === null || related === undefined || related === ''
    ? undefined
    : Number(extractID(related))
}

const unitName = async (req: PayloadRequest, id: number) => {
  const unit = await req.payload.findByID({
    collection: 'organizers',
    id,
    depth: 0,
    disableErrors: true,
    select: { name: true },
    req,
  })
  return unit?.name ?? `#${id}`
}

/**
 * Where a unit editor or an organizer may file a document: under its own unit or one below it.
 * A document given no unit is filed under the writer's own.
 */
export const requireUnitInSubtree =
  ({ field, label }: { field: string; label: string }): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const actor = actorOf(req)
    if (actor.kind !== 'unit-editor' && actor.kind !== 'organizer') {
      return data
    }
    const unitId = writtenId(resulting(data, originalDoc, field))
    if (!unitId) {
      return { ...data, [field]: actor.organizerId }
    }
    if (!(await subtreeIds(req, actor.organizerId)).has(unitId)) {
      const name = await unitName(req, unitId)
      throw forbidden(
        `${label}“${name}”不是本单位或下级单位 / ${label} "${name}" is not your unit or one below it`,
      )
    }
    return data
  }

/** What only the hosts of a work's campaign may decide: review, awards and publishing. */
type HostDecisions = {
  /** Statuses a work is in once its hosts have taken it over (review, awards, publication). */
  statuses: string[]
  /** Fields only a host sets (awards, judge assignments). */
  fields: string[]
}

const sameValue = (a: unknown, b: unknown): boolean => {
  const normal = (value: unknown) =>
    Array.isArray(value)
      ? value.map((each) => writtenId(each) ?? each).sort()
      : value && typeof value === 'object'
        ? writtenId(value)
        : (value ?? null)
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b))
}

/**
 * Works and profiles reported up the hierarchy. A unit editor files them under its subtree and
 * takes them as far as reporting upward (已报送). An organizer files them under its subtree or in
 * a campaign its unit hosts. Once a work is in review, awarded or published — before this write or
 * after it — it is its campaign's hosts' alone: only an organizer hosting the campaign it is in
 * and the one it goes to may change it, and only such an organizer awards it or assigns judges.
 * Runs after the campaign is known. `isTrustedWrite` lets a plugin's own bookkeeping through.
 */
export const requireReportingScope =
  ({
    unitField,
    label,
    hostDecisions,
    isTrustedWrite = () => false,
  }: {
    unitField: string
    label: string
    hostDecisions: HostDecisions
    /** Writes made by the system on the user's behalf (e.g. recording a recommendation). */
    isTrustedWrite?: (req: PayloadRequest) => boolean
  }): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const actor = actorOf(req)
    if ((actor.kind !== 'unit-editor' && actor.kind !== 'organizer') || isTrustedWrite(req)) {
      return data
    }
    const original = originalDoc as Record<string, unknown> | undefined
    const hosted = actor.kind === 'organizer' ? await hostedCampaignIds(req, actor.organizerId) : []
    const isHosted = (campaign: unknown) => {
      const id = writtenId(campaign)
      return id !== undefined && hosted.includes(id)
    }
    const campaign = resulting(data, original, 'campaign')
    let unitId = writtenId(resulting(data, original, unitField))
    let filed = data
    if (!unitId && !isHosted(campaign)) {
      // Filed under the writer's own unit; in a hosted campaign a work may stay without one.
      unitId = actor.organizerId
      filed = { ...data, [unitField]: unitId }
    }
    const isInSubtree = Boolean(unitId && (await subtreeIds(req, actor.organizerId)).has(unitId))
    if (!isInSubtree && !isHosted(campaign)) {
      const name = unitId ? await unitName(req, unitId) : ''
      throw forbidden(
        actor.kind === 'organizer'
          ? `${label}“${name}”不是本单位或下级单位，且作品不属于本单位主办的主题活动 / ${label} "${name}" is not your unit or one below it, and the campaign is not one your unit hosts`
          : `${label}“${name}”不是本单位或下级单位 / ${label} "${name}" is not your unit or one below it`,
      )
    }
    const isHostStatus = (status: unknown) => hostDecisions.statuses.includes(String(status))
    const isDecided =
      isHostStatus(original?.status) || isHostStatus(resulting(data, original, 'status'))
    const decidesField = hostDecisions.fields.some(
      (field) => data[field] !== undefined && !sameValue(data[field], original?.[field]),
    )
    if (
      (isDecided || decidesField) &&
      !(isHosted(campaign) && (!original?.id || isHosted(original.campaign)))
    ) {
      throw forbidden(
        actor.kind === 'organizer'
          ? '评审中、已获奖或已发布的作品，以及评审、评奖和发布，只由其主题活动的主办单位处理 / a work in review, awarded or published, and review, awards and publishing, belong to the hosts of its campaign'
          : '单位编辑只能筛选和报送；进入评审、获奖或发布的作品由主办单位的活动组织者负责 / unit editors screen and report upward; works in review, awarded or published belong to the campaign’s organizers',
      )
    }
    return filed
  }

/**
 * Only a campaign's participating units report to it: its hosts, its participants and the units
 * below either (a county under the city that hosts). Checked for every writer, the public
 * submission form included, whenever the unit or the campaign changes; a campaign that names
 * neither hosts nor participants takes works from anyone. A recommendation upward
 * (`isTrustedWrite`) lands in a parent campaign its unit need not take part in.
 */
export const requireParticipatingUnit =
  ({
    unitField,
    label,
    isTrustedWrite = () => false,
  }: {
    unitField: string
    label: string
    isTrustedWrite?: (req: PayloadRequest) => boolean
  }): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const original = originalDoc as Record<string, unknown> | undefined
    const unitId = writtenId(resulting(data, original, unitField))
    const campaignId = writtenId(resulting(data, original, 'campaign'))
    const isUnchanged =
      original?.id !== undefined &&
      unitId === writtenId(original[unitField]) &&
      campaignId === writtenId(original.campaign)
    if (!unitId || !campaignId || isUnchanged || isTrustedWrite(req)) {
      return data
    }
    const campaign = await req.payload.findByID({
      collection: 'campaigns',
      id: campaignId,
      depth: 0,
      draft: true,
      disableErrors: true,
      select: { name: true, hosts: true, participants: true },
      req,
    })
    const taking = [...(campaign?.hosts ?? []), ...(campaign?.participants ?? [])].map((unit) =>
      Number(extractID(unit)),
    )
    if (!campaign || taking.length === 0) {
      return data
    }
    const unit = await req.payload.findByID({
      collection: 'organizers',
      id: unitId,
      depth: 0,
      disableErrors: true,
      select: { name: true, path: true },
      req,
    })
    const ancestry = (unit?.path ?? '').split('/').filter(Boolean).map(Number)
    if (!unit || !ancestry.some((id) => taking.includes(id))) {
      const name = unit?.name ?? `#${unitId}`
      throw forbidden(
        `${label}“${name}”不是主题活动“${campaign.name}”的参与单位（主办、参与单位及其下级单位）/ ${label} "${name}" does not take part in "${campaign.name}" (its hosts, participants and the units below them)`,
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
    const campaignId = writtenId(resulting(data, originalDoc, field))
    const hosted = await hostedCampaignIds(req, actor.organizerId)
    if (!campaignId || !hosted.includes(campaignId)) {
      throw forbidden('只能在本单位主办的主题活动中操作 / only campaigns your unit hosts')
    }
    return data
  }

/**
 * An organizer's new campaign is hosted by its own unit (given no hosts, it gets that one); joint
 * hosts are added by the national office, since hosting gives their organizers the campaign.
 */
export const limitCampaignHosts: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const actor = actorOf(req)
  if (actor.kind !== 'organizer') {
    return data
  }
  if (!actor.organizerId) {
    throw forbidden(
      '账号未关联单位，不能管理主题活动 / your account has no unit, so it cannot manage campaigns',
    )
  }
  if (operation === 'update') {
    if (data.hosts !== undefined && !sameValue(data.hosts, originalDoc?.hosts)) {
      throw forbidden(
        '主办单位只能由全国办公室修改 / only the national office changes a campaign’s hosts',
      )
    }
    return data
  }
  const hosts = ((data.hosts as unknown[] | undefined) ?? []).map(writtenId).filter(Boolean)
  if (hosts.length === 0) {
    return { ...data, hosts: [actor.organizerId] }
  }
  if (hosts.some((host) => host !== actor.organizerId)) {
    throw forbidden(
      '活动组织者只能以本单位为主办单位创建主题活动；联合主办单位由全国办公室添加 / an organizer creates campaigns hosted by its own unit only; the national office adds joint hosts',
    )
  }
  return data
}

/** Statuses a unit may set: screening and reporting upward. Review, awards and publishing are the hosts'. */
export const unitStatuses = ['draft', 'submitted', 'screened-in', 'screened-out', 'reported']
