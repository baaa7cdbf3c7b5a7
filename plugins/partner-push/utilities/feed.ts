import { createHash } from 'node:crypto'

import { escapeText } from './sanitizeHtml'

/**
 * The pull feed of a campaign, as JSON Feed 1.1 (https://jsonfeed.org/version/1.1) and RSS 2.0,
 * built from plain objects so it stays independent of Payload. Items are changes (a new version
 * or a takedown) ordered by change time then id; the cursor points after the last one seen.
 */

/** Where a page of the feed ends: the change time and id of its last item. */
export type FeedCursor = {
  changedAt: string
  /** Absent for a plain date: every change after that moment. */
  id?: number
}

export type FeedAttribution = {
  source: string
  originalAuthor: string
  originalTitle: string
  responsibleEditor: string
}

/** One file of a work, as pushes link it: the labelled copy (republish this one) or the original. */
export type FeedAttachment = {
  /** Absolute URL; readable without a key while the work is published. */
  url: string
  mimeType: string
  /** `labelled`, `original`, `labelled-2` …: the push's rendition name. */
  rendition: string
  title: string
  sizeInBytes?: number
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256?: string
  width?: number
  height?: number
}

export type FeedItem = {
  entryId: number
  pubstatus: 'usable' | 'canceled'
  version: number
  /** ISO time of this change (`syndication.changedAt`). */
  changedAt: string
  /** The title with the campaign label. */
  title: string
  /** Sanitised HTML of the work; never set on a takedown. */
  contentHtml?: string
  summary?: string
  url?: string
  authors: { name: string; unit?: string }[]
  datePublished?: string
  attribution?: FeedAttribution
  /** The work's files, each labelled copy before its original; never set on a takedown. */
  attachments?: FeedAttachment[]
}

export type FeedCampaign = { id: number; name: string; label?: string | null; year?: number | null }

export type FeedPage = {
  campaign: FeedCampaign
  items: FeedItem[]
  /** The cursor to ask with next time (after the last item, or the one asked with). */
  nextSince?: string
  /** Set when more changes remain after this page. */
  nextUrl?: string
  homePageUrl: string
  feedUrl: string
}

/** The namespace of our RSS extension elements (`<wangju:pubstatus>` …). */
export const wangjuNamespace = 'urn:wangju:feed:1'

/** An opaque cursor: base64url of `changedAt|id`. */
export const encodeCursor = ({ changedAt, id }: { changedAt: string; id: number }): string =>
  Buffer.from(`${new Date(changedAt).toISOString()}|${id}`, 'utf8').toString('base64url')

/** Reads a cursor made by `encodeCursor`, or an ISO date; null when it is neither. */
export const decodeCursor = (value: string): FeedCursor | null => {
  const decoded = /^[A-Za-z0-9_-]+$/.test(value)
    ? Buffer.from(value, 'base64url').toString('utf8')
    : ''
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|(\d+)$/.exec(decoded)
  if (match && !Number.isNaN(Date.parse(match[1]!))) {
    return { changedAt: new Date(match[1]!).toISOString(), id: Number(match[2]) }
  }
  // A date alone: at least a full date, so a random word is not read as one.
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    return { changedAt: new Date(value).toISOString() }
  }
  return null
}

/** The item's stable id in both formats. */
export const itemId = (entryId: number): string => `urn:wangju:entry:${entryId}`

const takedownTitle = (title: string) => `[撤稿] ${title}`
const takedownText = '该作品已撤稿，请删除转载 / this work has been taken down: remove your copy'

const wangjuOf = (item: FeedItem, campaign: FeedCampaign) => ({
  version: item.version,
  pubstatus: item.pubstatus,
  cursor: encodeCursor({ changedAt: item.changedAt, id: item.entryId }),
  campaign: {
    id: campaign.id,
    name: campaign.name,
    ...(campaign.label ? { label: campaign.label } : {}),
  },
  ...(item.pubstatus === 'usable' && item.attribution ? { attribution: item.attribution } : {}),
})

/**
 * JSON Feed 1.1. JSON Feed has no tombstone: a takedown keeps its `id` and `date_modified`, its
 * title is `[撤稿] …`, `_wangju.pubstatus` is `canceled`, and the only content is the notice to
 * remove it (the format requires some content).
 */
export const toJsonFeed = (page: FeedPage) => ({
  version: 'https://jsonfeed.org/version/1.1',
  title: feedTitle(page.campaign),
  home_page_url: page.homePageUrl,
  feed_url: page.feedUrl,
  description: feedDescription,
  language: 'zh-CN',
  ...(page.nextUrl ? { next_url: page.nextUrl } : {}),
  _wangju: {
    campaign: page.campaign.id,
    ...(page.nextSince ? { next_since: page.nextSince } : {}),
  },
  items: page.items.map((item) =>
    item.pubstatus === 'canceled'
      ? {
          id: itemId(item.entryId),
          title: takedownTitle(item.title),
          content_text: takedownText,
          date_modified: item.changedAt,
          _wangju: wangjuOf(item, page.campaign),
        }
      : {
          id: itemId(item.entryId),
          ...(item.url ? { url: item.url } : {}),
          title: item.title,
          content_html: item.contentHtml ?? '',
          ...(item.summary ? { summary: item.summary } : {}),
          ...(item.datePublished ? { date_published: item.datePublished } : {}),
          date_modified: item.changedAt,
          ...(item.authors.length ? { authors: item.authors.map(({ name }) => ({ name })) } : {}),
          ...(mainImage(item) ? { image: mainImage(item)!.url } : {}),
          ...(item.attachments?.length
            ? { attachments: item.attachments.map(toJsonAttachment) }
            : {}),
          _wangju: wangjuOf(item, page.campaign),
        },
  ),
})

/** The first picture among the files (its labelled copy when there is one): JSON Feed's `image`. */
const mainImage = (item: FeedItem): FeedAttachment | undefined =>
  item.attachments?.find((file) => file.mimeType.startsWith('image/'))

/**
 * A JSON Feed attachment; what the format has no property for (the SHA-256, which rendition,
 * the dimensions) is in our `_wangju` extension object.
 */
const toJsonAttachment = (file: FeedAttachment) => ({
  url: file.url,
  mime_type: file.mimeType,
  title: file.title,
  ...(file.sizeInBytes !== undefined ? { size_in_bytes: file.sizeInBytes } : {}),
  _wangju: {
    rendition: file.rendition,
    ...(file.sha256 ? { sha256: file.sha256 } : {}),
    ...(file.width ? { width: file.width } : {}),
    ...(file.height ? { height: file.height } : {}),
  },
})

/**
 * An item's files in RSS. RSS readers take one `<enclosure>` per item, so it is the first file
 * (the labelled copy of the first file, when there is one); every file, that one included, is a
 * Media RSS `<media:content>` with its rendition name and SHA-256 as `wangju:` attributes.
 */
const rssFiles = (files: FeedAttachment[] | undefined): string => {
  const [first] = files ?? []
  if (!first) {
    return ''
  }
  return [
    `<enclosure url="${xml(first.url)}" length="${first.sizeInBytes ?? 0}" type="${xml(first.mimeType)}"/>`,
    ...files!.map((file) =>
      [
        `<media:content url="${xml(file.url)}" type="${xml(file.mimeType)}" medium="${medium(file.mimeType)}"`,
        file.sizeInBytes !== undefined ? ` fileSize="${file.sizeInBytes}"` : '',
        file.width ? ` width="${file.width}"` : '',
        file.height ? ` height="${file.height}"` : '',
        ` wangju:rendition="${xml(file.rendition)}"`,
        file.sha256 ? ` wangju:sha256="${xml(file.sha256)}"` : '',
        `>${el('media:title', file.title)}</media:content>`,
      ].join(''),
    ),
  ].join('')
}

const medium = (mimeType: string) =>
  ['image', 'video', 'audio'].includes(mimeType.split('/')[0]!)
    ? mimeType.split('/')[0]!
    : 'document'

/** RSS 2.0, with Atom `self`/`next` links (RFC 5005 paging) and `wangju:` elements for the state. */
export const toRss = (page: FeedPage): string => {
  const lastBuild = page.items.at(-1)?.changedAt
  const items = page.items.map((item) => {
    const isCanceled = item.pubstatus === 'canceled'
    const wangju = wangjuOf(item, page.campaign)
    return [
      '<item>',
      el('title', isCanceled ? takedownTitle(item.title) : item.title),
      !isCanceled && item.url ? el('link', item.url) : '',
      `<guid isPermaLink="false">${xml(itemId(item.entryId))}</guid>`,
      el('pubDate', new Date(item.changedAt).toUTCString()),
      el('description', isCanceled ? takedownText : (item.contentHtml ?? '')),
      !isCanceled && item.authors.length
        ? el('dc:creator', item.authors.map(({ name }) => name).join('、'))
        : '',
      isCanceled ? '' : rssFiles(item.attachments),
      el('wangju:pubstatus', item.pubstatus),
      el('wangju:version', String(item.version)),
      el('wangju:changedAt', item.changedAt),
      el('wangju:cursor', wangju.cursor),
      !isCanceled && item.attribution
        ? `<wangju:attribution source="${xml(item.attribution.source)}" originalAuthor="${xml(item.attribution.originalAuthor)}" originalTitle="${xml(item.attribution.originalTitle)}" responsibleEditor="${xml(item.attribution.responsibleEditor)}"/>`
        : '',
      '</item>',
    ].join('')
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:wangju="${wangjuNamespace}">`,
    '<channel>',
    el('title', feedTitle(page.campaign)),
    el('link', page.homePageUrl),
    el('description', feedDescription),
    el('language', 'zh-cn'),
    lastBuild ? el('lastBuildDate', new Date(lastBuild).toUTCString()) : '',
    `<atom:link href="${xml(page.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    page.nextUrl
      ? `<atom:link href="${xml(page.nextUrl)}" rel="next" type="application/rss+xml"/>`
      : '',
    page.nextSince ? el('wangju:nextSince', page.nextSince) : '',
    ...items,
    '</channel>',
    '</rss>',
  ].join('\n')
}

/** A strong ETag: a hash of exactly the bytes sent. */
export const etagOf = (body: string): string =>
  `"${createHash('sha256').update(body).digest('base64url')}"`

/** `If-None-Match` against our ETag, with the weak comparison RFC 9110 prescribes for it. */
export const matchesIfNoneMatch = (header: string | null | undefined, etag: string): boolean => {
  if (!header) {
    return false
  }
  const bare = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag))
}

const feedDescription =
  '参与网站拉取的精品作品与撤稿 / selected works and takedowns for partner sites'

const feedTitle = (campaign: FeedCampaign) => `${campaign.name} · 精品作品 / selected works`

const el = (name: string, text: string) => `<${name}>${xml(text)}</${name}>`

/** XML text: escaped, and without the control characters XML 1.0 cannot carry. */
const xml = (text: string) =>
  // eslint-disable-next-line no-control-regex -- those characters are what is removed
  escapeText(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''))
