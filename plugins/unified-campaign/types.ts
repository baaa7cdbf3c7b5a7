/** How a campaign applies one of the four unifications. */
export type RuleMode = 'enforce' | 'warn' | 'off'

export type UnifiedCampaignOptions = {
  /**
   * `false` keeps the fields, collections and task (same schema) but stops every rule, job and endpoint.
   * @default true
   */
  enabled?: boolean
  /** Slugs of the collections the plugin works with (this project's domain). */
  collections?: {
    /** @default 'campaigns' */
    campaigns?: string
    /** @default 'entries' */
    entries?: string
    /** @default 'columns' */
    columns?: string
    /** @default 'notices' */
    notices?: string
    /** @default 'featured-workers' */
    featuredWorkers?: string
    /** @default 'partner-sites' */
    partnerSites?: string
    /** @default 'media' */
    media?: string
    /** The renditions upload collection of the submission-spec plugin. @default 'renditions' */
    renditions?: string
  }
  /**
   * Rule 1 for documents published without any campaign (no campaign's setting can apply), for
   * all collections or per collection slug.
   * @default 'enforce'
   */
  unassignedThemeRule?: RuleMode | Record<string, RuleMode>
  /** Who may select 精品: the national office. @default ({ user }) => user?.role === 'admin' */
  canSelect?: (user: unknown) => boolean
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

export type ResolvedOptions = {
  isEnabled: boolean
  slugs: {
    campaigns: string
    entries: string
    columns: string
    notices: string
    featuredWorkers: string
    partnerSites: string
    media: string
    renditions: string
  }
  /** Rule 1 for a collection's documents without a campaign. */
  unassignedThemeRule: (collection: string) => RuleMode
  canSelect: (user: unknown) => boolean
  introTaskSlug: string
  watermarkTaskSlug: string
}

export const resolveOptions = (options: UnifiedCampaignOptions): ResolvedOptions => ({
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
  },
  unassignedThemeRule: (collection) => {
    const rule = options.unassignedThemeRule ?? 'enforce'
    return typeof rule === 'string' ? rule : (rule[collection] ?? 'enforce')
  },
  canSelect: options.canSelect ?? ((user) => (user as { role?: string } | null)?.role === 'admin'),
  introTaskSlug: options.introTaskSlug ?? 'prependIntro',
  watermarkTaskSlug: options.watermarkTaskSlug ?? 'watermarkPhoto',
})
