import type {
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  CollectionBeforeOperationHook,
  CollectionSlug,
  FlattenedField,
  PayloadRequest,
  Where,
} from 'payload'

import { APIError } from 'payload'
import { extractID } from 'payload/shared'

import type { RelationValue } from './roles'

import { actorOf, ancestryOf, hostedCampaignIds, subtreeIds } from './roles'
import { rolesOrganizersAssign } from './rules'

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
    const ancestry = ancestryOf(unit?.path)
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

type ExplainedOperation = 'create' | 'delete' | 'update'

/**
 * A refusal by a collection's access rule, said in Chinese, then English. Payload answers a refused
 * create, update or delete with its own one-language Forbidden; this runs the same rule first (the
 * rule stays the authority: Payload still applies it after) and answers 403 with `messages[op]`.
 * Bulk writes (no id) are left to Payload, which skips the documents the rule excludes; an id that
 * names no document is left to Payload's 404.
 */
export const explainRefusals =
  <TSlug extends CollectionSlug>(
    messages: Record<ExplainedOperation, string>,
  ): CollectionBeforeOperationHook<TSlug> =>
  async ({ args, collection, operation, overrideAccess, req }) => {
    if (overrideAccess || !(operation in messages)) {
      return
    }
    const op = operation as ExplainedOperation
    const id = (args as { id?: number }).id
    if (op !== 'create' && id === undefined) {
      return
    }
    const rule = collection.access[op]
    const result = rule
      ? await rule({ req, id, data: (args as { data?: Record<string, unknown> }).data })
      : Boolean(req.user)
    if (result === true || (op === 'create' && result)) {
      return
    }
    const slug = collection.slug as CollectionSlug
    if (result && id !== undefined) {
      const where: Where = { and: [result, { id: { equals: id } }] }
      if ((await req.payload.count({ collection: slug, where, req })).totalDocs > 0) {
        return
      }
    }
    if (
      id !== undefined &&
      (await req.payload.count({ collection: slug, where: { id: { equals: id } }, req }))
        .totalDocs === 0
    ) {
      return
    }
    throw forbidden(messages[op])
  }

/** Refusals of the units' access rule (`organizerRules`). */
export const explainUnitRefusals = explainRefusals<'organizers'>({
  create:
    '只有全国办公室和活动组织者可以新建单位 / only the national office and organizers add units',
  update:
    '单位只能由全国办公室或其上级单位的活动组织者修改；活动组织者不能修改本单位及本单位以外的单位 / a unit is changed only by the national office or by an organizer of a unit above it; organizers change neither their own unit nor units outside their subtree',
  delete:
    '单位只能由全国办公室或其上级单位的活动组织者删除；活动组织者不能删除本单位及本单位以外的单位 / a unit is deleted only by the national office or by an organizer of a unit above it; organizers delete neither their own unit nor units outside their subtree',
})

/** Refusals of the users' access rule (`userRules`). */
export const explainAccountRefusals = explainRefusals<'users'>({
  create:
    '只有全国办公室和活动组织者可以新建用户 / only the national office and organizers add users',
  update:
    '只能修改自己的账号；活动组织者还可修改本单位及下级单位的单位编辑和评委 / you may change only your own account; organizers also change the unit editors and judges of their unit and the units below it',
  delete: '用户只能由全国办公室删除 / only the national office deletes users',
})

/**
 * Where an organizer places a unit: below its own unit or one below that. A new unit given no
 * parent goes under the organizer's own; an existing one may not lose its parent or move out of
 * the subtree (setPath refuses a loop). Other roles are stopped by the access rule.
 */
export const requireParentInSubtree: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const actor = actorOf(req)
  if (actor.kind !== 'organizer') {
    return data
  }
  const parentId = writtenId(resulting(data, originalDoc, 'parent'))
  if (!parentId && operation === 'create') {
    return { ...data, parent: actor.organizerId }
  }
  if (!parentId || !(await subtreeIds(req, actor.organizerId)).has(parentId)) {
    const name = parentId ? await unitName(req, parentId) : ''
    throw forbidden(
      parentId
        ? `上级单位“${name}”不是本单位或下级单位 / parent unit "${name}" is not your unit or one below it`
        : '本单位以下的单位必须有上级单位（本单位或其下级单位） / a unit below yours keeps a parent: your unit or one below it',
    )
  }
  return data
}

/**
 * Every field of every collection that points at a unit, as a query path (`works.unit`,
 * `recommender.organizer`): what would be left dangling, or silently emptied (the database sets
 * such references to null), by deleting the unit. Edit locks are Payload's and go with the unit.
 */
const unitReferences = (req: PayloadRequest): { slug: CollectionSlug; paths: string[] }[] => {
  const paths = (fields: FlattenedField[], prefix: string): string[] =>
    fields.flatMap((field) => {
      const path = `${prefix}${field.name}`
      switch (field.type) {
        case 'relationship':
        case 'upload':
          return field.relationTo === 'organizers' ? [path] : []
        case 'array':
        case 'group':
        case 'tab':
          return paths(field.flattenedFields, `${path}.`)
        case 'blocks':
          return (field.blocks ?? []).flatMap((block) =>
            typeof block === 'string' ? [] : paths(block.flattenedFields, `${path}.`),
          )
        default:
          return []
      }
    })
  return req.payload.config.collections
    .filter((collection) => collection.slug !== 'payload-locked-documents')
    .map((collection) => ({
      slug: collection.slug as CollectionSlug,
      paths: paths(collection.flattenedFields, ''),
    }))
    .filter(({ paths }) => paths.length > 0)
}

const labelOf = (req: PayloadRequest, slug: CollectionSlug, language: 'zh' | 'en'): string => {
  if (slug === 'organizers') {
    return language === 'zh' ? '下级单位' : 'units below it'
  }
  const plural = req.payload.collections[slug]?.config.labels?.plural
  const label =
    plural && typeof plural === 'object' && language in plural
      ? String((plural as Record<string, unknown>)[language])
      : slug
  return language === 'en' ? label.toLowerCase() : label
}

/**
 * A unit is deleted only once nothing refers to it: units below it, users, works, profiles,
 * contacts, campaigns, quotas… Payload would delete it anyway, leaving the units below with no
 * parent and a path through a unit that is gone, users with no unit, and works with no submitting
 * unit. Refused for every writer, the office included, naming what is left to move or delete.
 */
export const refuseDeletingUnitInUse: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const unitId = Number(id)
  const found: { slug: CollectionSlug; count: number }[] = []
  for (const { slug, paths } of unitReferences(req)) {
    const where: Where = { or: paths.map((path) => ({ [path]: { in: [unitId] } })) }
    const { totalDocs } = await req.payload.count({ collection: slug, where, req })
    if (totalDocs > 0) {
      found.push({ slug, count: totalDocs })
    }
  }
  if (found.length === 0) {
    return
  }
  const name = await unitName(req, unitId)
  const list = (language: 'zh' | 'en', separator: string) =>
    found.map(({ slug, count }) => `${labelOf(req, slug, language)} (${count})`).join(separator)
  throw forbidden(
    `单位“${name}”仍有${list('zh', '、')}，不能删除；请先移走或删除它们 / unit "${name}" still has ${list('en', ', ')}: move or delete them first`,
  )
}

/**
 * What an organizer writes into an account: unit editors and judges only (admins and organizers
 * are the office's, so no role is raised past them), bound to its unit or one below it (an account
 * given no unit gets the organizer's own). Its own account keeps its role and unit.
 */
export const limitManagedAccounts: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const actor = actorOf(req)
  if (actor.kind !== 'organizer') {
    return data
  }
  const original = originalDoc as Record<string, unknown> | undefined
  if (operation === 'update' && Number(original?.id) === actor.userId) {
    const changes = (field: string) =>
      data[field] !== undefined && !sameValue(data[field], original?.[field])
    if (changes('role') || changes('organizer')) {
      throw forbidden(
        '不能修改自己的角色或所属单位，请联系全国办公室 / you cannot change your own role or unit: ask the national office',
      )
    }
    return data
  }
  const role = resulting(data, original, 'role')
  if (!rolesOrganizersAssign.includes(String(role))) {
    throw forbidden(
      '活动组织者只能新建和管理单位编辑和评委；管理员和活动组织者由全国办公室设置 / organizers add and manage unit editors and judges only; admins and organizers are set by the national office',
    )
  }
  const unitId = writtenId(resulting(data, original, 'organizer'))
  if (!unitId && operation === 'create') {
    return { ...data, organizer: actor.organizerId }
  }
  if (!unitId || !(await subtreeIds(req, actor.organizerId)).has(unitId)) {
    const name = unitId ? await unitName(req, unitId) : ''
    throw forbidden(
      unitId
        ? `所属单位“${name}”不是本单位或下级单位 / unit "${name}" is not your unit or one below it`
        : '用户必须属于本单位或下级单位 / the user must belong to your unit or one below it',
    )
  }
  return data
}
