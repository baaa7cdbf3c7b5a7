import type { Access, CollectionConfig } from 'payload'

import type { CollectionOverride } from '../shared/collectionOverride'

/** What an audit entry records. The values are the options of the collection's `action` select. */
export const auditActions = [
  'login',
  'login-failed',
  'logout',
  'unlock',
  'role-change',
  'organizer-change',
  'field-change',
  'delete',
  'publish',
  'unpublish',
  'api-key-created',
  'api-key-revoked',
  'partner-read',
] as const
export type AuditAction = (typeof auditActions)[number]

/** The actions a watched field can be recorded as. */
export type WatchedFieldAction = Extract<
  AuditAction,
  'field-change' | 'organizer-change' | 'role-change'
>

/**
 * An app's changes to the audit collection: a `CollectionOverride` (shared/collectionOverride)
 * whose `access` takes no write rule. Entries are immutable for every role, whatever an app
 * sets: `create`, `update` and `delete` stay false and GraphQL offers no mutations.
 */
export type AuditLogCollectionOverride = Omit<CollectionOverride, 'access'> & {
  access?: Omit<NonNullable<CollectionConfig['access']>, 'create' | 'delete' | 'update'>
}

/** Decides from a document whether it counts as published, for collections without drafts. */
export type PublishedWhen = (doc: Record<string, unknown>) => boolean

export type AuditLogOptions = {
  /**
   * Access rules of the audit collection. Only `read` can be set: `create`, `update` and `delete`
   * are always false, for every role — entries are written by the plugin's hooks alone.
   */
  access?: {
    /**
     * Who may read audit entries (REST, GraphQL, admin).
     * Entries hold e-mail addresses and IP addresses: narrow this to your administrators.
     * @default ({ req }) => Boolean(req.user)
     */
    read?: Access
  }
  /**
   * Auth collections whose users appear as the `actor` of an entry. Successful and failed logins
   * and logouts are recorded for each of them. Include API-key-only collections (partner
   * accounts) so their reads name the account.
   * @default every auth collection of the config
   */
  actorCollections?: string[]
  /**
   * Admin navigation group of the audit collection.
   * @default undefined (Payload's ungrouped section)
   */
  adminGroup?: false | Record<string, string> | string
  /**
   * Slug of the audit collection.
   * @default 'audit-log'
   */
  collectionSlug?: string
  /**
   * `false` stops all recording and purging but keeps the collection, its fields and the purge
   * task in the config, so the database schema (and the migrations) stay the same.
   * @default true
   */
  enabled?: boolean
  /**
   * Request header holding the client address. The app's HTTP layer must set (overwrite) it
   * with the real client address; a client can send any value in it otherwise. When it is
   * missing, the first entry of `x-forwarded-for` is used.
   * @default 'x-real-ip'
   */
  ipHeader?: string
  /**
   * Changes to the audit collection, as Payload's own plugins take them (`formOverrides`): any
   * collection option but the slug (`collectionSlug`), `admin` and `access` merged over the
   * plugin's one level deep (so `admin.group` and `access.read` here win over `adminGroup` and
   * `access.read`), hooks run after the plugin's own, and `fields` as
   * `({ defaultFields }) => Field[]` (keep `defaultFields`: the plugin writes them). No write
   * access can be given: entries stay immutable for every role.
   * @default {} (the collection as the plugin makes it)
   */
  overrides?: {
    /** The audit collection (审计日志). */
    auditLog?: AuditLogCollectionOverride
  }
  /**
   * Collections without drafts whose publication is a status field: the entry `publish` is
   * written when the function turns true for a document, `unpublish` when it turns false,
   * e.g. `{ entries: (doc) => doc.status === 'published' }`. Collections with
   * `versions.drafts` are followed through `_status` without being listed here.
   * @default {}
   */
  publishedWhen?: Partial<Record<string, PublishedWhen>>
  /**
   * Queue of the scheduled purge job. The app's job runner must poll this queue.
   * @default 'default'
   */
  purgeQueue?: string
  /**
   * When the purge is scheduled: a cron in the server's time zone, with seconds
   * (6 fields, as Payload's scheduler reads it).
   * @default '0 30 3 * * *' (daily at 03:30:00)
   */
  purgeSchedule?: string
  /**
   * Slug of the jobs task that deletes entries older than `retentionDays`.
   * @default 'purgeAuditLog'
   */
  purgeTaskSlug?: string
  /**
   * Auth collections whose reads are recorded: one `partner-read` entry per read operation
   * (find, findByID, count, findDistinct, version reads) made under the account's own access
   * rights, not one per document.
   * @default []
   */
  readerCollections?: string[]
  /**
   * How many days entries are kept before the purge task deletes them. `Infinity` keeps them
   * for ever. Anything else that is not a positive number is a configuration error.
   * @default 365
   */
  retentionDays?: number
  /**
   * Fields whose changes are recorded, per collection, with the action to record them as,
   * e.g. `{ users: { role: 'role-change', organizer: 'organizer-change', name: 'field-change' } }`.
   * Old and new values go into `details`; a nested field is named by its dotted path.
   * @default {}
   */
  watchedFields?: Partial<Record<string, Record<string, WatchedFieldAction>>>
}

/** The options with their defaults applied, as the hooks see them. */
export type ResolvedAuditLogOptions = {
  actorCollections: string[]
  collectionSlug: string
  ipHeader: string
  publishedWhen: Partial<Record<string, PublishedWhen>>
  readerCollections: string[]
  retentionDays: number
  watchedFields: Partial<Record<string, Record<string, WatchedFieldAction>>>
}

/** One entry as the hooks describe it, before it is written. */
export type AuditEntryInput = {
  action: AuditAction
  /** The account that acted; none for anonymous requests and failed logins. */
  actor?: { collection: string; id: number | string } | null
  /** E-mail (or username) of the actor or of the attempted account; `anonymous` when none. */
  actorLabel: string
  details?: Record<string, unknown>
  /** Chinese first, then English: `角色由 a 改为 b / role changed from a to b`. */
  summary: string
  targetCollection?: string
  targetId?: number | string | null
}

/** Set `req.context.skipAuditLog = true` (or pass it as `context`) to record nothing for an operation. */
export const skipAuditLogFlag = 'skipAuditLog'
