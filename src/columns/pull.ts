import type { CollectionSlug, Payload, PayloadRequest, Where } from 'payload'

import { createLocalReq } from 'payload'

import type { ResolvedOptions } from '../../plugins/unified-campaign/types'
import type { Rel } from '../lib/refusal'
import type { SectionKind } from './sections'

import { campaignSettings } from '../../plugins/unified-campaign/utilities/campaignSettings'
import { isWanted, wantedCopy } from '../../plugins/unified-campaign/utilities/labelledCopies'
import { customKey, resolveOptions } from '../../plugins/unified-campaign/types'
import { idOf } from '../lib/refusal'
import { publicBaseUrl } from '../lib/publicUrl'
import { defaultSectionLimit, maxSectionLimit } from './sections'

/**
 * A published column with everything a site shows resolved in one document: what
 * `GET /api/columns/:id/pull`, its feed and the `ColumnPull` GraphQL query answer (docs/columns.md).
 *
 * Everything is read as the public reads it (no user, access rules applied), whoever asks: the
 * document is the same for an anonymous reader, a partner key and the office, so it is built once
 * and cached as bytes (./pullCache.ts).
 */

/** How many approved comments and contributions a pull carries, newest first. */
export const interactionsPulled = 20

export type PulledFile = {
  url: string
  /** The campaign's labelled copy (intro clip in front, label drawn in): republish this one. */
  labelledUrl: string | null
  mimeType: string | null
  kind: string | null
}

export type PulledItem = {
  kind: 'entry' | 'notice' | 'featured-worker'
  id: number
  uri: string
  title: string
  summary: string | null
  /** The item over REST (there is no public page of its own yet). */
  url: string
  publishedAt: string | null
  image: string | null
  /** Works: their files, each with its labelled copy. */
  files?: PulledFile[]
  /** Works: the first file's labelled copy, or the file itself when there is none. */
  labelledUrl?: string | null
  isSelected?: boolean
}

export type PulledColumn = {
  id: number
  uri: string
  title: string
  channel: string
  url: string | null
  campaign: { id: number; name: string; label: string | null; year: number | null }
  owner: { kind: 'unit' | 'partner-site'; id: number; name: string }
  banner: { url: string; alt: string | null; width: number | null; height: number | null } | null
  intro: string | null
  sections: { kind: SectionKind; title: string | null; limit: number; items: PulledItem[] }[]
  interactionWindow: {
    enabled: boolean
    moderation: 'pre' | 'post'
    comments: boolean
    contributions: boolean
    /** Where a comment or contribution is posted, with `column` in the JSON body. */
    postUrl: string
    postBody: { column: number }
    /** Where pictures and text are contributed: multipart, `column` among the fields (docs/interaction-window.md). */
    contributeUrl: string
  }
  interactions: {
    id: number
    kind: string
    title: string | null
    body: string | null
    authorName: string | null
    images: string[]
    entry: { id: number; title: string } | null
    createdAt: string
  }[]
  publishedAt: string
}

/** The column as pulled and what it depends on (./pullCache.ts), or null when none is published. */
export type Resolved = { doc: PulledColumn | null; deps: Set<string> }

type Doc = Record<string, unknown> & { id: number }
type MediaDoc = Doc & {
  url?: string | null
  alt?: string | null
  width?: number | null
  height?: number | null
  mimeType?: string | null
  mediaKind?: string | null
}
type Section = {
  kind: SectionKind
  title?: string | null
  limit?: number | null
  items?: { relationTo: string; value: Rel }[] | null
  subProject?: Rel
  mediaKind?: string | null
  selectedOnly?: boolean | null
}

const itemKinds: Record<string, PulledItem['kind']> = {
  entries: 'entry',
  notices: 'notice',
  'featured-workers': 'featured-worker',
}

const absolute = (url: string | null | undefined, base: string): string | null =>
  url ? (/^https?:\/\//.test(url) ? url : `${base}${url.startsWith('/') ? '' : '/'}${url}`) : null

const asDoc = <T extends Doc>(value: unknown): T | null =>
  value && typeof value === 'object' ? (value as T) : null

/** The words of a Lexical document (a notice's body, a profile's story), cut to `max` characters. */
export const plainText = (value: unknown, max = 140): string | null => {
  const words: string[] = []
  const walk = (node: { text?: unknown; children?: unknown[]; type?: string }) => {
    if (typeof node.text === 'string') {
      words.push(node.text)
    }
    for (const child of (node.children ?? []) as (typeof node)[]) {
      walk(child)
    }
    if (node.type === 'paragraph' || node.type === 'heading') {
      words.push(' ')
    }
  }
  const root = (value as { root?: Parameters<typeof walk>[0] } | null | undefined)?.root
  if (root) {
    walk(root)
  }
  return cut(words.join(''), max)
}

const cut = (text: string | null | undefined, max = 140): string | null => {
  const clean = (text ?? '').replace(/\s+/g, ' ').trim()
  if (!clean) {
    return null
  }
  const chars = [...clean]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : clean
}

/** The options the unified-campaign plugin was configured with (its slugs), as the app booted it. */
const unifiedOptions = (payload: Payload): ResolvedOptions =>
  (payload.collections.campaigns?.config.custom?.[customKey] as ResolvedOptions | undefined) ??
  resolveOptions({})

/** Resolves the published column `id`, as the public sees it. */
export const resolveColumn = async (payload: Payload, id: number): Promise<Resolved> => {
  const deps = new Set<string>([`column:${id}`])
  const req = await createLocalReq({}, payload)
  const asPublic = { req, overrideAccess: false, depth: 0 } as const
  const base = publicBaseUrl()

  const column = (
    await payload.find({
      collection: 'columns',
      where: { and: [{ id: { equals: id } }, { _status: { equals: 'published' } }] },
      limit: 1,
      pagination: false,
      ...asPublic,
    })
  ).docs[0]
  if (!column) {
    return { doc: null, deps }
  }
  const campaignId = idOf(column.campaign as Rel)!
  deps.add(`campaign:${campaignId}`)
  // A campaign being prepared (筹备中) is nobody's to see yet, nor its columns.
  const campaign = (await payload.findByID({
    collection: 'campaigns',
    id: campaignId,
    disableErrors: true,
    select: { name: true, label: true, year: true },
    ...asPublic,
  })) as (Doc & { name: string; label?: string | null; year?: number | null }) | null
  if (!campaign) {
    return { doc: null, deps }
  }

  const unitId = idOf(column.unit as Rel)
  const siteId = idOf(column.partnerSite as Rel)
  const ownerSlug: CollectionSlug = unitId ? 'organizers' : 'partner-sites'
  const ownerId = (unitId ?? siteId)!
  deps.add(`${ownerSlug}:${ownerId}`)
  const owner = (await payload.findByID({
    collection: ownerSlug,
    id: ownerId,
    disableErrors: true,
    ...asPublic,
  })) as (Doc & { name?: string }) | null

  const bannerId = idOf(column.banner as Rel)
  let banner: PulledColumn['banner'] = null
  if (bannerId) {
    deps.add(`media:${bannerId}`)
    const media = (await payload.findByID({
      collection: 'media',
      id: bannerId,
      disableErrors: true,
      ...asPublic,
    })) as MediaDoc | null
    const url = absolute(media?.url, base)
    banner = url
      ? { url, alt: media?.alt ?? null, width: media?.width ?? null, height: media?.height ?? null }
      : null
  }

  const files = new LabelledFiles(payload, req, deps, base)
  const sections = [...((column.sections ?? []) as Section[])]
    // Pinned sections lead, whatever their place; the others keep the order composed.
    .sort((a, b) => Number(b.kind === 'pinned') - Number(a.kind === 'pinned'))
  const resolved: PulledColumn['sections'] = []
  for (const section of sections) {
    const limit = Math.min(Math.max(section.limit ?? defaultSectionLimit, 1), maxSectionLimit)
    const docs = await sectionDocs({ payload, req, campaignId, section, limit })
    const items: PulledItem[] = []
    for (const { slug, doc } of docs) {
      deps.add(`${slug}:${doc.id}`)
      items.push(toItem({ slug, doc, base, files }))
    }
    resolved.push({ kind: section.kind, title: section.title ?? null, limit, items })
  }
  await files.fillLabelled()
  for (const item of resolved.flatMap((section) => section.items)) {
    if (item.files) {
      item.labelledUrl = item.files[0]?.labelledUrl ?? item.files[0]?.url ?? null
    }
  }

  const window = (column.interactionWindow ?? {}) as {
    moderation?: 'pre' | 'post' | null
    comments?: boolean | null
    contributions?: boolean | null
  }
  const doc: PulledColumn = {
    id,
    uri: `urn:wangju:column:${id}`,
    title: column.title,
    channel: column.channel,
    url: column.url || (unitId ? `${base}/columns/${id}` : null),
    campaign: {
      id: campaignId,
      name: campaign.name,
      label: campaign.label ?? null,
      year: campaign.year ?? null,
    },
    owner: {
      kind: unitId ? 'unit' : 'partner-site',
      id: ownerId,
      name: owner?.name ?? '',
    },
    banner,
    intro: column.intro ?? null,
    sections: resolved,
    interactionWindow: {
      enabled: Boolean(column.hasInteractionWindow),
      moderation: window.moderation ?? 'pre',
      comments: Boolean(column.hasInteractionWindow) && window.comments !== false,
      contributions: Boolean(column.hasInteractionWindow) && window.contributions !== false,
      postUrl: `${base}/api/interactions/comment`,
      postBody: { column: id },
      contributeUrl: `${base}/api/interactions/contribute`,
    },
    interactions: await approvedInteractions({ payload, req, columnId: id, base, deps }),
    publishedAt: column.updatedAt,
  }
  return { doc, deps }
}

/** The documents a section shows, in its order, as the public reads them. */
const sectionDocs = async ({
  payload,
  req,
  campaignId,
  section,
  limit,
}: {
  payload: Payload
  req: PayloadRequest
  campaignId: number
  section: Section
  limit: number
}): Promise<{ slug: CollectionSlug; doc: Doc }[]> => {
  const asPublic = { req, overrideAccess: false, limit, pagination: false } as const
  const ofCampaign: Where = { campaign: { equals: campaignId } }
  const tagged = (slug: CollectionSlug, docs: unknown[]) =>
    docs.map((doc) => ({ slug, doc: doc as Doc }))
  switch (section.kind) {
    case 'notices':
      return tagged(
        'notices',
        (
          await payload.find({
            collection: 'notices',
            where: ofCampaign,
            sort: ['-issueDate', '-createdAt'],
            depth: 0,
            ...asPublic,
          })
        ).docs,
      )
    case 'works': {
      const where: Where[] = [ofCampaign]
      const subProject = idOf(section.subProject)
      if (subProject) {
        where.push({ subProject: { equals: subProject } })
      }
      if (section.selectedOnly) {
        where.push({ 'bestWork.status': { equals: 'selected' } })
      }
      if (section.mediaKind) {
        where.push({ 'media.mediaKind': { equals: section.mediaKind } })
      }
      return tagged(
        'entries',
        (
          await payload.find({
            collection: 'entries',
            where: { and: where },
            sort: '-createdAt',
            depth: 1,
            select: entrySelect,
            ...asPublic,
          })
        ).docs,
      )
    }
    case 'craftsmen':
      return tagged(
        'featured-workers',
        (
          await payload.find({
            collection: 'featured-workers',
            where: ofCampaign,
            sort: '-createdAt',
            depth: 1,
            select: workerSelect,
            ...asPublic,
          })
        ).docs,
      )
    case 'pinned':
    case 'picked': {
      // Hand-picked: in the order picked; what the public cannot read (a draft, a taken-down work) is left out.
      const picked = (section.items ?? []).flatMap((item) => {
        const id = idOf(item.value)
        return id && itemKinds[item.relationTo]
          ? [{ slug: item.relationTo as CollectionSlug, id }]
          : []
      })
      const found = new Map<string, Doc>()
      for (const slug of new Set(picked.map((each) => each.slug))) {
        const ids = picked.filter((each) => each.slug === slug).map((each) => each.id)
        const { docs } = await payload.find({
          collection: slug,
          where: { id: { in: ids } },
          depth: slug === 'notices' ? 0 : 1,
          ...(slug === 'entries' ? { select: entrySelect } : {}),
          ...(slug === 'featured-workers' ? { select: workerSelect } : {}),
          req,
          overrideAccess: false,
          limit: ids.length,
          pagination: false,
        })
        for (const doc of docs as Doc[]) {
          found.set(`${slug}:${doc.id}`, doc)
        }
      }
      return picked
        .flatMap(({ slug, id }) => {
          const doc = found.get(`${slug}:${id}`)
          return doc ? [{ slug, doc }] : []
        })
        .slice(0, limit)
    }
  }
}

const entrySelect = {
  title: true,
  description: true,
  text: true,
  media: true,
  campaign: true,
  bestWork: true,
  createdAt: true,
} as const

const workerSelect = {
  name: true,
  employer: true,
  trade: true,
  honours: true,
  photo: true,
  createdAt: true,
} as const

const toItem = ({
  slug,
  doc,
  base,
  files,
}: {
  slug: CollectionSlug
  doc: Doc
  base: string
  files: LabelledFiles
}): PulledItem => {
  const kind = itemKinds[slug]!
  const common = {
    kind,
    id: doc.id,
    uri: `urn:wangju:${kind}:${doc.id}`,
    url: `${base}/api/${slug}/${doc.id}`,
  }
  if (slug === 'notices') {
    return {
      ...common,
      title: String(doc.title ?? ''),
      summary: plainText(doc.body) ?? cut(doc.recipients as string | null),
      publishedAt: (doc.issueDate as string | null) ?? (doc.createdAt as string),
      image: null,
    }
  }
  if (slug === 'featured-workers') {
    const honours = ((doc.honours as { honour?: string }[] | null) ?? []).map((h) => h.honour)
    const photo = asDoc<MediaDoc>(doc.photo)
    if (photo) {
      files.depend(photo.id)
    }
    return {
      ...common,
      title: String(doc.name ?? ''),
      summary: cut([doc.employer, doc.trade, ...honours].filter(Boolean).join(' · ')),
      publishedAt: doc.createdAt as string,
      image: absolute(photo?.url, base),
    }
  }
  const media = ((doc.media as unknown[] | null) ?? [])
    .map((each) => asDoc<MediaDoc>(each))
    .filter((each): each is MediaDoc => Boolean(each?.url))
  const pulledFiles = media.map((file) =>
    files.add({ file, campaign: idOf(doc.campaign as Rel), url: absolute(file.url, base)! }),
  )
  const bestWork = doc.bestWork as { status?: string | null } | null | undefined
  const item: PulledItem = {
    ...common,
    title: String(doc.title ?? ''),
    summary: cut((doc.description as string | null) ?? (doc.text as string | null)),
    publishedAt: doc.createdAt as string,
    image: absolute(media.find((file) => file.mediaKind === 'image')?.url, base),
    files: pulledFiles,
    // Set once every labelled copy is looked up (`fillLabelled`).
    labelledUrl: null,
    isSelected: bestWork?.status === 'selected',
  }
  return item
}

/**
 * The labelled copies (plugins/unified-campaign/utilities/labelledCopies.ts) of the works' files:
 * each (file, campaign) has at most one, the one the campaign wants now (its current intro clip,
 * its current label text); a stale copy waiting for its job to redo it is not given out.
 */
class LabelledFiles {
  private wanted: { file: MediaDoc; campaign: number | undefined; pulled: PulledFile }[] = []

  constructor(
    private payload: Payload,
    private req: PayloadRequest,
    private deps: Set<string>,
    private base: string,
  ) {}

  depend(mediaId: number) {
    this.deps.add(`media:${mediaId}`)
  }

  add({ file, campaign, url }: { file: MediaDoc; campaign?: number; url: string }): PulledFile {
    this.depend(file.id)
    const pulled: PulledFile = {
      url,
      labelledUrl: null,
      mimeType: file.mimeType ?? null,
      kind: file.mediaKind ?? null,
    }
    this.wanted.push({ file, campaign, pulled })
    return pulled
  }

  async fillLabelled() {
    const options = unifiedOptions(this.payload)
    const byCampaign = new Map<number, typeof this.wanted>()
    for (const each of this.wanted) {
      if (each.campaign && ['video', 'image'].includes(each.file.mediaKind ?? '')) {
        byCampaign.set(each.campaign, [...(byCampaign.get(each.campaign) ?? []), each])
      }
    }
    for (const [campaign, wanted] of byCampaign) {
      const settings = await campaignSettings({ req: this.req, options, campaign })
      const { docs: copies } = await this.payload.find({
        collection: options.slugs.renditions,
        where: {
          and: [
            { original: { in: wanted.map((each) => each.file.id) } },
            { campaign: { equals: campaign } },
          ],
        },
        depth: 0,
        limit: 0,
        pagination: false,
        overrideAccess: true,
        req: this.req,
      })
      for (const { file, pulled } of wanted) {
        const want = wantedCopy({
          settings,
          kind: file.mediaKind as 'video' | 'image',
          isUsed: true,
        })
        const copy = (copies as unknown as (Doc & { url?: string; original?: Rel })[])
          .filter((each) => idOf(each.original) === file.id && isWanted(each as never, want))
          .sort((a, b) => a.id - b.id)[0]
        pulled.labelledUrl = absolute(copy?.url, this.base)
      }
    }
  }
}

/**
 * The newest approved comments and contributions of the column. The interaction window's
 * collection is another part of the app (src/moderation); a config without it pulls none.
 */
const approvedInteractions = async ({
  payload,
  req,
  columnId,
  base,
  deps,
}: {
  payload: Payload
  req: PayloadRequest
  columnId: number
  base: string
  deps: Set<string>
}): Promise<PulledColumn['interactions']> => {
  const slug = 'interactions' as CollectionSlug
  if (!payload.collections[slug]) {
    return []
  }
  // Only what was approved, and only the fields a netizen wrote for everyone to read (never a
  // contact left for staff): read past access, which is the moderators'.
  const { docs } = (await payload.find({
    collection: slug,
    where: {
      and: [{ column: { equals: columnId } }, { state: { equals: 'approved' } }],
    } as Where,
    sort: '-createdAt',
    limit: interactionsPulled,
    pagination: false,
    depth: 0,
    select: {
      kind: true,
      title: true,
      body: true,
      authorName: true,
      images: true,
      entry: true,
      createdAt: true,
    } as never,
    overrideAccess: true,
    req,
  })) as unknown as {
    docs: (Doc & {
      kind?: string
      title?: string | null
      body?: string | null
      authorName?: string | null
      images?: Rel[] | null
      entry?: Rel
      createdAt: string
    })[]
  }
  const imageIds = docs.flatMap((doc) => (doc.images ?? []).map((image) => idOf(image)!))
  const entryIds = docs.flatMap((doc) => (idOf(doc.entry) ? [idOf(doc.entry)!] : []))
  imageIds.forEach((id) => deps.add(`media:${id}`))
  entryIds.forEach((id) => deps.add(`entries:${id}`))
  const images = new Map(
    imageIds.length
      ? (
          await payload.find({
            collection: 'media',
            where: { id: { in: imageIds } },
            depth: 0,
            limit: 0,
            pagination: false,
            overrideAccess: true,
            req,
          })
        ).docs.map((doc) => [Number(doc.id), absolute((doc as unknown as MediaDoc).url, base)])
      : [],
  )
  // A work named by a comment is shown only while the public may read it.
  const entries = new Map(
    entryIds.length
      ? (
          await payload.find({
            collection: 'entries',
            where: { id: { in: entryIds } },
            select: { title: true },
            depth: 0,
            limit: 0,
            pagination: false,
            overrideAccess: false,
            req,
          })
        ).docs.map((doc) => [Number(doc.id), String(doc.title)])
      : [],
  )
  return docs.map((doc) => {
    const entryId = idOf(doc.entry)
    return {
      id: doc.id,
      kind: doc.kind ?? 'comment',
      title: doc.title ?? null,
      body: doc.body ?? null,
      authorName: doc.authorName ?? null,
      images: (doc.images ?? []).flatMap((image) => {
        const url = images.get(idOf(image)!)
        return url ? [url] : []
      }),
      entry: entryId && entries.has(entryId) ? { id: entryId, title: entries.get(entryId)! } : null,
      createdAt: doc.createdAt,
    }
  })
}
