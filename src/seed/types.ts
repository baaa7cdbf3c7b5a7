import type {
  Campaign,
  Contact,
  Notice,
  Organizer,
  PartnerSite,
  SubProject,
} from '../payload-types'

/**
 * Demo data as the source notices state it. Records refer to each other by natural keys
 * (an organizer's name, a campaign's `key`, a notice's 文号 or title), never by database ids,
 * so loading is an idempotent upsert on those keys.
 */

export type SeedOrganizer = Pick<Organizer, 'name' | 'kind' | 'level'> & {
  shortName?: string
  /** The parent organizer's `name`. */
  parent?: string
  region?: string
  website?: string
  reportingMailbox?: string
}

export type SeedContact = Pick<Contact, 'name'> & {
  /** The organizer's `name`. */
  organizer: string
  department?: string
  mobile?: string
  landline?: string
  email?: string
  /** What the notice published: every field given above normally. */
  publicFields: NonNullable<Contact['publicFields']>
}

export type SeedPhase = {
  name: string
  /** ISO dates, e.g. '2020-06-01'. */
  start?: string
  end?: string
  description?: string
  deadlines?: { date: string; due: string }[]
}

export type SeedCampaign = Pick<Campaign, 'name' | 'year' | 'status'> & {
  /** Stable key other records use, e.g. 'national-2016-craftsmen'. */
  key: string
  theme?: string
  period?: { start?: string; end?: string }
  phases?: SeedPhase[]
  /** Organizer names. */
  hosts?: string[]
  participants?: string[]
  label?: string
  /** The parent campaign's key. */
  parent?: string
  propagandistTargets?: { tier: string; count: number }[]
}

export type SeedSubProject = Pick<SubProject, 'name' | 'kind'> & {
  /** The campaign's key. */
  campaign: string
  description?: string
  /** The host organizer's name. */
  host?: string
  platforms?: { kind: 'website' | 'wechat' | 'weibo' | 'app'; name: string; address?: string }[]
  /** Contact names (each unique in the seed). */
  contacts?: string[]
  deadline?: string
  spec?: NonNullable<SubProject['spec']>
  /** The heading this sub-project has in a quota table, when it has one (e.g. '微视频'). */
  quotaColumn?: string
}

export type SeedAttachment = {
  title: string
  /** A table as printed, tab-separated, kept verbatim (malformed rows included). */
  table?: string
}

export type SeedNotice = Pick<Notice, 'title'> & {
  /** 文号 as printed; absent for notices that have none (Beijing 2015). */
  documentNumber?: string
  /** Organizer names, in the order the notice lists them. */
  issuers: string[]
  issueDate?: string
  recipients?: string
  /** The campaign's key. */
  campaign?: string
  /** File name under src/seed/notices/ holding the body text (paragraphs separated by blank lines). */
  bodyFile: string
  attachments?: SeedAttachment[]
  /** Contact names. */
  contacts?: string[]
  /** The 文号 of the notice this one forwards. */
  forwards?: string
  forwardingText?: string
  /** Published (true) or kept as a draft. */
  isPublished: boolean
}

export type SeedPartnerSite = Pick<PartnerSite, 'name' | 'kind'> & {
  /** The organizer's name (the site itself is usually also an organizer). */
  organizer?: string
  channels?: NonNullable<PartnerSite['channels']>
  website?: string
}

export type SeedQuotaTable = {
  /** The campaign's key. */
  campaign: string
  /** Where the table was printed, for the import report. */
  source: string
  /** The table, tab-separated, verbatim. */
  table: string
}

/**
 * A union's own column (专栏) served here, one per channel, published. Picked items name notices
 * by their 文号.
 */
export type SeedColumn = {
  title: string
  /** The campaign's key. */
  campaign: string
  /** The union's name (an organizer). */
  unit: string
  channels: NonNullable<PartnerSite['channels']>
  intro?: string
  sections: {
    kind: 'pinned' | 'notices' | 'works' | 'craftsmen' | 'picked'
    title: string
    limit?: number
    selectedOnly?: boolean
    mediaKind?: 'video' | 'image'
    /** Notices by 文号, for pinned and picked sections. */
    notices?: string[]
  }[]
}

export type SeedData = {
  organizers: SeedOrganizer[]
  contacts: SeedContact[]
  campaigns: SeedCampaign[]
  subProjects: SeedSubProject[]
  notices: SeedNotice[]
  partnerSites: SeedPartnerSite[]
  quotaTables: SeedQuotaTable[]
  columns?: SeedColumn[]
  /** The national base list of sensitive words (敏感词). */
  sensitiveWords?: { word: string; action: 'block' | 'hold' | 'replace' }[]
  /** What netizens left in a column's window (its title and channel name it). */
  interactions?: {
    column: string
    channel: SeedColumn['channels'][number]
    body: string
    authorName?: string
    state: 'pending' | 'approved'
    hitWords?: string
  }[]
}
