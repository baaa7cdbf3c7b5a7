import type { Access } from 'payload'

import { publicBaseUrl } from '../../src/lib/publicUrl'
import { parseAllowList } from './utilities/ssrfGuard'

export type PartnerPushOptions = {
  /**
   * `false` keeps collections and fields (same schema) but stops fan-out, deliveries and feeds.
   * @default true
   */
  enabled?: boolean
  /** Slugs of the collections the plugin works with (this project's domain). */
  collections?: {
    /** @default 'partner-sites' */
    partnerSites?: string
    /** @default 'entries' */
    entries?: string
    /** @default 'campaigns' */
    campaigns?: string
    /** @default 'partner-accounts' */
    partnerAccounts?: string
    /** @default 'media' */
    media?: string
    /** The submission-spec plugin's derived files, where the labelled copies are. @default 'renditions' */
    renditions?: string
  }
  /**
   * Who reads the push history: the delivery log and the receipts (each names a work, so an
   * app scopes it like the works themselves). Nobody writes them but the plugin.
   * @default admins and organizers (`role` 'admin' or 'organizer')
   */
  readHistory?: Access
  /** Slug of the delivery log collection the plugin adds. @default 'deliveries' */
  deliveriesSlug?: string
  /**
   * Hosts, addresses and CIDRs outbound calls may reach although private (tests: loopback).
   * @default parseAllowList(process.env.OUTBOUND_ALLOW_LIST)
   */
  allowList?: string[]
  /** Time allowed for one delivery attempt. @default 15000 */
  attemptTimeoutMs?: number
  /** How long the previous secret is still used for signing after a rotation. @default 24 h */
  rotationOverlapMs?: number
  /**
   * Public base URL for the links partners are given (pushed file links, feed links).
   * @default SERVER_URL, else the address the server listens on (src/lib/publicUrl), read when a link is made
   */
  serverURL?: string
  /** Task slug of the delivery job. @default 'deliverToPartner' */
  deliverTaskSlug?: string
  /** Task slug of the every-minute sweep (crash recovery, escalation). @default 'sweepDeliveries' */
  sweepTaskSlug?: string
  /** How long a partner has to acknowledge a takedown before it is escalated. @default 24 h */
  ackWithinMs?: number
  /** Who else is mailed about an unacknowledged takedown (the national office). @default [] */
  escalateTo?: string[]
  /** A delivery waiting this long past its time is queued again (its job was lost with a runner). @default 2 min */
  lostJobAfterMs?: number
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
  /** Sends to one partner under way at once, per process. @default 4 */
  perPartnerConcurrency?: number
  /**
   * Sends under way at once, per process. Each records its outcome through the database pool
   * (`DATABASE_POOL_MAX`, default 10) beside the job runner's own work, so keep it modest.
   * @default 20
   */
  maxSendsInFlight?: number
  /**
   * Where the admin components are, relative to the config's `admin.importMap.baseDir`.
   * @default '/../plugins/partner-push'
   */
  componentsPath?: string
}

export type ResolvedOptions = {
  isEnabled: boolean
  readHistory: Access
  slugs: { partnerSites: string; entries: string; campaigns: string; partnerAccounts: string; media: string; renditions: string; deliveries: string }
  allowList: string[]
  attemptTimeoutMs: number
  rotationOverlapMs: number
  /** Set only when given as an option; read links' base with `baseUrlOf`. */
  serverURL?: string
  deliverTaskSlug: string
  sweepTaskSlug: string
  ackWithinMs: number
  escalateTo: string[]
  lostJobAfterMs: number
  feedCacheMs: number
  feedAccessCacheMs: number
  componentsPath: string
  perPartnerConcurrency: number
  maxSendsInFlight: number
}

export const resolveOptions = (options: PartnerPushOptions): ResolvedOptions => ({
  isEnabled: options.enabled !== false,
  readHistory: options.readHistory ?? (({ req }) => ['admin', 'organizer'].includes((req.user as { role?: string } | null)?.role ?? '')),
  slugs: {
    partnerSites: options.collections?.partnerSites ?? 'partner-sites',
    entries: options.collections?.entries ?? 'entries',
    campaigns: options.collections?.campaigns ?? 'campaigns',
    partnerAccounts: options.collections?.partnerAccounts ?? 'partner-accounts',
    media: options.collections?.media ?? 'media',
    renditions: options.collections?.renditions ?? 'renditions',
    deliveries: options.deliveriesSlug ?? 'deliveries',
  },
  allowList: options.allowList ?? parseAllowList(process.env.OUTBOUND_ALLOW_LIST),
  attemptTimeoutMs: options.attemptTimeoutMs ?? 15_000,
  rotationOverlapMs: options.rotationOverlapMs ?? 24 * 60 * 60 * 1000,
  serverURL: options.serverURL,
  deliverTaskSlug: options.deliverTaskSlug ?? 'deliverToPartner',
  sweepTaskSlug: options.sweepTaskSlug ?? 'sweepDeliveries',
  ackWithinMs: options.ackWithinMs ?? 24 * 60 * 60 * 1000,
  escalateTo: options.escalateTo ?? [],
  lostJobAfterMs: options.lostJobAfterMs ?? Number(process.env.PUSH_LOST_JOB_AFTER_MS || 120_000),
  feedCacheMs: options.feedCacheMs ?? 5_000,
  feedAccessCacheMs: options.feedAccessCacheMs ?? 60_000,
  componentsPath: options.componentsPath ?? '/../plugins/partner-push',
  perPartnerConcurrency: options.perPartnerConcurrency ?? 4,
  maxSendsInFlight: options.maxSendsInFlight ?? 20,
})

/**
 * The base of every link given to partners, without a trailing slash: the `serverURL` option,
 * else SERVER_URL, else the address this server listens on. Read when the link is made, since
 * the listening port is known only once the server is up.
 */
export const baseUrlOf = (options: Pick<ResolvedOptions, 'serverURL'>): string => options.serverURL?.replace(/\/+$/, '') || publicBaseUrl()
