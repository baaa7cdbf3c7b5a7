import type { CollectionConfig, Config, EditConfig } from 'payload'

import type { IsPublished } from './hooks/rules'
import type { UnifiedCampaignOptions } from './types'

import { campaignEndpoints, entryEndpoints } from './endpoints'
import { campaignFields, entryFields } from './fields/campaignFields'
import {
  queueRenditionsOnEntryChange,
  redoRenditionsOnCampaignChange,
  removeRenditionsOnEntryDelete,
} from './hooks/queueIntro'
import { applyLabelOnPublish, requireCampaignToPublish } from './hooks/rules'
import { prependIntroTask } from './jobs/prependIntroTask'
import { watermarkTask } from './jobs/watermarkTask'
import { customKey, resolveOptions } from './types'

export type {
  PartnerCampaigns,
  ReadReportsAccess,
  RecommendAccess,
  SelectAccess,
  UnifiedCampaignAccess,
  UnifiedCampaignOptions,
} from './types'
export { campaignFields, entryFields } from './fields/campaignFields'
export { recommendationWrite } from './endpoints'
export { applyLabel, hasLabel, stripLabel } from '../shared/label'

const byStatus: IsPublished = (doc) => doc.status === 'published'
const byDraftStatus: IsPublished = (doc) => doc._status === 'published'
/**
 * A column with drafts is labelled when published (a draft keeps the title as typed, as works do);
 * one without a publishing step exists to be seen, so it is labelled on every save.
 */
const unlessDraft: IsPublished = (doc) => doc._status === undefined || doc._status === 'published'

/**
 * The four unifications (四个统一) of seed 000, configured per campaign: unified theme, columns
 * and interaction windows (coverage report), work label and intro clip, and the selection of
 * best works (精品). Needs the submission-spec plugin's renditions collection for intro clips.
 */
export const unifiedCampaign =
  (pluginOptions: UnifiedCampaignOptions = {}) =>
  (config: Config): Config => {
    const options = resolveOptions(pluginOptions, { adminUser: config.admin?.user })
    const { slugs, isEnabled } = options
    const withHooks = (
      collection: CollectionConfig,
      hooks: Partial<NonNullable<CollectionConfig['hooks']>>,
    ): CollectionConfig =>
      isEnabled
        ? {
            ...collection,
            hooks: {
              ...collection.hooks,
              beforeChange: [
                ...(collection.hooks?.beforeChange ?? []),
                ...(hooks.beforeChange ?? []),
              ],
              afterChange: [...(collection.hooks?.afterChange ?? []), ...(hooks.afterChange ?? [])],
              afterDelete: [...(collection.hooks?.afterDelete ?? []), ...(hooks.afterDelete ?? [])],
            },
          }
        : collection
    const theme = (collection: string, isPublished: IsPublished) =>
      requireCampaignToPublish({ options, collection, isPublished })

    const collections = (config.collections ?? []).map((collection): CollectionConfig => {
      switch (collection.slug) {
        case slugs.campaigns:
          return withHooks(
            {
              ...collection,
              // Server only (Payload never sends a collection's `custom` to the browser): the
              // Coverage tab asks the app's access rules from here, as the endpoints do.
              custom: { ...collection.custom, [customKey]: options },
              admin: {
                ...collection.admin,
                components: {
                  ...collection.admin?.components,
                  views: {
                    ...collection.admin?.components?.views,
                    // A tab beside the campaign's edit view (the existing views are kept).
                    edit: {
                      ...(collection.admin?.components?.views?.edit as
                        Record<string, never> | undefined),
                      coverage: {
                        Component: `${pluginOptions.componentsPath ?? '/../plugins/unified-campaign'}/components/CoverageView#CoverageView`,
                        path: '/coverage',
                        tab: { label: '专栏覆盖 / Coverage', href: '/coverage' },
                      },
                    } as EditConfig,
                  },
                },
              },
              fields: [...collection.fields, ...campaignFields()],
              endpoints: [
                ...(collection.endpoints || []),
                ...(isEnabled ? campaignEndpoints(options) : []),
              ],
            },
            { afterChange: [redoRenditionsOnCampaignChange(options)] },
          )
        case slugs.entries:
          return withHooks(
            {
              ...collection,
              fields: [
                ...collection.fields,
                ...entryFields({ select: options.access.select, users: options.slugs.users }),
              ],
              endpoints: [
                ...(collection.endpoints || []),
                ...(isEnabled ? entryEndpoints(options) : []),
              ],
            },
            {
              beforeChange: [
                theme(slugs.entries, byStatus),
                applyLabelOnPublish({ options, isPublished: byStatus }),
              ],
              afterChange: [queueRenditionsOnEntryChange(options)],
              afterDelete: [removeRenditionsOnEntryDelete(options)],
            },
          )
        case slugs.columns:
          return withHooks(collection, {
            beforeChange: [
              applyLabelOnPublish({ options, isPublished: unlessDraft, keepsLabelled: true }),
            ],
          })
        case slugs.notices:
          return withHooks(collection, { beforeChange: [theme(slugs.notices, byDraftStatus)] })
        case slugs.featuredWorkers:
          return withHooks(collection, { beforeChange: [theme(slugs.featuredWorkers, byStatus)] })
        case slugs.renditions:
          // Labelled renditions remember the campaign they belong to (one file may serve several),
          // and which intro, or which label text, they were made with.
          return {
            ...collection,
            fields: [
              ...collection.fields,
              {
                name: 'campaign',
                type: 'relationship',
                relationTo: slugs.campaigns,
                index: true,
                label: { zh: '所属主题活动', en: 'Campaign' },
                admin: {
                  description: {
                    zh: '带标识版本属于哪个主题活动；同一文件在各活动中各有一份。',
                    en: 'The campaign this labelled copy belongs to; a file has one per campaign.',
                  },
                },
              },
              {
                name: 'intro',
                type: 'relationship',
                relationTo: slugs.media,
                label: { zh: '所用片头', en: 'Intro used' },
              },
              { name: 'labelText', type: 'text', label: { zh: '水印文字', en: 'Watermark text' } },
            ],
          }
        default:
          return collection
      }
    })
    if (!collections.some((c) => c.slug === slugs.renditions)) {
      throw new Error(
        `unifiedCampaign: add the submission-spec plugin (collection "${slugs.renditions}") before this one`,
      )
    }
    return {
      ...config,
      collections,
      jobs: {
        ...config.jobs,
        tasks: [...(config.jobs?.tasks ?? []), prependIntroTask(options), watermarkTask(options)],
      },
    }
  }
