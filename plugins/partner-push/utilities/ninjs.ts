import { escapeText, safeHref, sanitizeHtml } from './sanitizeHtml'

/**
 * The body of a push: an IPTC ninjs-style news item (https://iptc.org/standards/ninjs/) that a
 * partner site can publish as is, with the attribution it must show in `x_wangju`.
 * Inputs are plain objects so the builder stays independent of Payload's generated types.
 */

export type NinjsType = 'text' | 'picture' | 'video' | 'composite'

export type NinjsPubstatus = 'usable' | 'canceled'

/** An entry's 作品形式, as stored in `entries.form`. */
export type EntryForm = 'graphic' | 'video' | 'h5' | 'panorama'

export type NinjsAuthorInput = {
  name: string
  /** The author's employer or union, shown after the name in `bylines`. */
  unit?: string
}

/** A named reference (campaign, sub-project, unit). */
export type NinjsRefInput = {
  id: string | number
  name: string
  /** A stable URI for it. @default `urn:wangju:<kind>:<id>` */
  uri?: string
}

export type NinjsEntryInput = {
  id: string | number
  /** Stable across versions; partners key their copy on it. @default `urn:wangju:entry:<id>` */
  uri?: string
  /** The entry's own title, without the campaign label (added for the headline). */
  title: string
  /** Decides `type` when `type` is not given. */
  form?: EntryForm | null
  /** Overrides the type derived from `form`. */
  type?: NinjsType
  authors: NinjsAuthorInput[]
  /**
   * The body, in whichever form the entry has it: Lexical JSON, plain text (paragraphs on blank
   * lines) or HTML. Every form goes through the sanitiser.
   */
  body?: { lexical: unknown } | { text: string } | { html: string } | null
  /** 作品简介, sent as plain text. */
  description?: string | null
  /** Where the story happened, e.g. `山西临汾`. */
  located?: string | null
  createdAt?: string | Date
  /** The time of this version. */
  updatedAt: string | Date
  subProject?: NinjsRefInput | null
  /** The submitting unit (报送单位). */
  unit?: NinjsRefInput | null
}

export type NinjsCampaignInput = NinjsRefInput & {
  year?: number
  /** 作品标识, e.g. `中国梦·大国工匠篇`: headlines carry it as `【…】`. */
  label?: string | null
}

/** What every republisher must print with the work. */
export type NinjsAttribution = {
  /** 来源, e.g. `中华全国总工会网络工作部`. */
  source: string
  /** 原作者. */
  originalAuthor: string
  /** 原标题. */
  originalTitle: string
  /** 责任编辑. */
  responsibleEditor: string
}

export type NinjsRendition = {
  /** An absolute http(s) URL: renditions are links, never inline bytes. */
  href: string
  mimetype: string
  width?: number
  height?: number
  sizeinbytes?: number
  /** SHA-256 of the file, lowercase hex, so partners can check what they downloaded. */
  hash?: string
}

export type NinjsAssociationInput = {
  uri: string
  type: NinjsType
  headline?: string
  description?: string
  /** Photographer or author of the associated item. */
  by?: string
  renditions?: Record<string, NinjsRendition>
}

export type NinjsItem = {
  uri: string
  version: string
  firstcreated?: string
  versioncreated: string
  pubstatus: NinjsPubstatus
  type: NinjsType
  language: 'zh'
  headline: string
  body_html?: string
  description_text?: string
  by?: string
  bylines?: { byline: string; title?: string }[]
  located?: string
  subject: { name: string; uri: string; scheme: string }[]
  renditions?: Record<string, NinjsRendition>
  associations?: Record<string, Omit<NinjsAssociationInput, 'renditions'> & { renditions?: Record<string, NinjsRendition> }>
  usageterms: string
  x_wangju: {
    campaign: { id: string; name: string; uri: string; year?: number; label?: string }
    subProject?: { id: string; name: string; uri: string }
    unit?: { id: string; name: string; uri: string }
    attribution: NinjsAttribution
    /** The attribution as one line, ready to print under the work. */
    attributionText: string
  }
}

const typeByForm: Record<EntryForm, NinjsType> = {
  graphic: 'composite',
  video: 'video',
  h5: 'composite',
  panorama: 'picture',
}

/**
 * A canceled item (a takedown) carries no body, renditions or associations: partners need only
 * the `uri` to remove their copy, and a takedown must not spread the content again.
 */
export const toNinjs = ({
  entry,
  campaign,
  version,
  pubstatus,
  attribution,
  renditions = {},
  associations = {},
}: {
  entry: NinjsEntryInput
  campaign: NinjsCampaignInput
  /** Increases with every push of the same entry; partners keep the highest. */
  version: number | string
  pubstatus: NinjsPubstatus
  attribution: NinjsAttribution
  renditions?: Record<string, NinjsRendition>
  associations?: Record<string, NinjsAssociationInput>
}): NinjsItem => {
  for (const key of ['source', 'originalAuthor', 'originalTitle', 'responsibleEditor'] as const) {
    if (!attribution[key]?.trim()) {
      throw new TypeError(`署名信息缺少 ${key} / attribution.${key} is required`)
    }
  }
  const isUsable = pubstatus === 'usable'
  const names = entry.authors.map(({ name }) => name.trim()).filter(Boolean)
  const bodyHtml = isUsable ? bodyHtmlFrom(entry.body) : ''
  const campaignUri = campaign.uri ?? `urn:wangju:campaign:${campaign.id}`
  const subProject = entry.subProject ? { id: String(entry.subProject.id), name: entry.subProject.name, uri: entry.subProject.uri ?? `urn:wangju:sub-project:${entry.subProject.id}` } : undefined
  const unit = entry.unit ? { id: String(entry.unit.id), name: entry.unit.name, uri: entry.unit.uri ?? `urn:wangju:organizer:${entry.unit.id}` } : undefined
  return {
    uri: entry.uri ?? `urn:wangju:entry:${entry.id}`,
    version: String(version),
    ...(entry.createdAt ? { firstcreated: toIso(entry.createdAt) } : {}),
    versioncreated: toIso(entry.updatedAt),
    pubstatus,
    type: entry.type ?? (entry.form ? typeByForm[entry.form] : 'text'),
    language: 'zh',
    headline: labelledHeadline({ title: entry.title, label: campaign.label }),
    ...(bodyHtml ? { body_html: bodyHtml } : {}),
    ...(isUsable && entry.description?.trim() ? { description_text: entry.description.trim() } : {}),
    ...(names.length > 0
      ? {
          by: names.join('、'),
          bylines: entry.authors
            .filter(({ name }) => name.trim())
            .map(({ name, unit: authorUnit }) => ({ byline: name.trim(), ...(authorUnit?.trim() ? { title: authorUnit.trim() } : {}) })),
        }
      : {}),
    ...(entry.located?.trim() ? { located: entry.located.trim() } : {}),
    subject: [
      { name: campaign.name, uri: campaignUri, scheme: 'urn:wangju:scheme:campaign' },
      ...(subProject ? [{ name: subProject.name, uri: subProject.uri, scheme: 'urn:wangju:scheme:sub-project' }] : []),
    ],
    ...(isUsable && Object.keys(renditions).length > 0 ? { renditions: checkRenditions(renditions) } : {}),
    ...(isUsable && Object.keys(associations).length > 0
      ? {
          associations: Object.fromEntries(
            Object.entries(associations).map(([name, { renditions: associated, ...rest }]) => [
              name,
              { ...rest, ...(associated ? { renditions: checkRenditions(associated) } : {}) },
            ]),
          ),
        }
      : {}),
    usageterms: '转载须完整注明来源、原作者、原标题和责任编辑 / republishers must show the source, original author, original title and responsible editor',
    x_wangju: {
      campaign: {
        id: String(campaign.id),
        name: campaign.name,
        uri: campaignUri,
        ...(campaign.year ? { year: campaign.year } : {}),
        ...(campaign.label?.trim() ? { label: campaign.label.trim() } : {}),
      },
      ...(subProject ? { subProject } : {}),
      ...(unit ? { unit } : {}),
      attribution: { ...attribution },
      attributionText: `来源：${attribution.source}　原作者：${attribution.originalAuthor}　原标题：${attribution.originalTitle}　责任编辑：${attribution.responsibleEditor}`,
    },
  }
}

/**
 * A Lexical editor state (paragraph, heading, quote, list, listitem, text, linebreak, link,
 * autolink nodes, as `src/lib/lexical.ts` and the admin editor produce) as sanitised HTML.
 * Bold and italic survive; headings become h2/h3; uploads, blocks and internal links keep only
 * their text, as partners cannot resolve our ids.
 */
export const bodyHtmlFromLexical = (state: unknown): string => {
  const root = (state as { root?: LexicalNode } | null)?.root
  return root ? sanitizeHtml(renderChildren(root)) : ''
}

/** Plain text as HTML: a paragraph per blank-line-separated block, single line breaks kept. */
export const bodyHtmlFromText = (text: string): string =>
  sanitizeHtml(
    text
      .replace(/\r\n?/g, '\n')
      .split(/\n[ \t\u3000]*\n/)
      .map((block) => block.trim())
      .filter(Boolean)
      .map((block) => `<p>${block.split(/[ \t\u3000]*\n[ \t\u3000]*/).map(escapeText).join('<br>')}</p>`)
      .join(''),
  )

type LexicalNode = {
  type?: string
  text?: string
  format?: number | string
  tag?: string
  listType?: string
  url?: string
  fields?: { url?: string; linkType?: string }
  children?: LexicalNode[]
}

const isBold = 1
const isItalic = 2

const renderChildren = (node: LexicalNode): string => (Array.isArray(node.children) ? node.children.map(renderNode).join('') : '')

const renderNode = (node: LexicalNode): string => {
  switch (node.type) {
    case 'text': {
      let html = escapeText(typeof node.text === 'string' ? node.text : '')
      const format = typeof node.format === 'number' ? node.format : 0
      if (format & isItalic) {
        html = `<em>${html}</em>`
      }
      if (format & isBold) {
        html = `<strong>${html}</strong>`
      }
      return html
    }
    case 'linebreak':
      return '<br>'
    case 'tab':
      return ' '
    case 'paragraph': {
      const inner = renderChildren(node)
      // Editors use empty paragraphs as spacing; partners' own styles handle that.
      return inner.trim() ? `<p>${inner}</p>` : ''
    }
    case 'heading': {
      const level = Number(String(node.tag ?? 'h2').slice(1))
      const tag = level >= 3 ? 'h3' : 'h2'
      return `<${tag}>${renderChildren(node)}</${tag}>`
    }
    case 'quote':
      return `<blockquote>${renderChildren(node)}</blockquote>`
    case 'list': {
      const tag = node.listType === 'number' || node.tag === 'ol' ? 'ol' : 'ul'
      return `<${tag}>${renderChildren(node)}</${tag}>`
    }
    case 'listitem':
      return `<li>${renderChildren(node)}</li>`
    case 'link':
    case 'autolink': {
      const href = node.fields?.linkType === 'internal' ? null : safeHref(node.fields?.url ?? node.url)
      const inner = renderChildren(node)
      return href ? `<a href="${escapeText(href)}">${inner}</a>` : inner
    }
    default:
      // Unknown containers keep their text; unknown leaves (uploads, blocks, rules) are dropped.
      return renderChildren(node)
  }
}

const bodyHtmlFrom = (body: NinjsEntryInput['body']): string => {
  if (!body) {
    return ''
  }
  if ('html' in body) {
    return sanitizeHtml(body.html)
  }
  if ('lexical' in body) {
    return bodyHtmlFromLexical(body.lexical)
  }
  return bodyHtmlFromText(body.text)
}

const labelledHeadline = ({ title, label }: { title: string; label?: string | null }): string => {
  const trimmed = title.trim()
  const mark = label?.trim()
  return !mark || trimmed.includes(mark) ? trimmed : `【${mark}】${trimmed}`
}

const checkRenditions = (renditions: Record<string, NinjsRendition>): Record<string, NinjsRendition> =>
  Object.fromEntries(
    Object.entries(renditions).map(([name, rendition]) => {
      const href = safeHref(rendition.href)
      if (!href) {
        throw new TypeError(`副本 ${name} 的地址必须是 http(s) 网址 / rendition ${name} must have an absolute http(s) href`)
      }
      if (rendition.hash !== undefined && !/^[0-9a-f]{64}$/i.test(rendition.hash)) {
        throw new TypeError(`副本 ${name} 的 hash 必须是 SHA-256 十六进制 / rendition ${name} hash must be SHA-256 hex`)
      }
      for (const key of ['width', 'height', 'sizeinbytes'] as const) {
        const value = rendition[key]
        if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
          throw new TypeError(`副本 ${name} 的 ${key} 无效 / rendition ${name} ${key} must be a non-negative integer`)
        }
      }
      return [
        name,
        {
          href,
          mimetype: rendition.mimetype,
          ...(rendition.width !== undefined ? { width: rendition.width } : {}),
          ...(rendition.height !== undefined ? { height: rendition.height } : {}),
          ...(rendition.sizeinbytes !== undefined ? { sizeinbytes: rendition.sizeinbytes } : {}),
          ...(rendition.hash !== undefined ? { hash: rendition.hash.toLowerCase() } : {}),
        },
      ]
    }),
  )

const toIso = (value: string | Date): string => {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`无效的时间 ${String(value)} / invalid date ${String(value)}`)
  }
  return date.toISOString()
}
