import type { CollectionConfig, CollectionSlug, Config, Field } from 'payload'

import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { PartnerPushOptions, ResolvedOptions } from './types'

import { applyCollectionOverride } from '../shared/collectionOverride'
import { deliveriesCollection } from './collections/deliveries'
import { receiptsCollections, receiptsSlug, receiptTasks } from './collections/receipts'
import { deliveryEndpoints, partnerSiteEndpoints } from './endpoints/admin'
import { feedEndpoints } from './endpoints/feed'
import { partnerAccountEndpoints } from './endpoints/partnerAccounts'
import { receiptEndpoints } from './endpoints/receipts'
import { entryFields } from './fields/entryFields'
import { partnerSiteFields } from './fields/partnerSiteFields'
import { pushProgressField } from './fields/progressField'
import { pushNoteField } from './fields/pushNoteField'
import {
  invalidateFeedAccessHook,
  invalidateFeedOnCampaign,
  invalidateFeedOnEntryChange,
  invalidateFeedOnEntryDelete,
  dropFeedsOnChangesElsewhere,
} from './hooks/invalidateFeed'
import { generateKeyOnCreate, returnIssuedKey } from './hooks/issueApiKey'
import { releaseHeld } from './hooks/releaseHeld'
import { removePushHistory } from './hooks/removeHistory'
import {
  fanOut,
  pushNewLabelledCopy,
  pushRemovedLabelledCopy,
  trackSyndication,
} from './hooks/syndication'
import { deliverTask } from './jobs/deliverTask'
import { sweepTask } from './jobs/sweep'
import { listenForVersions } from './jobs/wake'
import { partnerPushConfigKey, resolveOptions } from './types'

export { notTakenDown } from './access/notTakenDown'
export { campaignsTakenWhere, partnerCampaignIds } from './access/partnerCampaigns'
export { createFeedHandler } from './http/feedHandler'
export { settleSends } from './jobs/deliver'
export { parseAllowList } from './utilities/ssrfGuard'
export { partnerPushConfigKey } from './types'
export type { FeedHandlerOptions, FeedRead } from './http/feedHandler'
export type { PartnerPushOptions } from './types'

/** This folder, where the admin components are (components/). */
const pluginDir = path.dirname(fileURLToPath(import.meta.url))

/**
 * This folder as an admin component path, as Payload reads one: relative to the import map's
 * `baseDir` (the config's `admin.importMap.baseDir`, else the working directory, as Payload's
 * default), with a leading slash. This app: `src` → `/../plugins/partner-push`.
 */
export const componentsPathFrom = (baseDir: string | undefined): string => {
  const relative = path
    .relative(baseDir ?? process.cwd(), pluginDir)
    .split(path.sep)
    .join('/')
  return relative ? `/${relative}` : ''
}

/**
 * Push to partner sites and pull by partners: selected works (精品) go out as signed Standard
 * Webhooks with ninjs bodies, one durable delivery per partner on the jobs queue, retried on the
 * Standard Webhooks schedule, followed by updates and takedowns; partners pull a feed per campaign.
 * Needs the unified-campaign plugin (best-work states, labels).
 */
export const partnerPush =
  (pluginOptions: PartnerPushOptions = {}) =>
  (config: Config): Config => {
    const options = resolveOptions(pluginOptions, {
      adminUser: config.admin?.user,
      componentsPath: componentsPathFrom(config.admin?.importMap?.baseDir),
    })
    const { slugs, isEnabled } = options
    const history: CollectionSlug[] = [slugs.deliveries, receiptsSlug]
    const collections = (config.collections ?? []).map((collection): CollectionConfig => {
      switch (collection.slug) {
        case slugs.partnerSites:
          return {
            ...collection,
            fields: [
              ...collection.fields,
              ...partnerSiteFields({
                allowList: options.allowList,
                campaignsSlug: slugs.campaigns,
                partnerAccountsSlug: slugs.partnerAccounts,
                manage: options.access.manage,
              }),
              pushNoteField({
                deliveriesSlug: slugs.deliveries,
                partnerSitesSlug: slugs.partnerSites,
                partnerAccountsSlug: slugs.partnerAccounts,
                manage: options.access.manage,
              }),
              adminActionsField({ name: 'pushActions', component: 'PartnerSiteActions', options }),
            ],
            endpoints: [
              ...(collection.endpoints || []),
              ...(isEnabled ? partnerSiteEndpoints(options) : []),
            ],
            hooks: {
              ...collection.hooks,
              beforeDelete: [
                ...(collection.hooks?.beforeDelete ?? []),
                removePushHistory({ field: 'partnerSite', collections: history }),
              ],
              // Resumed, or given its first secret: what waited for the site is sent, in order.
              afterChange: [
                ...(collection.hooks?.afterChange ?? []),
                invalidateFeedAccessHook,
                ...(isEnabled ? [releaseHeld(options)] : []),
              ],
              afterDelete: [...(collection.hooks?.afterDelete ?? []), invalidateFeedAccessHook],
            },
          }
        case slugs.entries:
          return {
            ...collection,
            fields: [
              ...collection.fields,
              ...entryFields({ usersSlug: slugs.users }),
              pushProgressField({
                deliveriesSlug: slugs.deliveries,
                componentsPath: options.componentsPath,
              }),
            ],
            endpoints: [
              ...(collection.endpoints || []),
              ...(isEnabled ? receiptEndpoints(options) : []),
            ],
            hooks: {
              ...collection.hooks,
              // Always tracked, so the state is right when pushing is switched back on.
              beforeChange: [...(collection.hooks?.beforeChange ?? []), trackSyndication(options)],
              beforeDelete: [
                ...(collection.hooks?.beforeDelete ?? []),
                removePushHistory({ field: 'entry', collections: history }),
              ],
              afterChange: [
                ...(collection.hooks?.afterChange ?? []),
                invalidateFeedOnEntryChange,
                ...(isEnabled ? [fanOut(options)] : []),
              ],
              afterDelete: [...(collection.hooks?.afterDelete ?? []), invalidateFeedOnEntryDelete],
            },
          }
        case slugs.campaigns:
          return {
            ...collection,
            endpoints: [
              ...(collection.endpoints || []),
              ...(isEnabled ? feedEndpoints(options) : []),
            ],
            hooks: {
              ...collection.hooks,
              afterChange: [...(collection.hooks?.afterChange ?? []), invalidateFeedOnCampaign],
              afterDelete: [...(collection.hooks?.afterDelete ?? []), invalidateFeedOnCampaign],
            },
          }
        case slugs.renditions:
          return isEnabled
            ? {
                ...collection,
                hooks: {
                  ...collection.hooks,
                  afterChange: [
                    ...(collection.hooks?.afterChange ?? []),
                    pushNewLabelledCopy(options),
                  ],
                  afterDelete: [
                    ...(collection.hooks?.afterDelete ?? []),
                    pushRemovedLabelledCopy(options),
                  ],
                },
              }
            : collection
        case slugs.partnerAccounts:
          return {
            ...collection,
            fields: [
              ...collection.fields,
              adminActionsField({ name: 'keyActions', component: 'PartnerAccountKey', options }),
            ],
            endpoints: [...(collection.endpoints || []), ...partnerAccountEndpoints(options)],
            hooks: {
              ...collection.hooks,
              // Created over REST with enableAPIKey and no key: a key is generated and returned once.
              beforeOperation: [...(collection.hooks?.beforeOperation ?? []), generateKeyOnCreate],
              afterOperation: [...(collection.hooks?.afterOperation ?? []), returnIssuedKey],
              afterChange: [...(collection.hooks?.afterChange ?? []), invalidateFeedAccessHook],
              afterDelete: [...(collection.hooks?.afterDelete ?? []), invalidateFeedAccessHook],
            },
          }
        default:
          return collection
      }
    })
    const deliveries = deliveriesCollection(options)
    deliveries.fields.push(
      adminActionsField({ name: 'deliveryActions', component: 'DeliveryActions', options }),
    )
    deliveries.admin = {
      ...deliveries.admin,
      components: {
        ...deliveries.admin?.components,
        beforeListTable: [componentOf('ReplayFailed', options)],
      },
    }
    deliveries.endpoints = [
      ...(deliveries.endpoints || []),
      ...(isEnabled ? deliveryEndpoints(options) : []),
    ]
    return {
      ...config,
      custom: { ...config.custom, [partnerPushConfigKey]: options },
      onInit: async (payload) => {
        await config.onInit?.(payload)
        dropFeedsOnChangesElsewhere(payload, options)
        await listenForVersions({ payload, options })
      },
      collections: [
        ...collections,
        // The app's overrides apply to the collections as the plugin finished them.
        applyCollectionOverride(deliveries, options.overrides.deliveries),
        ...receiptsCollections(options).map((receipts) =>
          applyCollectionOverride(receipts, options.overrides.receipts),
        ),
      ],
      jobs: {
        ...config.jobs,
        tasks: [
          ...(config.jobs?.tasks ?? []),
          deliverTask(options),
          sweepTask(options),
          ...receiptTasks(options),
        ],
      },
    }
  }

/**
 * An admin component of the plugin's. The office's buttons are server components
 * (components/ManageOnly) that ask `access.manage` and render the client buttons only for those
 * it admits.
 */
const componentOf = (component: string, options: ResolvedOptions) => ({
  path: `${options.componentsPath}/components/ManageOnly#${component}`,
  clientProps: {
    deliveriesSlug: options.slugs.deliveries,
    partnerSitesSlug: options.slugs.partnerSites,
    partnerAccountsSlug: options.slugs.partnerAccounts,
  },
})

/** A sidebar of buttons for the admin endpoints (rendered for those who manage pushes). */
const adminActionsField = ({
  name,
  component,
  options,
}: {
  name: string
  component: string
  options: ResolvedOptions
}): Field => ({
  name,
  type: 'ui',
  admin: { position: 'sidebar', components: { Field: componentOf(component, options) } },
})
