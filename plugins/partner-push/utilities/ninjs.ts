import { escapeText, safeHref } from './sanitizeHtml'

/**
 * The body of a push: an IPTC ninjs 2.2 news item (https://iptc.org/standards/ninjs/) that a
 * partner site can publish as is. ninjs 2.x allows no property it does not define, so everything
 * of ours (campaign, sub-project, unit, structured authors, the attribution republishers must
 * show, checksums) is in one extension property, `x_wangju`, described by the extension schema
 * beside this file (`ninjs-wangju-extension_2.2.json`, which adds it to IPTC's published
 * `ninjs-schema_2.2.json`) and named by the item's `standard.schema`.
 * Inputs are plain objects so the builder stays independent of Payload's generated types.
 */

/** The ninjs version the items follow. */
export const ninjsVersion = '2.2'

/** IPTC's schema of that version (its `$id`). */
export const ninjsSchemaUri = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json'

/** Our extension schema's `$id`: ninjs 2.2 plus `x_wangju`. Items name it in `standard.schema`. */
export const ninjsExtensionSchemaUri = 'urn:wangju:ninjs:2.2:extension'

export type NinjsType = 'text' | 'picture' | 'video' | 'composite'

export type NinjsPubstatus = 'usable' | 'canceled'

/** An entry's 作品形式, as stored in `entries.form`. */
export type EntryForm = 'graphic' | 'video' | 'h5' | 'panorama'

export type NinjsAuthorInput = {
  name: string
  /** The author's employer or union, shown after the name in `by`. */
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
   * The body as plain text (paragraphs on blank lines), as the entry's 作品正文 holds it; sent as
   * HTML we write ourselves (`bodyHtmlFromText`), so no markup of the author's reaches partners.
   */
  body?: { text: string } | null
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

/** A file of the work, by URL: renditions are links, never inline bytes. */
export type NinjsRenditionInput = {
  /** An absolute http(s) URL. */
  href: string
  /** Its IANA media type, e.g. `video/mp4`. */
  contenttype: string
  /** A title for the link, e.g. `原图`. */
  title?: string
  width?: number
  height?: number
  sizeinbytes?: number
  /** Seconds, for audio and video. */
  duration?: number
  /**
   * SHA-256 of the file, hex, so partners can check what they downloaded. ninjs renditions have
   * no such property: it is sent in `x_wangju.sha256`, keyed by `href`.
   */
  hash?: string
}

/** A ninjs 2.x headline, body or description: the text, what it is for, and its media type. */
export type NinjsText = { role: string; contenttype: string; value: string }

export type NinjsRendition = Omit<NinjsRenditionInput, 'hash'> & {
  /** The rendition's name within the item, e.g. `original`. */
  name: string
}

export type NinjsSubject = { name: string; uri: string; rel: 'campaign' | 'sub-project' }

type Reference = { id: string; name: string; uri: string }

/** `x_wangju`: what ninjs has no property for. */
export type WangjuExtension = {
  campaign: Reference & { year?: number; label?: string }
  subProject?: Reference
  /** The submitting unit (报送单位). */
  unit?: Reference
  /** The authors one by one (`by` has them as one line). */
  authors: NinjsAuthorInput[]
  attribution: NinjsAttribution
  /** The attribution as one line, ready to print under the work. */
  attributionText: string
  /** SHA-256 (hex) of the item's renditions, keyed by `href`. */
  sha256?: Record<string, string>
}

export type NinjsItem = {
  uri: string
  /** Which standard and schema the item follows: ninjs 2.2 with our extension. */
  standard: { name: 'ninjs'; version: typeof ninjsVersion; schema: typeof ninjsExtensionSchemaUri }
  type: NinjsType
  /** `full` for a work, `partial` for a takedown (only what identifies the work). */
  representationtype: 'full' | 'partial'
  version: string
  firstcreated?: string
  versioncreated: string
  pubstatus: NinjsPubstatus
  language: 'zh'
  /** `main`: the title with the campaign label. */
  headlines: NinjsText[]
  /** `main`: the sanitised HTML body. */
  bodies?: NinjsText[]
  /** `summary`: 作品简介, plain text. */
  descriptions?: NinjsText[]
  by?: string
  located?: string
  subjects: NinjsSubject[]
  renditions?: NinjsRendition[]
  usageterms: string
  x_wangju: WangjuExtension
}

const typeByForm: Record<EntryForm, NinjsType> = {
  graphic: 'composite',
  video: 'video',
  h5: 'composite',
  panorama: 'picture',
}

/**
 * A canceled item (a takedown) carries no body, description or renditions: partners need only
 * the `uri` to remove their copy, and a takedown must not spread the content again.
 */
export const toNinjs = ({
  entry,
  campaign,
  version,
  pubstatus,
  attribution,
  renditions = {},
}: {
  entry: NinjsEntryInput
  campaign: NinjsCampaignInput
  /** Increases with every push of the same entry; partners keep the highest. */
  version: number | string
  pubstatus: NinjsPubstatus
  attribution: NinjsAttribution
  /** By name, e.g. `original`, `thumbnail`. */
  renditions?: Record<string, NinjsRenditionInput>
}): NinjsItem => {
  for (const key of ['source', 'originalAuthor', 'originalTitle', 'responsibleEditor'] as const) {
    if (!attribution[key]?.trim()) {
      throw new TypeError(`署名信息缺少 ${key} / attribution.${key} is required`)
    }
  }
  const isUsable = pubstatus === 'usable'
  const authors = entry.authors
    .map(({ name, unit: authorUnit }) => ({ name: name.trim(), unit: authorUnit?.trim() }))
    .filter(({ name }) => name)
    .map(({ name, unit: authorUnit }) => (authorUnit ? { name, unit: authorUnit } : { name }))
  const bodyHtml = isUsable && entry.body ? bodyHtmlFromText(entry.body.text) : ''
  const description = isUsable ? entry.description?.trim() : ''
  const campaignUri = campaign.uri ?? `urn:wangju:campaign:${campaign.id}`
  const subProject = entry.subProject
    ? {
        id: String(entry.subProject.id),
        name: entry.subProject.name,
        uri: entry.subProject.uri ?? `urn:wangju:sub-project:${entry.subProject.id}`,
      }
    : undefined
  const unit = entry.unit
    ? {
        id: String(entry.unit.id),
        name: entry.unit.name,
        uri: entry.unit.uri ?? `urn:wangju:organizer:${entry.unit.id}`,
      }
    : undefined
  const sha256: Record<string, string> = {}
  const itemRenditions = isUsable ? toRenditions(renditions, sha256) : []
  return {
    uri: entry.uri ?? `urn:wangju:entry:${entry.id}`,
    standard: { name: 'ninjs', version: ninjsVersion, schema: ninjsExtensionSchemaUri },
    type: entry.type ?? (entry.form ? typeByForm[entry.form] : 'text'),
    representationtype: isUsable ? 'full' : 'partial',
    version: String(version),
    ...(entry.createdAt ? { firstcreated: toIso(entry.createdAt) } : {}),
    versioncreated: toIso(entry.updatedAt),
    pubstatus,
    language: 'zh',
    headlines: [
      {
        role: 'main',
        contenttype: 'text/plain',
        value: labelledHeadline({ title: entry.title, label: campaign.label }),
      },
    ],
    ...(bodyHtml ? { bodies: [{ role: 'main', contenttype: 'text/html', value: bodyHtml }] } : {}),
    ...(description
      ? { descriptions: [{ role: 'summary', contenttype: 'text/plain', value: description }] }
      : {}),
    ...(authors.length > 0
      ? {
          by: authors
            .map(({ name, unit: authorUnit }) => (authorUnit ? `${name}（${authorUnit}）` : name))
            .join('、'),
        }
      : {}),
    ...(entry.located?.trim() ? { located: entry.located.trim() } : {}),
    subjects: [
      { name: campaign.name, uri: campaignUri, rel: 'campaign' },
      ...(subProject
        ? [{ name: subProject.name, uri: subProject.uri, rel: 'sub-project' as const }]
        : []),
    ],
    ...(itemRenditions.length > 0 ? { renditions: itemRenditions } : {}),
    usageterms:
      '转载须完整注明来源、原作者、原标题和责任编辑 / republishers must show the source, original author, original title and responsible editor',
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
      authors,
      attribution: { ...attribution },
      attributionText: `来源：${attribution.source}　原作者：${attribution.originalAuthor}　原标题：${attribution.originalTitle}　责任编辑：${attribution.responsibleEditor}`,
      ...(Object.keys(sha256).length > 0 ? { sha256 } : {}),
    },
  }
}

/**
 * Plain text as HTML: a paragraph per blank-line-separated block, single line breaks kept. The
 * only tags are the `<p>` and `<br>` written here; every character of the text is escaped, so
 * the result needs no sanitiser. NUL is dropped: HTML parsers refuse or replace it.
 */
export const bodyHtmlFromText = (text: string): string =>
  text
    .replace(/\0/g, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${block.split('\n').map(trimLineSpaces).map(escapeText).join('<br>')}</p>`)
    .join('')

/**
 * A line without the spaces, tabs and ideographic spaces at its ends. By hand: splitting on the
 * pattern `[ \t\u3000]*\n[ \t\u3000]*` tried it from every space of a run that holds no line
 * break, quadratic in the length of the run.
 */
const trimLineSpaces = (line: string): string => {
  const isLineSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x3000
  let start = 0
  let end = line.length
  while (start < end && isLineSpace(line.charCodeAt(start))) {
    start++
  }
  while (end > start && isLineSpace(line.charCodeAt(end - 1))) {
    end--
  }
  return line.slice(start, end)
}

const labelledHeadline = ({ title, label }: { title: string; label?: string | null }): string => {
  const trimmed = title.trim()
  const mark = label?.trim()
  return !mark || trimmed.includes(mark) ? trimmed : `【${mark}】${trimmed}`
}

/** Renditions as the ninjs 2.x array, each checked; their hashes go into `sha256` by href. */
const toRenditions = (
  renditions: Record<string, NinjsRenditionInput>,
  sha256: Record<string, string>,
): NinjsRendition[] =>
  Object.entries(renditions).map(([name, rendition]) => {
    const href = safeHref(rendition.href)
    if (!href) {
      throw new TypeError(
        `副本 ${name} 的地址必须是 http(s) 网址 / rendition ${name} must have an absolute http(s) href`,
      )
    }
    if (rendition.hash !== undefined && !/^[0-9a-f]{64}$/i.test(rendition.hash)) {
      throw new TypeError(
        `副本 ${name} 的 hash 必须是 SHA-256 十六进制 / rendition ${name} hash must be SHA-256 hex`,
      )
    }
    for (const key of ['width', 'height', 'sizeinbytes'] as const) {
      const value = rendition[key]
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
        throw new TypeError(
          `副本 ${name} 的 ${key} 无效 / rendition ${name} ${key} must be a non-negative integer`,
        )
      }
    }
    if (
      rendition.duration !== undefined &&
      !(Number.isFinite(rendition.duration) && rendition.duration >= 0)
    ) {
      throw new TypeError(
        `副本 ${name} 的 duration 无效 / rendition ${name} duration must be a non-negative number of seconds`,
      )
    }
    if (rendition.hash !== undefined) {
      sha256[href] = rendition.hash.toLowerCase()
    }
    return {
      name,
      href,
      contenttype: rendition.contenttype,
      ...(rendition.title?.trim() ? { title: rendition.title.trim() } : {}),
      ...(rendition.width !== undefined ? { width: rendition.width } : {}),
      ...(rendition.height !== undefined ? { height: rendition.height } : {}),
      ...(rendition.sizeinbytes !== undefined ? { sizeinbytes: rendition.sizeinbytes } : {}),
      ...(rendition.duration !== undefined ? { duration: rendition.duration } : {}),
    }
  })

const toIso = (value: string | Date): string => {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`无效的时间 ${String(value)} / invalid date ${String(value)}`)
  }
  return date.toISOString()
}
