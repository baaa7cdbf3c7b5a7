import type { Access, CollectionSlug, Payload, PayloadRequest, TaskType } from 'payload'

import type { CollectionOverride } from '../shared/collectionOverride'

/** A rule of the plugin's own actions: true lets the request through. */
export type ManageAccess = (args: { req: PayloadRequest }) => boolean | Promise<boolean>

/** Who may do what the plugin adds: the app's rules, in one place. */
export type PartnerPushAccess = {
  /**
   * The office's side of pushing: pause, resume and rotate the secret of a partner site, resend
   * and replay deliveries, issue a partner account's API key, delete push history (deliveries,
   * receipts), read a site's push settings and 推送状况 note (a site's own partner accounts read
   * theirs too), and see the admin's buttons for these (推送操作, 重新发送, 重放, API 密钥).
   * @default a logged-in user of `collections.users` (every user of the admin)
   */
  manage?: ManageAccess
  /**
   * Who reads the push history: the delivery log and the receipts (each names a work, so an app
   * scopes it like the works themselves), and a work's reach (`GET /api/<entries>/:id/reach`,
   * refused when this gives false). Nobody writes them but the plugin.
   * @default a logged-in user of `collections.users`
   */
  readHistory?: Access
}

export type PartnerPushOptions = {
  /** Who may do what the plugin adds (the defaults let every user of the admin). */
  access?: PartnerPushAccess
  /**
   * `false` keeps collections and fields (same schema) but stops fan-out, deliveries and feeds.
   * @default true
   */
  enabled?: boolean
  /** Slugs of the collections the plugin works with (README: the fields it reads in each). */
  collections?: {
    /** @default 'partner-sites' */
    partnerSites?: CollectionSlug
    /** @default 'entries' */
    entries?: CollectionSlug
    /** @default 'campaigns' */
    campaigns?: CollectionSlug
    /** @default 'partner-accounts' */
    partnerAccounts?: CollectionSlug
    /** @default 'media' */
    media?: CollectionSlug
    /** The submission-spec plugin's derived files, where the labelled copies are. @default 'renditions' */
    renditions?: CollectionSlug
    /** The admin's users: who selects works (the responsible editor partners print). @default the config's `admin.user`, else 'users' */
    users?: CollectionSlug
  }
  /** Slug of the delivery log collection the plugin adds. @default 'deliveries' */
  deliveriesSlug?: CollectionSlug
  /**
   * Changes to the collections the plugin adds, as Payload's own plugins take them
   * (`formOverrides`): any collection option but the slug (`deliveriesSlug`; receipts are always
   * `receipts`), `admin` and `access` merged over the plugin's one level deep, hooks run after the
   * plugin's own, and `fields` as `({ defaultFields }) => Field[]` (keep `defaultFields`: the
   * plugin writes and reads them). Without `access` the history stays read-only (create and
   * update refused, delete by `access.manage`); a top-level key such as `endpoints` replaces the
   * plugin's (the deliveries' resend, acknowledge and replay).
   * @default {} (the collections as the plugin makes them)
   */
  overrides?: {
    /** The delivery log (推送记录). */
    deliveries?: CollectionOverride
    /** The partners' receipts (转载回执). */
    receipts?: CollectionOverride
  }
  /**
   * Hosts, addresses and CIDRs outbound calls (pushes, receipt pages) may reach although private
   * (tests: loopback). Build it from a setting with the exported `parseAllowList`, which refuses a
   * malformed entry.
   * @default [] (no private address is reached)
   */
  allowList?: string[]
  /** Time allowed for one delivery attempt. @default 15000 */
  attemptTimeoutMs?: number
  /** How long the previous secret is still used for signing after a rotation. @default 24 h */
  rotationOverlapMs?: number
  /**
   * Public base URL for the links partners are given (pushed file links, feed links), without
   * or with a trailing slash. A function is called each time a link is made (an address known
   * only once the server listens).
   * @default Payload's `serverURL` (config), read when a link is made
   */
  serverURL?: string | (() => string)
  /** Task slug of the delivery job. @default 'deliverToPartner' */
  deliverTaskSlug?: string
  /** Task slug of the every-minute sweep (crash recovery, escalation). @default 'sweepDeliveries' */
  sweepTaskSlug?: string
  /** How long a partner has to acknowledge a takedown before it is escalated. @default 24 h */
  ackWithinMs?: number
  /** Who else is mailed about an unacknowledged takedown (the national office). @default [] */
  escalateTo?: string[]
  /**
   * A jobs task of the app that sends one mail, input `{ to, subject, text }`: the mails (a
   * partner disabled, a takedown not acknowledged) are queued with the change they report, in
   * its transaction, and retried as the task is.
   * @default none: mails are sent at once with `payload.sendEmail` (the config's email adapter)
   */
  mailTaskSlug?: string
  /** A delivery waiting this long past its time is queued again (its job was lost with a runner). @default 120000 (2 min) */
  lostJobAfterMs?: number
  /**
   * How long a send holds its delivery before another runner may take it over and send it
   * again (same webhook-id): longer than `attemptTimeoutMs` plus recording the outcome.
   * @default 60000
   */
  sendLeaseMs?: number
  /**
   * How long a feed page's bytes may be served from memory at most (`0`: never). Changes made
   * through this instance refresh pages at once; this bounds how late another instance's are.
   * @default 5000
   */
  feedCacheMs?: number
  /**
   * How long a partner's API key and campaigns are trusted by the fast feed handler without a
   * look-up. Changes made through this instance take effect at once. @default 60000
   */
  feedAccessCacheMs?: number
  /**
   * Announce each work version's job (PostgreSQL NOTIFY, on commit) so that instances running
   * the jobs queue run it at once through Payload's runner instead of at their next poll (a
   * missed announcement leaves it to the poll). @default true
   */
  wakeRunner?: boolean
  /**
   * Deliveries to one partner claimed or under way at once, per process: a fan-out leaves the
   * rest pending until one is answered, a one-delivery job is queued again a second later.
   * @default 4
   */
  perPartnerConcurrency?: number
  /**
   * Requests under way at once, per process; a fan-out claims up to twice as many ahead, so the
   * next batch is claimed while one is out. Outcomes are written in batches through the database
   * pool (`DATABASE_POOL_MAX`, default 10) beside the job runner's own work.
   * @default 20
   */
  maxSendsInFlight?: number
  /**
   * This plugin's folder as an admin component path: relative to the config's
   * `admin.importMap.baseDir` (Payload's default: the working directory), with a leading slash;
   * the components are `<componentsPath>/components/…`. Set it only when the plugin's files are
   * not where this module runs from (a copy compiled elsewhere); run `payload generate:importmap`
   * after adding the plugin either way.
   * @default derived from where this module is and the import map's baseDir (this app: '/../plugins/partner-push')
   */
  componentsPath?: string
}

export type ResolvedOptions = {
  isEnabled: boolean
  access: Required<PartnerPushAccess>
  slugs: {
    partnerSites: CollectionSlug
    entries: CollectionSlug
    campaigns: CollectionSlug
    partnerAccounts: CollectionSlug
    media: CollectionSlug
    renditions: CollectionSlug
    users: CollectionSlug
    deliveries: CollectionSlug
  }
  /** The app's changes to the collections the plugin adds (applied in index.ts). */
  overrides: NonNullable<PartnerPushOptions['overrides']>
  allowList: string[]
  attemptTimeoutMs: number
  rotationOverlapMs: number
  /** Set only when given as an option; read links' base with `baseUrlOf`. */
  serverURL?: string | (() => string)
  deliverTaskSlug: TaskType
  sweepTaskSlug: TaskType
  ackWithinMs: number
  escalateTo: string[]
  mailTaskSlug?: string
  lostJobAfterMs: number
  sendLeaseMs: number
  feedCacheMs: number
  feedAccessCacheMs: number
  componentsPath: string
  perPartnerConcurrency: number
  maxSendsInFlight: number
  wakeRunner: boolean
}

/** Where the plugin leaves its resolved options in `config.custom` (server-only), for the feed handler, the admin components and `partnerCampaignIds`. */
export const partnerPushConfigKey = 'partnerPush'

/** The plugin's resolved options of a booted Payload (`config.custom`). */
export const optionsOf = (payload: Payload): ResolvedOptions => {
  const options = payload.config.custom?.[partnerPushConfigKey] as ResolvedOptions | undefined
  if (!options) {
    throw new Error('未加载 partner-push 插件 / the partner-push plugin is not in this config')
  }
  return options
}

/** What the plugin reads of the config it is added to. */
type ConfigContext = {
  adminUser?: string
  /** The plugin's folder from the import map's baseDir (index.ts). */
  componentsPath?: string
}

export const resolveOptions = (
  options: PartnerPushOptions,
  { adminUser, componentsPath = '/../plugins/partner-push' }: ConfigContext = {},
): ResolvedOptions => {
  // The config's admin user collection is a slug of it, whatever the generated types know.
  const users = options.collections?.users ?? ((adminUser ?? 'users') as CollectionSlug)
  const isAdminUser: ManageAccess = ({ req }) => req.user?.collection === users
  return {
    isEnabled: options.enabled !== false,
    access: {
      manage: options.access?.manage ?? isAdminUser,
      readHistory: options.access?.readHistory ?? isAdminUser,
    },
    slugs: {
      partnerSites: options.collections?.partnerSites ?? 'partner-sites',
      entries: options.collections?.entries ?? 'entries',
      campaigns: options.collections?.campaigns ?? 'campaigns',
      partnerAccounts: options.collections?.partnerAccounts ?? 'partner-accounts',
      media: options.collections?.media ?? 'media',
      renditions: options.collections?.renditions ?? 'renditions',
      users,
      deliveries: options.deliveriesSlug ?? 'deliveries',
    },
    overrides: options.overrides ?? {},
    allowList: options.allowList ?? [],
    attemptTimeoutMs: options.attemptTimeoutMs ?? 15_000,
    rotationOverlapMs: options.rotationOverlapMs ?? 24 * 60 * 60 * 1000,
    serverURL: options.serverURL,
    // The plugin's own tasks, by the slugs it registers (whatever the generated types know).
    deliverTaskSlug: (options.deliverTaskSlug ?? 'deliverToPartner') as TaskType,
    sweepTaskSlug: (options.sweepTaskSlug ?? 'sweepDeliveries') as TaskType,
    ackWithinMs: options.ackWithinMs ?? 24 * 60 * 60 * 1000,
    escalateTo: options.escalateTo ?? [],
    mailTaskSlug: options.mailTaskSlug,
    lostJobAfterMs: options.lostJobAfterMs ?? 120_000,
    sendLeaseMs: options.sendLeaseMs ?? 60_000,
    feedCacheMs: options.feedCacheMs ?? 5_000,
    feedAccessCacheMs: options.feedAccessCacheMs ?? 60_000,
    componentsPath: options.componentsPath ?? componentsPath,
    perPartnerConcurrency: options.perPartnerConcurrency ?? 4,
    maxSendsInFlight: options.maxSendsInFlight ?? 20,
    wakeRunner: options.wakeRunner ?? true,
  }
}

/**
 * The base of every link given to partners, without a trailing slash: the `serverURL` option
 * (called now when it is a function), else Payload's `serverURL`. Read when the link is made,
 * since an app may know its address only once it listens. Empty when neither is set: links
 * are then relative (`absoluteUrl`), which partners cannot follow — set one.
 */
export const baseUrlOf = ({
  options,
  payload,
}: {
  options: Pick<ResolvedOptions, 'serverURL'>
  payload: Payload
}): string => {
  const configured =
    typeof options.serverURL === 'function' ? options.serverURL() : options.serverURL
  return (configured || payload.config.serverURL || '').trim().replace(/\/+$/, '')
}

/** `path` on `base` (`baseUrlOf`); the path as it is when there is no base. */
export const absoluteUrl = (path: string, base: string): string =>
  base ? new URL(path, base).toString() : path
