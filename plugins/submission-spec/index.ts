import type { CollectionConfig, Config } from 'payload'

import type { SubmissionSpecOptions } from './types'

import { renditionsCollection } from './collections/renditions'
import { mediaFields } from './fields/mediaFields'
import { recommendWorkerEndpoint } from './endpoints/recommendWorker'
import { submitEntryEndpoint } from './endpoints/submitEntry'
import { checkEntrySpec } from './hooks/checkEntrySpec'
import { probeUpload } from './hooks/probeUpload'
import { queueProcessing } from './hooks/queueProcessing'
import { processMediaTask } from './jobs/processMedia'
import { resolveOptions } from './types'

export type { SubmissionSpecOptions } from './types'
export { mediaFields } from './fields/mediaFields'

/**
 * 作品要求 enforced: every uploaded file is measured from its bytes, every entry is checked
 * against its sub-project's spec, files get their renditions from a background job, and
 * workers and netizens can submit works and recommend craftsmen through public endpoints.
 *
 * Expects the domain's collections: `sub-projects` with a `spec` group, `entries` with
 * `subProject`, `media`, `text`, `isAuthentic` and `status`, and an upload collection `media`.
 */
export const submissionSpec =
  (pluginOptions: SubmissionSpecOptions = {}) =>
  (config: Config): Config => {
    const options = resolveOptions(pluginOptions)
    const { slugs, isEnabled } = options
    const collections = (config.collections ?? []).map((collection): CollectionConfig => {
      if (collection.slug === slugs.media) {
        return {
          ...collection,
          fields: [...collection.fields, ...mediaFields()],
          upload: {
            ...(typeof collection.upload === 'object' ? collection.upload : {}),
            adminThumbnail: ({ doc }) => (doc.thumbnailURL as string | undefined) ?? null,
          },
          hooks: isEnabled
            ? {
                ...collection.hooks,
                // Measured first: nothing else should see a file that is not what it claims.
                beforeChange: [probeUpload({ collection: slugs.media }), ...(collection.hooks?.beforeChange ?? [])],
                afterChange: [...(collection.hooks?.afterChange ?? []), queueProcessing({ taskSlug: options.processTaskSlug })],
              }
            : collection.hooks,
        }
      }
      if (collection.slug === slugs.entries && isEnabled) {
        return {
          ...collection,
          endpoints: [...(collection.endpoints || []), submitEntryEndpoint(options)],
          hooks: { ...collection.hooks, beforeChange: [...(collection.hooks?.beforeChange ?? []), checkEntrySpec(options)] },
        }
      }
      if (collection.slug === slugs.featuredWorkers && isEnabled) {
        return { ...collection, endpoints: [...(collection.endpoints || []), recommendWorkerEndpoint(options)] }
      }
      return collection
    })
    if (!collections.some((c) => c.slug === slugs.media) || !collections.some((c) => c.slug === slugs.entries)) {
      throw new Error(`submissionSpec: the config needs the collections "${slugs.media}" and "${slugs.entries}"`)
    }
    return {
      ...config,
      collections: [...collections, renditionsCollection(options)],
      jobs: {
        ...config.jobs,
        // The task stays registered when disabled: the jobs table's schema does not change.
        tasks: [...(config.jobs?.tasks ?? []), processMediaTask(options)],
      },
    }
  }
