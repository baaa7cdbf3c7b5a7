import type { CollectionConfig, Config } from 'payload'

import { formatNames, toWords } from 'payload'

import type { AuditLogOptions, ResolvedAuditLogOptions } from './types'

import { auditLogCollection } from './collection/auditLogCollection'
import { recordAPIKeyChange } from './hooks/recordAPIKeyChange'
import { recordDelete } from './hooks/recordDelete'
import {
  recordFailedGraphQLLogin,
  recordFailedLogin,
  rememberLoginAttempt,
} from './hooks/recordFailedLogin'
import { recordFieldChanges } from './hooks/recordFieldChanges'
import { recordLogin, recordLogout, recordUnlock } from './hooks/recordLogin'
import { recordPartnerRead } from './hooks/recordPartnerRead'
import { recordPublication } from './hooks/recordPublication'
import { rememberPreviousState } from './hooks/rememberPreviousState'
import { purgeAuditLogTask } from './jobs/purgeAuditLog'

export { auditLogCollection } from './collection/auditLogCollection'
export { purgeAuditLog } from './jobs/purgeAuditLog'
export type { PurgeResult } from './jobs/purgeAuditLog'
export { auditActions, skipAuditLogFlag } from './types'
export { createReadRecorder } from './utilities/readRecorder'
export type { ReadRecorder, RecordedRead } from './utilities/readRecorder'
export { accountLabel } from './utilities/requestMeta'
export type {
  AuditAction,
  AuditLogCollectionOverride,
  AuditLogOptions,
  PublishedWhen,
  WatchedFieldAction,
} from './types'

/**
 * Records security events — logins (and failed ones), logouts, changes of watched fields,
 * deletes, publishing, API keys and partner reads — in a read-only audit collection, and
 * purges entries past their retention with a scheduled job.
 */
export const auditLog =
  (pluginOptions: AuditLogOptions = {}) =>
  (incomingConfig: Config): Config => {
    const collections = incomingConfig.collections ?? []
    const options = resolveOptions({ collections, pluginOptions })
    const isEnabled = pluginOptions.enabled !== false

    const collection = auditLogCollection({
      actorCollections: options.actorCollections,
      adminGroup: pluginOptions.adminGroup,
      override: pluginOptions.overrides?.auditLog,
      read: pluginOptions.access?.read,
      slug: options.collectionSlug,
    })
    const purgeTask = purgeAuditLogTask({
      collectionSlug: options.collectionSlug,
      isEnabled,
      queue: pluginOptions.purgeQueue ?? 'default',
      retentionDays: options.retentionDays,
      schedule: pluginOptions.purgeSchedule ?? '0 30 3 * * *',
      slug: pluginOptions.purgeTaskSlug ?? 'purgeAuditLog',
    })

    const config: Config = {
      ...incomingConfig,
      // Disabled: the same collections (and the same schema), without the plugin's hooks.
      collections: [
        ...collections.map((each) =>
          isEnabled ? withAuditHooks({ collection: each, options }) : each,
        ),
        collection,
      ],
      jobs: {
        ...incomingConfig.jobs,
        tasks: [...(incomingConfig.jobs?.tasks ?? []), purgeTask],
      },
    }
    if (isEnabled) {
      config.hooks = {
        ...incomingConfig.hooks,
        afterError: [
          ...(incomingConfig.hooks?.afterError ?? []),
          recordFailedGraphQLLogin({
            loginMutations: loginMutationNames({ collections, options }),
            options,
          }),
        ],
      }
    }
    return config
  }

const resolveOptions = ({
  collections,
  pluginOptions,
}: {
  collections: CollectionConfig[]
  pluginOptions: AuditLogOptions
}): ResolvedAuditLogOptions => {
  const authSlugs = collections.filter((each) => each.auth).map((each) => each.slug)
  const options: ResolvedAuditLogOptions = {
    actorCollections: pluginOptions.actorCollections ?? authSlugs,
    collectionSlug: pluginOptions.collectionSlug ?? 'audit-log',
    ipHeader: pluginOptions.ipHeader ?? 'x-real-ip',
    publishedWhen: pluginOptions.publishedWhen ?? {},
    readerCollections: pluginOptions.readerCollections ?? [],
    retentionDays: pluginOptions.retentionDays ?? 365,
    watchedFields: pluginOptions.watchedFields ?? {},
  }
  const fail = (problem: string): never => {
    throw new Error(`auditLog plugin: ${problem}`)
  }
  if (!(options.retentionDays > 0)) {
    fail(
      `retentionDays must be a positive number of days or Infinity, got ${String(pluginOptions.retentionDays)}`,
    )
  }
  if (collections.some((each) => each.slug === options.collectionSlug)) {
    fail(`a collection "${options.collectionSlug}" already exists; choose another collectionSlug`)
  }
  if (!options.actorCollections.length) {
    fail('actorCollections is empty and the config has no auth collection')
  }
  for (const slug of [...options.actorCollections, ...options.readerCollections]) {
    if (!authSlugs.includes(slug)) {
      fail(`"${slug}" in actorCollections/readerCollections is not an auth collection`)
    }
  }
  for (const slug of options.readerCollections) {
    if (!options.actorCollections.includes(slug)) {
      fail(`reader collection "${slug}" must be listed in actorCollections too`)
    }
  }
  for (const slug of [
    ...Object.keys(options.watchedFields),
    ...Object.keys(options.publishedWhen),
  ]) {
    if (!collections.some((each) => each.slug === slug)) {
      fail(`watchedFields/publishedWhen name "${slug}", which is not a collection`)
    }
  }
  return options
}

type Hooks = NonNullable<CollectionConfig['hooks']>

/** The collection with the plugin's hooks appended after its own, which keep running first. */
const withAuditHooks = ({
  collection,
  options,
}: {
  collection: CollectionConfig
  options: ResolvedAuditLogOptions
}): CollectionConfig => {
  const hooks: Hooks = { ...collection.hooks }
  const append = <K extends keyof Hooks>(key: K, hook: NonNullable<Hooks[K]>[number]) => {
    hooks[key] = [...((hooks[key] ?? []) as NonNullable<Hooks[K]>[number][]), hook] as Hooks[K]
  }
  const { slug } = collection
  const auth =
    typeof collection.auth === 'object' ? collection.auth : collection.auth ? {} : undefined
  const hasAPIKey = Boolean(auth?.useAPIKey)
  const publishedWhen = options.publishedWhen[slug]
  const hasDrafts =
    Boolean(typeof collection.versions === 'object' && collection.versions.drafts) && !publishedWhen
  const watched = options.watchedFields[slug]

  append('afterDelete', recordDelete(options))
  if (options.readerCollections.length) {
    append('afterOperation', recordPartnerRead(options))
  }
  if (hasDrafts || hasAPIKey) {
    append('beforeChange', rememberPreviousState({ hasAPIKey, hasDrafts }))
  }
  if (watched && Object.keys(watched).length) {
    append('afterChange', recordFieldChanges({ fields: watched, options }))
  }
  if (hasDrafts || publishedWhen) {
    append('afterChange', recordPublication({ options, publishedWhen }))
  }
  if (hasAPIKey) {
    append('afterChange', recordAPIKeyChange(options))
  }
  if (auth && options.actorCollections.includes(slug)) {
    if (!auth.disableLocalStrategy) {
      append('beforeOperation', rememberLoginAttempt())
      append('afterLogin', recordLogin(options))
      append('afterError', recordFailedLogin(options))
      append('afterOperation', recordUnlock(options))
    }
    append('afterLogout', recordLogout(options))
  }
  return { ...collection, hooks }
}

/** `loginUser` → `users`: GraphQL login mutations of the actor collections, named as Payload names them. */
const loginMutationNames = ({
  collections,
  options,
}: {
  collections: CollectionConfig[]
  options: ResolvedAuditLogOptions
}): Record<string, string> =>
  Object.fromEntries(
    collections
      .filter(
        (each) =>
          each.auth && options.actorCollections.includes(each.slug) && each.graphQL !== false,
      )
      .map((each) => {
        const graphQL = typeof each.graphQL === 'object' ? each.graphQL : undefined
        const singular = graphQL?.singularName
          ? toWords(graphQL.singularName, true)
          : formatNames(each.slug).singular
        return [`login${singular}`, each.slug]
      }),
  )
