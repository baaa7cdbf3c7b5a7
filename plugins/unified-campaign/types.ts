import type { CollectionSlug, PayloadRequest } from 'payload'

/** How a campaign applies one of the four unifications. */
export type RuleMode = 'enforce' | 'warn' | 'off'

/** Who may read a campaign's reports: asked for one campaign. */
export type ReadReportsAccess = (args: {
  req: PayloadRequest
  campaignId: number
}) => boolean | Promise<boolean>

/** Who may recommend a work: asked for one entry, before it is looked up. */
export type RecommendAccess = (args: {
  req: PayloadRequest
  entryId: number
}) => boolean | Promise<boolean>

/** Who reads the standing report: published content that belongs to no campaign. */
export type ReadStandingAccess = (args: { req: PayloadRequest }) => boolean | Promise<boolean>

/** Who may select 精品: asked by the endpoints and by the access of the fields they set. */
export type SelectAccess = (args: { req: PayloadRequest }) => boolean | Promise<boolean>

/** The campaigns the requesting partner account takes part in (ids). */
export type PartnerCampaigns = (args: { req: PayloadRequest }) => number[] | Promise<number[]>

/**
 * Who may do what the plugin adds. Each rule is the app's: the defaults follow Payload's own
 * default access (anyone logged in to the admin), so an app with roles passes its own.
 */
export type UnifiedCampaignAccess = {
  /**
   * Who reads a campaign's coverage and compliance reports: `GET /api/<campaigns>/:id/coverage`
   * and `/compliance`, and the campaign's 专栏覆盖 / Coverage tab in the admin.
   * @default a logged-in user of `collections.users`
   */
  readReports?: ReadReportsAccess
  /**
   * Who reads the standing report, `GET /api/<campaigns>/standing`: what is published without
   * any campaign (rule 1), site-wide, so reported once rather than on every campaign.
   * @default a logged-in user of `collections.users`
   */
  readStanding?: ReadStandingAccess
  /**
   * Who recommends works (`POST /api/<entries>/:id/recommend`). A user then recommends only a
   * work it may read; a partner account (`collections.partnerAccounts`) any published work of
   * its `partnerCampaigns`.
   * @default a partner account, or a logged-in user of `collections.users`
   */
  recommend?: RecommendAccess
  /**
   * Who selects and deselects best works (`POST /api/<entries>/:id/select`, `/deselect`), and
   * sets an entry's `bestWork` and `recommendations` by hand (their field access).
   * @default a logged-in user of `collections.users`
   */
  select?: SelectAccess
}

export type UnifiedCampaignOptions = {
  /**
   * `false` keeps the fields, collections and task (same schema) but stops every rule, job and endpoint.
   * @default true
   */
  enabled?: boolean
  /** Slugs of the collections the plugin works with (README: the fields it reads in each). */
  collections?: {
    /** @default 'campaigns' */
    campaigns?: CollectionSlug
    /** @default 'entries' */
    entries?: CollectionSlug
    /** @default 'columns' */
    columns?: CollectionSlug
    /** @default 'notices' */
    notices?: CollectionSlug
    /** @default 'featured-workers' */
    featuredWorkers?: CollectionSlug
    /** @default 'partner-sites' */
    partnerSites?: CollectionSlug
    /** @default 'media' */
    media?: CollectionSlug
    /** The renditions upload collection (the submission-spec plugin's). @default 'renditions' */
    renditions?: CollectionSlug
    /** The people who log into the admin: who selected a best work (`bestWork.selectedBy`). @default the config's `admin.user`, else 'users' */
    users?: CollectionSlug
    /** The auth collection partner sites recommend works with (API keys). @default 'partner-accounts' */
    partnerAccounts?: CollectionSlug
  }
  /**
   * Rule 1 for documents published without any campaign (no campaign's setting can apply), for
   * all collections or per collection slug.
   * @default 'enforce'
   */
  unassignedThemeRule?: RuleMode | Record<string, RuleMode>
  /** Who may read the reports, recommend works and select best works. */
  access?: UnifiedCampaignAccess
  /**
   * The campaigns the requesting partner account takes part in. A partner site may read fewer
   * works than it may recommend (only the selected ones, say): it recommends any published work
   * of these campaigns.
   * @default none given: a partner account recommends only what it may read
   */
  partnerCampaigns?: PartnerCampaigns
  /** Task slug of the intro-clip job. @default 'prependIntro' */
  introTaskSlug?: string
  /** Task slug of the photo watermark job. @default 'watermarkPhoto' */
  watermarkTaskSlug?: string
  /**
   * Where this plugin's folder is, as a component path relative to the admin import map's
   * `baseDir` (Payload resolves admin components from there).
   * @default '/../plugins/unified-campaign'
   */
  componentsPath?: string
}

/** The options with every default filled in. */
export type ResolvedOptions = {
  isEnabled: boolean
  slugs: {
    campaigns: CollectionSlug
    entries: CollectionSlug
    columns: CollectionSlug
    notices: CollectionSlug
    featuredWorkers: CollectionSlug
    partnerSites: CollectionSlug
    media: CollectionSlug
    renditions: CollectionSlug
    users: CollectionSlug
    partnerAccounts: CollectionSlug
  }
  /** Rule 1 for a collection's documents without a campaign. */
  unassignedThemeRule: (collection: string) => RuleMode
  access: Required<UnifiedCampaignAccess>
  partnerCampaigns?: PartnerCampaigns
  introTaskSlug: string
  watermarkTaskSlug: string
}

/** The collection of whoever asks (an auth collection's slug), if anyone. */
export const collectionOf = (req: PayloadRequest): string | undefined =>
  (req.user as { collection?: string } | null | undefined)?.collection

export const resolveOptions = (
  options: UnifiedCampaignOptions,
  { adminUser }: { adminUser?: string } = {},
): ResolvedOptions => {
  const users = options.collections?.users ?? ((adminUser ?? 'users') as CollectionSlug)
  const partnerAccounts = options.collections?.partnerAccounts ?? 'partner-accounts'
  const isUser = ({ req }: { req: PayloadRequest }): boolean => collectionOf(req) === users
  return {
    isEnabled: options.enabled !== false,
    slugs: {
      campaigns: options.collections?.campaigns ?? 'campaigns',
      entries: options.collections?.entries ?? 'entries',
      columns: options.collections?.columns ?? 'columns',
      notices: options.collections?.notices ?? 'notices',
      featuredWorkers: options.collections?.featuredWorkers ?? 'featured-workers',
      partnerSites: options.collections?.partnerSites ?? 'partner-sites',
      media: options.collections?.media ?? 'media',
      renditions: options.collections?.renditions ?? 'renditions',
      users,
      partnerAccounts,
    },
    unassignedThemeRule: (collection) => {
      const rule = options.unassignedThemeRule ?? 'enforce'
      return typeof rule === 'string' ? rule : (rule[collection] ?? 'enforce')
    },
    access: {
      readReports: options.access?.readReports ?? isUser,
      readStanding: options.access?.readStanding ?? isUser,
      recommend:
        options.access?.recommend ??
        (({ req }) => isUser({ req }) || collectionOf(req) === partnerAccounts),
      select: options.access?.select ?? isUser,
    },
    partnerCampaigns: options.partnerCampaigns,
    introTaskSlug: options.introTaskSlug ?? 'prependIntro',
    watermarkTaskSlug: options.watermarkTaskSlug ?? 'watermarkPhoto',
  }
}

/** `custom` key under which the campaigns collection carries the resolved options (server only). */
export const customKey = 'unifiedCampaign'
