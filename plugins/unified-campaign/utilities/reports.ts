import type { CollectionSlug, PayloadRequest, Where } from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { campaignSettings, type CampaignSettings } from './campaignSettings'
import { hasLabel } from '../../shared/label'

export const channelNames: Record<string, { zh: string; en: string }> = {
  pc: { zh: 'PC 端', en: 'PC' },
  weibo: { zh: '微博', en: 'Weibo' },
  wechat: { zh: '微信', en: 'WeChat' },
  app: { zh: '客户端', en: 'App' },
}

export type CoverageCell = {
  partnerSite: { id: number; name: string }
  channel: string
  hasColumn: boolean
  column?: { id: number; title: string; url?: string | null }
  carriesLabel: boolean
  hasInteractionWindow: boolean
  isComplete: boolean
}

export type CoverageReport = {
  campaign: { id: number; name: string; label?: string | null }
  rule: string
  sites: number
  cells: CoverageCell[]
  complete: number
  /** Every site × channel that lacks its column, its label or its interaction window. */
  missing: { partnerSite: string; channel: string; problems: string[] }[]
}

/** A relationship as Payload gives it: the id, or the document when populated. */
type Related = number | { id: number }

type Site = {
  id: number
  name: string
  channels?: string[] | null
  organizer?: Related | null
  isActive?: boolean | null
}
type Column = {
  id: number
  title: string
  url?: string | null
  partnerSite?: Related | null
  /** A union's own column (served by the app), standing for the sites of that union. */
  unit?: Related | null
  channel?: string
  hasInteractionWindow?: boolean | null
}

/**
 * The columns of a campaign that sites show: with drafts, the published version only (a draft
 * counts for nothing until it is published), as the main document keeps it while a newer draft waits.
 */
const publishedColumnsWhere = (
  req: PayloadRequest,
  options: ResolvedOptions,
  campaignId: number,
) => {
  const hasDrafts = Boolean(req.payload.collections[options.slugs.columns]?.config.versions?.drafts)
  const where: Where = hasDrafts
    ? { and: [{ campaign: { equals: campaignId } }, { _status: { equals: 'published' } }] }
    : { campaign: { equals: campaignId } }
  return where
}

/** Whether the column stands for the site: it names the site, or it is the site's union's own. */
const isColumnOf = (column: Column, site: Site): boolean =>
  column.partnerSite
    ? extractID(column.partnerSite) === site.id
    : Boolean(column.unit && site.organizer && extractID(column.unit) === extractID(site.organizer))

/**
 * Rule 2 for one campaign: for each participating partner site (its organizer is among the
 * campaign's participants) and each channel the site runs, whether the campaign has a published
 * column there (the site's own, or its union's column served by the app), whether the published
 * title carries the label, and whether its interaction window is on.
 */
export const coverageReport = async ({
  req,
  options,
  campaignId,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  campaignId: number
}): Promise<CoverageReport> => {
  const settings = (await campaignSettings({ req, options, campaign: campaignId }))!
  const campaign = (await req.payload.findByID({
    collection: options.slugs.campaigns,
    id: campaignId,
    depth: 0,
    req,
  })) as {
    participants?: Related[] | null
  }
  const participants = (campaign.participants ?? []).map((participant) => extractID(participant))
  const { docs: sites } = (await req.payload.find({
    collection: options.slugs.partnerSites,
    where: {
      and: [
        { organizer: { in: participants.length ? participants : [0] } },
        { isActive: { not_equals: false } },
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'name',
    req,
  })) as unknown as { docs: Site[] }
  const { docs: columns } = (await req.payload.find({
    collection: options.slugs.columns,
    where: publishedColumnsWhere(req, options, campaignId),
    depth: 0,
    limit: 0,
    pagination: false,
    req,
  })) as unknown as { docs: Column[] }

  const cells: CoverageCell[] = []
  const missing: CoverageReport['missing'] = []
  for (const site of sites) {
    for (const channel of site.channels?.length ? site.channels : Object.keys(channelNames)) {
      // The site's own column first, else its union's.
      const column =
        columns.find((c) => c.partnerSite && isColumnOf(c, site) && c.channel === channel) ??
        columns.find((c) => isColumnOf(c, site) && c.channel === channel)
      const carriesLabel = Boolean(
        column && settings.label && hasLabel(column.title, settings.label),
      )
      const hasInteractionWindow = Boolean(column?.hasInteractionWindow)
      const problems = [
        ...(column ? [] : ['未开设专栏 / no column']),
        ...(column && settings.label && !carriesLabel
          ? ['专栏名称缺少作品标识 / title lacks the label']
          : []),
        ...(column && !hasInteractionWindow ? ['未设互动窗口 / no interaction window'] : []),
      ]
      const cell: CoverageCell = {
        partnerSite: { id: site.id, name: site.name },
        channel,
        hasColumn: Boolean(column),
        column: column ? { id: column.id, title: column.title, url: column.url } : undefined,
        carriesLabel,
        hasInteractionWindow,
        isComplete: problems.length === 0,
      }
      cells.push(cell)
      if (problems.length) {
        missing.push({
          partnerSite: site.name,
          channel: channelNames[channel]?.zh ?? channel,
          problems,
        })
      }
    }
  }
  return {
    campaign: { id: settings.id, name: settings.name, label: settings.label },
    rule: settings.rules.columns,
    sites: sites.length,
    cells,
    complete: cells.filter((c) => c.isComplete).length,
    missing,
  }
}

export type ComplianceSummary = {
  campaign: { id: number; name: string }
  /**
   * The rules as they stand within the campaign. Rule 1 (unified theme) is about content with no
   * campaign at all, which no campaign's report counts: see `standingReport`.
   */
  rules: {
    columns: { mode: string; violations: number; detail: string }
    label: { mode: string; violations: number; detail: string }
    intro: { mode: string; violations: number; detail: string }
    bestWorks: { mode: string; recommended: number; selected: number; detail: string }
  }
}

/** Published content in no campaign, per collection: the first `listed` of each, newest first. */
export type StandingReport = {
  rule: Record<string, string>
  total: number
  collections: {
    collection: string
    count: number
    items: { id: number; title: string; updatedAt: string }[]
  }[]
}

/**
 * Rule 1 site-wide: what is published without any campaign — works, profiles and notices (a
 * standing notice only warns) — counted once, for the office that sees to it.
 */
export const standingReport = async ({
  req,
  options,
  listed = 50,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  listed?: number
}): Promise<StandingReport> => {
  const { payload } = req
  const kinds = [
    { collection: options.slugs.entries, status: 'status', title: 'title' },
    { collection: options.slugs.featuredWorkers, status: 'status', title: 'name' },
    { collection: options.slugs.notices, status: '_status', title: 'title' },
  ].filter((kind) => payload.collections[kind.collection])
  const collections = await Promise.all(
    kinds.map(async ({ collection, status, title }) => {
      const found = await payload.find({
        collection,
        where: { and: [{ campaign: { exists: false } }, { [status]: { equals: 'published' } }] },
        depth: 0,
        limit: listed,
        sort: '-updatedAt',
        select: { [title]: true, updatedAt: true } as never,
        req,
      })
      return {
        collection,
        count: found.totalDocs,
        items: (found.docs as unknown as Record<string, unknown>[]).map((doc) => ({
          id: Number(doc.id),
          title: String(doc[title] ?? ''),
          updatedAt: String(doc.updatedAt),
        })),
      }
    }),
  )
  return {
    rule: Object.fromEntries(
      kinds.map(({ collection }) => [collection, options.unassignedThemeRule(collection)]),
    ),
    total: collections.reduce((sum, each) => sum + each.count, 0),
    collections,
  }
}

/** How far a campaign keeps each of the four unifications: violations counted per rule. */
export const complianceSummary = async ({
  req,
  options,
  campaignId,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  campaignId: number
}): Promise<ComplianceSummary> => {
  const settings = (await campaignSettings({
    req,
    options,
    campaign: campaignId,
  })) as CampaignSettings
  const { payload } = req
  // An app may lack notices or featured workers: what it does not have breaks no rule.
  const count = async (collection: CollectionSlug, where: Where) =>
    payload.collections[collection]
      ? (await payload.count({ collection, where, req })).totalDocs
      : 0

  const coverage = await coverageReport({ req, options, campaignId })

  const { docs: published } = (await payload.find({
    collection: options.slugs.entries,
    where: { and: [{ campaign: { equals: campaignId } }, { status: { equals: 'published' } }] },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { title: true, media: true },
    req,
  })) as unknown as { docs: { id: number; title: string; media?: Related[] | null }[] }
  const { docs: columns } = (await payload.find({
    collection: options.slugs.columns,
    where: publishedColumnsWhere(req, options, campaignId),
    depth: 0,
    limit: 0,
    pagination: false,
    select: { title: true },
    req,
  })) as unknown as { docs: { title: string }[] }
  const unlabelled = settings.label
    ? [...published, ...columns].filter((doc) => !hasLabel(doc.title, settings.label!)).length
    : 0

  // Published video works without the campaign's own rendition made with its current intro.
  let withoutIntro = 0
  if (settings.introClip) {
    const mediaIds = published.flatMap((e) => (e.media ?? []).map((media) => extractID(media)))
    const videos = mediaIds.length
      ? (
          await payload.find({
            collection: options.slugs.media,
            where: { and: [{ id: { in: mediaIds } }, { mediaKind: { equals: 'video' } }] },
            depth: 0,
            limit: 0,
            pagination: false,
            select: {},
            req,
          })
        ).docs.map((d) => Number(d.id))
      : []
    const done = videos.length
      ? (
          await payload.find({
            collection: options.slugs.renditions,
            where: {
              and: [
                { original: { in: videos } },
                { campaign: { equals: settings.id } },
                { name: { equals: 'intro' } },
                { intro: { equals: settings.introClip } },
              ],
            },
            depth: 0,
            limit: 0,
            pagination: false,
            select: { original: true } as never,
            req,
          })
        ).docs
          .flatMap((d) => (d as { original?: Related | null }).original ?? [])
          .map((original) => extractID(original))
      : []
    withoutIntro = videos.filter((id) => !done.includes(id)).length
  }

  const recommended = await count(options.slugs.entries, {
    and: [{ campaign: { equals: campaignId } }, { 'bestWork.status': { equals: 'recommended' } }],
  })
  const selected = await count(options.slugs.entries, {
    and: [{ campaign: { equals: campaignId } }, { 'bestWork.status': { equals: 'selected' } }],
  })

  return {
    campaign: { id: settings.id, name: settings.name },
    rules: {
      columns: {
        mode: settings.rules.columns,
        violations: coverage.missing.length,
        detail: `${coverage.complete}/${coverage.cells.length} 个网站渠道专栏齐全 / site-channels complete`,
      },
      label: {
        mode: settings.rules.label,
        violations: unlabelled,
        detail: '已发布作品和专栏标题缺少作品标识 / published titles without the label',
      },
      intro: {
        mode: settings.rules.label,
        violations: withoutIntro,
        detail: '已发布视频作品尚无片头版本 / published videos without the intro rendition',
      },
      bestWorks: {
        mode: settings.rules.bestWorks,
        recommended,
        selected,
        detail: '待选定的推荐作品和已选定的精品 / recommended awaiting selection, and selected',
      },
    },
  }
}
