import type { PayloadRequest, Where } from 'payload'

import { TZDate } from '@date-fns/tz'
import { addDays, addYears, differenceInCalendarDays } from 'date-fns'

import type { SubmissionSpec } from '../../plugins/submission-spec'
import type { Campaign, Column, PartnerSite, Quota, SubProject } from '../payload-types'

import { defaultTimeZone } from '../../plugins/shared/deadline'
import { mayUpdate } from '../access/mayUpdate'
import { actorOf } from '../access/roles'
import { loosenedBounds } from './inheritance'
import {
  Refusal,
  badRequest,
  conflict,
  forbidden,
  idOf,
  inTransaction,
  notFound,
} from '../lib/refusal'

/**
 * 复制为新一年度: next year's edition of a campaign, in one action. The campaigns recur (网聚职工
 * 正能量 every year, with a new theme), and an organizer starts the new one from the last: the
 * campaign with its year and dated name, theme and label, phases and deadlines moved to the new
 * year (or to a chosen start), its sub-projects with their specs, hosts and platforms, the
 * participants, the quota rows of its task table and the sub-projects' contacts (each optional),
 * its columns, the partner sites that take it, the intro clip and logo. Everything is created as
 * a draft (the campaign 筹备中, the sub-projects unpublished) in one transaction: all or nothing.
 *
 * `planEdition` says what would be created, writing nothing; `createEdition` creates it. Both
 * act as the request's user: the source must be theirs to edit, and every document is created
 * under their own access rules (an organizer's edition is hosted by its own unit).
 */

export type EditionRequest = {
  /** The new edition's year. */
  year: number
  /**
   * Where the first phase (or the period) starts, `YYYY-MM-DD`: every date moves by the same
   * number of days. Without it, every date keeps its day and month in the new year.
   */
  startDate?: string
  /** Default: the source's name with its year replaced (or `2026年` put before it). */
  name?: string
  /** Default: the source's theme. A new year usually has a new theme: the preview shows it to edit. */
  theme?: string
  /** Default: the source's work label. */
  label?: string
  /** Copy the quota rows of the task table (任务表). @default true */
  quotas?: boolean
  /** Keep the sub-projects' contacts (联系人). @default true */
  contacts?: boolean
}

/** One document the edition creates, as the preview lists it. */
export type PlannedItem = { from: number; title: string; note?: string }

export type EditionPlan = {
  source: { id: number; name: string; year: number }
  campaign: {
    name: string
    year: number
    theme: string | null
    label: string | null
    period: { start: string | null; end: string | null }
    phases: { name: string; start: string | null; end: string | null; deadlines: string[] }[]
    /** The parent campaign's edition of the same year, when it exists already. */
    parent: { id: number; name: string } | null
    hosts: number
    participants: number
    introClip: number | null
  }
  /** How the dates move: `years` (day and month kept) or `days` (to the chosen start). */
  shift: { by: 'years'; years: number } | { by: 'days'; days: number }
  subProjects: PlannedItem[]
  quotas: PlannedItem[]
  columns: PlannedItem[]
  /** Partner sites that take the source and will take the edition; `skipped` those the user may not change. */
  partnerSites: { taken: PlannedItem[]; skipped: PlannedItem[] }
  /** What the organizer should know before creating it, Chinese then English. */
  warnings: string[]
}

export type EditionResult = {
  message: string
  campaign: { id: number; name: string; year: number }
  created: { subProjects: number; quotas: number; columns: number; partnerSites: number }
}

/** The body as a request: bad values refused with the field named. */
export const editionRequestOf = (body: Record<string, unknown>): EditionRequest => {
  const errors: { path: string; message: string }[] = []
  const year = Number(body.year)
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    errors.push({
      path: 'year',
      message: 'year 应为 2000–2100 之间的年份 / year: a year between 2000 and 2100',
    })
  }
  const text = (key: 'name' | 'theme' | 'label' | 'startDate'): string | undefined => {
    const value = body[key]
    if (value === undefined || value === null || value === '') {
      return undefined
    }
    if (typeof value !== 'string') {
      errors.push({ path: key, message: `${key} 应为文字 / ${key}: text` })
      return undefined
    }
    return value.trim() || undefined
  }
  const startDate = text('startDate')
  if (startDate && !isCalendarDay(startDate)) {
    errors.push({
      path: 'startDate',
      message: 'startDate 应为日期，如 2026-05-01 / startDate: a date such as 2026-05-01',
    })
  }
  const flag = (key: 'quotas' | 'contacts'): boolean => {
    const value = body[key]
    if (value === undefined || value === null) {
      return true
    }
    if (typeof value !== 'boolean') {
      errors.push({ path: key, message: `${key} 应为 true 或 false / ${key}: true or false` })
    }
    return value !== false
  }
  const request: EditionRequest = {
    year,
    startDate,
    name: text('name'),
    theme: text('theme'),
    label: text('label'),
    quotas: flag('quotas'),
    contacts: flag('contacts'),
  }
  if (errors.length) {
    throw badRequest(errors.map((error) => error.message).join('；'), errors)
  }
  return request
}

const isCalendarDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)

/** Everything the edition is made from, read once. */
type Loaded = {
  source: Campaign
  subProjects: SubProject[]
  quotas: Quota[]
  columns: Column[]
  partnerSites: { site: PartnerSite; mayChange: boolean }[]
  parentEdition: { id: number; name: string } | null
  /**
   * What each sub-project implements in the new year: the parent edition's call of the same name,
   * unless the copy would loosen its spec without a reason written (then none, and a warning).
   */
  implementing: Map<number, { id: number; name: string } | null>
  move: (iso: string | null | undefined) => string | null
  shift: EditionPlan['shift']
  name: string
}

type Call = {
  req: PayloadRequest
  sourceId: number
  request: EditionRequest
  /** The command line, acting for the national office: no user, no access rules. */
  isSystem?: boolean
}

/**
 * The campaign an edition is made from, if the caller may make one: logged in (401), able to read
 * it (404) and to edit it (403: its hosts' organizers and the national office). Asked before the
 * body is read, so nobody else learns anything from their input's errors.
 */
export const editionSource = async ({
  req,
  sourceId,
  isSystem = false,
  action = { zh: '复制为新一年度', en: 'start its next edition' },
}: Omit<Call, 'request'> & {
  /** What is asked, for the refusal: “只有…可以{zh}” / “only … {en}”. */
  action?: { zh: string; en: string }
}): Promise<Campaign> => {
  if (!isSystem && !req.user) {
    throw new Refusal('请先登录 / log in first', 401)
  }
  const source = Number.isInteger(sourceId)
    ? (
        await req.payload.find({
          collection: 'campaigns',
          where: { id: { equals: sourceId } },
          limit: 1,
          depth: 0,
          req,
          overrideAccess: isSystem,
          user: req.user,
        })
      ).docs[0]
    : undefined
  if (!source) {
    throw notFound(`没有编号为 ${String(sourceId)} 的主题活动 / no campaign ${String(sourceId)}`)
  }
  if (!isSystem && !(await mayUpdate({ req, collection: 'campaigns', id: source.id }))) {
    throw forbidden(
      `只有“${source.name}”主办单位的活动组织者和全国办公室可以${action.zh} / only the campaign's organizers and the national office ${action.en}`,
    )
  }
  return source
}

const load = async ({ req, sourceId, request, isSystem = false }: Call): Promise<Loaded> => {
  const { payload } = req
  const source = await editionSource({ req, sourceId, isSystem })
  const asUser = { req, overrideAccess: isSystem, user: req.user, depth: 0 } as const
  if (request.year === source.year) {
    throw badRequest(
      `新一年度应不同于原活动的 ${source.year} 年 / the new edition needs a year other than ${source.year}`,
      [
        {
          path: 'year',
          message: `新一年度应不同于 ${source.year} 年 / a year other than ${source.year}`,
        },
      ],
    )
  }
  const name = request.name ?? datedName(source.name, source.year, request.year)
  // The edition of this year, made from this campaign before or named the same: never twice.
  const existing = (
    await payload.find({
      collection: 'campaigns',
      where: {
        or: [
          { and: [{ clonedFrom: { equals: source.id } }, { year: { equals: request.year } }] },
          { and: [{ name: { equals: name } }, { year: { equals: request.year } }] },
        ],
      },
      limit: 1,
      depth: 0,
      req,
      overrideAccess: true,
    })
  ).docs[0]
  if (existing) {
    throw conflict(
      `${request.year} 年度已有“${existing.name}”（编号 ${existing.id}），不再重复创建 / the ${request.year} edition exists already: "${existing.name}" (${existing.id})`,
    )
  }

  const timeZone = source.timeZone || defaultTimeZone
  const anchor = source.period?.start ?? source.phases?.find((phase) => phase.start)?.start
  let shift: EditionPlan['shift']
  if (request.startDate) {
    if (!anchor) {
      throw badRequest(
        `“${source.name}”没有开始日期，不能按新的开始日期顺延；请不填 startDate，按年度顺延 / the campaign has no start date to move: leave startDate out to move by years`,
        [{ path: 'startDate', message: '原活动没有开始日期 / the campaign has no start date' }],
      )
    }
    shift = {
      by: 'days',
      days: differenceInCalendarDays(
        new TZDate(`${request.startDate}T00:00:00`, timeZone),
        new TZDate(anchor, timeZone),
      ),
    }
  } else {
    shift = { by: 'years', years: request.year - source.year }
  }
  // In the campaign's zone, so a deadline at the end of a Beijing day stays on that day.
  const move = (iso: string | null | undefined): string | null => {
    if (!iso) {
      return null
    }
    const date = new TZDate(iso, timeZone)
    const moved = shift.by === 'years' ? addYears(date, shift.years) : addDays(date, shift.days)
    // Stored as UTC, as Payload stores every date.
    return new Date(moved.getTime()).toISOString()
  }

  const ofSource: Where = { campaign: { equals: source.id } }
  const subProjects = (
    await payload.find({
      collection: 'sub-projects',
      where: ofSource,
      draft: true,
      limit: 0,
      sort: 'id',
      ...asUser,
    })
  ).docs
  const quotas = request.quotas
    ? (
        await payload.find({
          collection: 'quotas',
          where: ofSource,
          limit: 0,
          sort: 'id',
          ...asUser,
        })
      ).docs
    : []
  const columns = (
    await payload.find({
      collection: 'columns',
      where: ofSource,
      limit: 0,
      sort: 'id',
      // The latest composition, published or not.
      draft: true,
      ...asUser,
    })
  ).docs
  const sites = (
    await payload.find({
      collection: 'partner-sites',
      where: { 'push.campaigns': { in: [source.id] } },
      limit: 0,
      sort: 'id',
      // Which sites take the campaign is its organizers' to know, though the field is the
      // office's to read; whether one may be changed is asked of each below.
      depth: 0,
      req,
      overrideAccess: true,
    })
  ).docs
  const partnerSites = await Promise.all(
    sites.map(async (site) => ({
      site,
      mayChange: isSystem || (await mayUpdate({ req, collection: 'partner-sites', id: site.id })),
    })),
  )
  // A provincial edition implements the national edition of its year, once that exists.
  const parentId = idOf(source.parent)
  const parentEdition = parentId
    ? ((
        await payload.find({
          collection: 'campaigns',
          where: {
            and: [
              { year: { equals: request.year } },
              { or: [{ clonedFrom: { equals: parentId } }, { id: { equals: parentId } }] },
            ],
          },
          limit: 1,
          depth: 0,
          req,
          overrideAccess: true,
        })
      ).docs.map((doc) => ({ id: doc.id, name: doc.name }))[0] ?? null)
    : null
  const parentCalls = parentEdition
    ? (
        await payload.find({
          collection: 'sub-projects',
          where: { campaign: { equals: parentEdition.id } },
          draft: true,
          limit: 0,
          depth: 0,
          req,
          overrideAccess: true,
        })
      ).docs
    : []
  const implementing = new Map(
    subProjects.map((each) => {
      const above = parentCalls.find((call) => call.name === each.name)
      const isLooser =
        above &&
        !each.specLoosenedReason?.trim() &&
        loosenedBounds(above.spec as SubmissionSpec, each.spec as SubmissionSpec).length > 0
      return [each.id, above && !isLooser ? { id: above.id, name: above.name } : null] as const
    }),
  )
  return {
    source,
    subProjects,
    quotas,
    columns,
    partnerSites,
    parentEdition,
    implementing,
    move,
    shift,
    name,
  }
}

/** 2016年… → 2026年…; a name without its year gets the new one in front, as notices date them. */
export const datedName = (name: string, fromYear: number, toYear: number): string =>
  name.includes(String(fromYear))
    ? name.replaceAll(String(fromYear), String(toYear))
    : `${toYear}年${name}`

/** A column's title names the campaign or its year: the new edition's. */
const retitle = (title: string, loaded: Loaded, year: number): string =>
  title.includes(loaded.source.name)
    ? title.replaceAll(loaded.source.name, loaded.name)
    : title.replaceAll(String(loaded.source.year), String(year))

export const planEdition = async (call: Call): Promise<EditionPlan> =>
  describe(await load(call), call.request, call.req)

const describe = (loaded: Loaded, request: EditionRequest, req: PayloadRequest): EditionPlan => {
  const { source, move } = loaded
  const warnings: string[] = []
  if (idOf(source.parent) && !loaded.parentEdition) {
    warnings.push(
      `上级活动的 ${request.year} 年度尚未建立，新活动暂不关联上级活动 / the parent campaign has no ${request.year} edition yet: the new one implements none until it is set`,
    )
  }
  for (const each of loaded.subProjects) {
    if (idOf(each.implements) && loaded.parentEdition && !loaded.implementing.get(each.id)) {
      warnings.push(
        `子项目“${each.name}”在上级活动的 ${request.year} 年度中没有同名且要求不更宽松的子项目，暂不关联 / "${each.name}" implements nothing in the parent's ${request.year} edition (no call of that name, or its spec would be loosened)`,
      )
    }
  }
  const actor = actorOf(req)
  const hosts = (source.hosts ?? []).map((host) => idOf(host)!)
  if (actor.kind === 'organizer' && hosts.some((host) => host !== actor.organizerId)) {
    warnings.push(
      '新活动以本单位为主办单位；联合主办单位由全国办公室添加 / the edition is hosted by your unit; the national office adds joint hosts',
    )
  }
  const skipped = loaded.partnerSites.filter((each) => !each.mayChange)
  if (skipped.length) {
    warnings.push(
      `${skipped.map((each) => `“${each.site.name}”`).join('、')}由全国办公室设置接收新活动 / the national office sets these partner sites to take the edition`,
    )
  }
  return {
    source: { id: source.id, name: source.name, year: source.year },
    campaign: {
      name: loaded.name,
      year: request.year,
      theme: request.theme ?? source.theme ?? null,
      label: request.label ?? source.label ?? null,
      period: { start: move(source.period?.start), end: move(source.period?.end) },
      phases: (source.phases ?? []).map((phase) => ({
        name: phase.name,
        start: move(phase.start),
        end: move(phase.end),
        deadlines: (phase.deadlines ?? []).map(
          (deadline) => `${move(deadline.date)?.slice(0, 10)} ${deadline.due}`,
        ),
      })),
      parent: loaded.parentEdition,
      hosts: hosts.length,
      participants: (source.participants ?? []).length,
      introClip: idOf(source.introClip) ?? null,
    },
    shift: loaded.shift,
    subProjects: loaded.subProjects.map((each) => ({
      from: each.id,
      title: each.name,
      ...(each.deadline ? { note: `截止 ${move(each.deadline)}` } : {}),
    })),
    quotas: loaded.quotas.map((each) => ({ from: each.id, title: each.title ?? String(each.id) })),
    columns: loaded.columns.map((each) => ({
      from: each.id,
      title: retitle(each.title, loaded, request.year),
    })),
    partnerSites: {
      taken: loaded.partnerSites
        .filter((each) => each.mayChange)
        .map(({ site }) => ({ from: site.id, title: site.name })),
      skipped: skipped.map(({ site }) => ({ from: site.id, title: site.name })),
    },
    warnings,
  }
}

/** Arrays as Payload stores them carry row ids; a copy gets new ones. */
const withoutRowIds = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value, (key, each: unknown) => (key === 'id' ? undefined : each))) as T

export const createEdition = async (call: Call): Promise<EditionResult> =>
  inTransaction(call.req, async () => {
    const { req, request, isSystem = false } = call
    const loaded = await load(call)
    const plan = describe(loaded, request, req)
    const { source, move } = loaded
    const { payload } = req
    const asUser = { req, overrideAccess: isSystem, user: req.user, depth: 0 } as const
    const actor = actorOf(req)
    const hosts = (source.hosts ?? []).map((host) => idOf(host)!)

    const campaign = await payload.create({
      collection: 'campaigns',
      data: {
        name: loaded.name,
        year: request.year,
        status: 'draft',
        theme: plan.campaign.theme,
        label: plan.campaign.label,
        period: plan.campaign.period,
        // Deadlines name sub-projects: set once the new sub-projects exist, below.
        phases: (source.phases ?? []).map((phase) => ({
          name: phase.name,
          start: move(phase.start),
          end: move(phase.end),
          description: phase.description,
          deadlines: (phase.deadlines ?? []).map((deadline) => ({
            date: move(deadline.date)!,
            due: deadline.due,
            level: deadline.level,
          })),
        })),
        hosts:
          actor.kind === 'organizer' && actor.organizerId
            ? hosts.filter((host) => host === actor.organizerId)
            : hosts,
        timeZone: source.timeZone,
        reporting: withoutRowIds(source.reporting),
        participants: (source.participants ?? []).map((each) => idOf(each)!),
        introClip: idOf(source.introClip) ?? null,
        logo: idOf(source.logo) ?? null,
        parent: loaded.parentEdition?.id ?? null,
        propagandistTargets: withoutRowIds(source.propagandistTargets ?? []),
        unification: source.unification,
        clonedFrom: source.id,
      },
      ...asUser,
    })

    const subProjectIds = new Map<number, number>()
    for (const each of loaded.subProjects) {
      const copy = await payload.create({
        collection: 'sub-projects',
        data: {
          campaign: campaign.id,
          name: each.name,
          kind: each.kind,
          deadline: move(each.deadline),
          description: each.description,
          host: idOf(each.host) ?? null,
          platforms: withoutRowIds(each.platforms ?? []),
          contacts: request.contacts ? (each.contacts ?? []).map((contact) => idOf(contact)!) : [],
          quota: each.quota,
          voting: each.voting
            ? {
                ...each.voting,
                opensAt: move(each.voting.opensAt),
                closesAt: move(each.voting.closesAt),
              }
            : undefined,
          spec: withoutRowIds(each.spec),
          implements: loaded.implementing.get(each.id)?.id ?? null,
          specLoosenedReason: each.specLoosenedReason,
          _status: 'draft',
        },
        draft: true,
        ...asUser,
      })
      subProjectIds.set(each.id, copy.id)
    }
    const phasesNamingSubProjects = (source.phases ?? []).some((phase) =>
      (phase.deadlines ?? []).some((deadline) => idOf(deadline.subProject)),
    )
    if (phasesNamingSubProjects) {
      await payload.update({
        collection: 'campaigns',
        id: campaign.id,
        data: {
          phases: (campaign.phases ?? []).map((phase, p) => ({
            ...phase,
            deadlines: (phase.deadlines ?? []).map((deadline, d) => ({
              ...deadline,
              subProject:
                subProjectIds.get(idOf(source.phases![p]!.deadlines![d]!.subProject) ?? -1) ?? null,
            })),
          })),
        },
        ...asUser,
      })
    }

    for (const each of loaded.quotas) {
      await payload.create({
        collection: 'quotas',
        data: {
          campaign: campaign.id,
          unit: idOf(each.unit)!,
          offlineEvents: each.offlineEvents,
          propagandists: withoutRowIds(each.propagandists ?? []),
          works: (each.works ?? []).flatMap((row) => {
            const subProject = subProjectIds.get(idOf(row.subProject)!)
            return subProject ? [{ subProject, count: row.count }] : []
          }),
        },
        ...asUser,
      })
    }
    for (const each of loaded.columns) {
      await payload.create({
        collection: 'columns',
        data: {
          title: retitle(each.title, loaded, request.year),
          unit: idOf(each.unit) ?? null,
          partnerSite: idOf(each.partnerSite) ?? null,
          campaign: campaign.id,
          channel: each.channel,
          url: each.url,
          banner: idOf(each.banner) ?? null,
          intro: each.intro,
          // The rules carry over; last year's hand-picked items do not, nor its calls but by
          // their copies.
          sections: (each.sections ?? []).map((section) => ({
            kind: section.kind,
            title: section.title,
            limit: section.limit,
            items: [],
            subProject: subProjectIds.get(idOf(section.subProject) ?? -1) ?? null,
            mediaKind: section.mediaKind,
            selectedOnly: section.selectedOnly,
          })),
          hasInteractionWindow: each.hasInteractionWindow,
          interactionWindow: {
            moderation: each.interactionWindow?.moderation,
            comments: each.interactionWindow?.comments,
            contributions: each.interactionWindow?.contributions,
          },
          _status: 'draft',
        },
        draft: true,
        ...asUser,
      })
    }
    const taken = loaded.partnerSites.filter((each) => each.mayChange)
    for (const { site } of taken) {
      await payload.update({
        collection: 'partner-sites',
        id: site.id,
        data: {
          push: {
            campaigns: [...(site.push?.campaigns ?? []).map((each) => idOf(each)!), campaign.id],
          },
        },
        ...asUser,
      })
    }
    return {
      message: `已创建“${campaign.name}”（筹备中）：子项目 ${subProjectIds.size} 个（草稿）、任务表 ${loaded.quotas.length} 行、专栏 ${loaded.columns.length} 个、合作网站 ${taken.length} 家 / created "${campaign.name}" as a draft: ${subProjectIds.size} sub-projects, ${loaded.quotas.length} quota rows, ${loaded.columns.length} columns, ${taken.length} partner sites`,
      campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
      created: {
        subProjects: subProjectIds.size,
        quotas: loaded.quotas.length,
        columns: loaded.columns.length,
        partnerSites: taken.length,
      },
    }
  })
