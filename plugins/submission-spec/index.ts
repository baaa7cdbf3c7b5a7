import type { CollectionConfig, CollectionSlug, Config } from 'payload'

import type { SubmissionSpecOptions } from './types'

import { applyCollectionOverride } from '../shared/collectionOverride'
import { renditionsCollection } from './collections/renditions'
import { downloadOriginalEndpoint } from './endpoints/downloadOriginal'
import { mediaFields } from './fields/mediaFields'
import { findMediaInText, mediaInTextField } from './fields/mediaInText'
import { recommendWorkerEndpoint } from './endpoints/recommendWorker'
import { submitEntryEndpoint } from './endpoints/submitEntry'
import { checkEntrySpec } from './hooks/checkEntrySpec'
import { explainUploadErrors } from './hooks/explainUploadErrors'
import { discardUploadTemps, keepOriginal, removeOriginal } from './hooks/keepOriginal'
import { removeRenditions } from './hooks/removeRenditions'
import { prepareUpload } from './hooks/prepareUpload'
import { probeUpload } from './hooks/probeUpload'
import { queueProcessing } from './hooks/queueProcessing'
import { trackMediaUsage } from './hooks/trackMediaUsage'
import { processMediaTask } from './jobs/processMedia'
import { queueStripStoredMedia, stripStoredMediaTask } from './jobs/stripStoredMedia'
import { secureFileHeaders } from './utilities/fileHeaders'
import { mediaRefs } from './utilities/mediaUsage'
import { answerMissingFile, explainMissingFile } from './utilities/missingFile'
import { hasRichText, uploadsInRichText } from './utilities/richTextMedia'
import { resolveOptions } from './types'

export type { SubmissionSpecOptions } from './types'
export type { MediaUsage } from './utilities/mediaUsage'
export type { OriginalsStore } from './utilities/originals'
export type { SpecMediaKind, SubmissionSpec } from './utilities/checkSpec'
export { mediaFields } from './fields/mediaFields'
export { specField, specMediaKinds } from './fields/spec'
export { recomputeMediaUsage, skipMediaUsageFlag } from './utilities/mediaUsage'
export { uncheckedMedia } from './jobs/stripStoredMedia'
export { countCharacters } from './utilities/textLength'
export { directoryOriginals } from './utilities/originals'
export { textToLexical } from './utilities/textToLexical'

/**
 * 作品要求 enforced: every uploaded file is measured from its bytes and published only as a copy
 * without location metadata (the original kept for staff), every entry is checked against its
 * sub-project's spec, files get their renditions from a background job, each file's readers
 * follow the documents that use it (pictures shown in their rich text included), and workers and netizens can submit works and recommend
 * craftsmen through public endpoints.
 *
 * Expects the domain's collections: `sub-projects` with a `spec` group, `entries` with
 * `subProject`, `media`, `text`, `isAuthentic`, `status`, `submittingUnit`, `campaign` and
 * `judges`, `featured-workers` with `photo`, `status`, `unit` and `campaign`, `campaigns` with
 * `introClip`, `logo` and `status`, `notices` (drafts) with `attachments.file` and `campaign`,
 * and an upload collection `media`.
 */
export const submissionSpec =
  (pluginOptions: SubmissionSpecOptions = {}) =>
  (config: Config): Config => {
    const options = resolveOptions(pluginOptions)
    const { slugs, isEnabled } = options
    // Which media a document of each collection uses, and the fields that decide who may read them.
    const usageTracked: {
      slug: CollectionSlug
      refs: (doc: Record<string, unknown> | null | undefined) => number[]
      watched: string[]
    }[] = [
      {
        slug: slugs.entries,
        refs: mediaRefs.entries,
        watched: ['status', 'syndication.pubstatus', 'submittingUnit', 'campaign', 'judges'],
      },
      {
        slug: slugs.featuredWorkers,
        refs: mediaRefs.featuredWorkers,
        watched: ['status', 'unit', 'campaign'],
      },
      { slug: slugs.campaigns, refs: mediaRefs.campaigns, watched: ['status'] },
      { slug: slugs.notices, refs: mediaRefs.notices, watched: ['_status', 'campaign'] },
      { slug: slugs.columns, refs: mediaRefs.columns, watched: ['_status', 'campaign', 'unit'] },
      { slug: slugs.interactions, refs: mediaRefs.interactions, watched: ['state'] },
    ]
    const collections = (config.collections ?? []).map((collection): CollectionConfig => {
      let result = collection
      if (collection.slug === slugs.media) {
        const upload = typeof collection.upload === 'object' ? collection.upload : {}
        result = {
          ...collection,
          fields: [...collection.fields, ...mediaFields(options)],
          upload: {
            ...upload,
            adminThumbnail: ({ doc }) => (doc.thumbnailURL as string | undefined) ?? null,
            // Hardening, not pipeline: kept when the plugin is disabled.
            modifyResponseHeaders: ({ headers }) =>
              secureFileHeaders({
                headers: upload.modifyResponseHeaders?.({ headers }) || headers,
              }),
            // A file that is gone answers 404, not Payload's 500 (kept when disabled too).
            handlers: [
              ...(upload.handlers ?? []),
              answerMissingFile(upload.staticDir ?? slugs.media),
            ],
          },
          endpoints: [
            ...(collection.endpoints || []),
            ...(isEnabled ? [downloadOriginalEndpoint(options)] : []),
          ],
          hooks: isEnabled
            ? {
                ...collection.hooks,
                // First: nothing else should see a file that is not what it claims, or its GPS.
                beforeOperation: [prepareUpload, ...(collection.hooks?.beforeOperation ?? [])],
                beforeChange: [probeUpload(options), ...(collection.hooks?.beforeChange ?? [])],
                afterChange: [
                  ...(collection.hooks?.afterChange ?? []),
                  keepOriginal(options),
                  queueProcessing({ taskSlug: options.processTaskSlug }),
                ],
                beforeDelete: [
                  ...(collection.hooks?.beforeDelete ?? []),
                  removeRenditions({ renditionsSlug: slugs.renditions }),
                ],
                afterDelete: [...(collection.hooks?.afterDelete ?? []), removeOriginal(options)],
                afterOperation: [...(collection.hooks?.afterOperation ?? []), discardUploadTemps],
                afterError: [
                  ...(collection.hooks?.afterError ?? []),
                  explainUploadErrors,
                  explainMissingFile,
                ],
              }
            : {
                ...collection.hooks,
                // Integrity, not pipeline: kept when the plugin is disabled.
                beforeDelete: [
                  ...(collection.hooks?.beforeDelete ?? []),
                  removeRenditions({ renditionsSlug: slugs.renditions }),
                ],
                afterError: [...(collection.hooks?.afterError ?? []), explainMissingFile],
              },
        }
      }
      if (collection.slug === slugs.entries && isEnabled) {
        result = {
          ...result,
          endpoints: [...(result.endpoints || []), submitEntryEndpoint(options)],
          hooks: {
            ...result.hooks,
            beforeChange: [...(result.hooks?.beforeChange ?? []), checkEntrySpec(options)],
          },
        }
      }
      if (collection.slug === slugs.featuredWorkers && isEnabled) {
        result = {
          ...result,
          endpoints: [...(result.endpoints || []), recommendWorkerEndpoint(options)],
        }
      }
      const tracked = usageTracked.find(({ slug }) => slug === collection.slug)
      // Pictures in rich text are used like any other: the field that finds them stays when
      // disabled (same schema).
      const hasText = Boolean(tracked) && hasRichText(collection.fields)
      if (hasText) {
        result = {
          ...result,
          fields: [...result.fields, mediaInTextField(options)],
          hooks: isEnabled
            ? {
                ...result.hooks,
                beforeChange: [...(result.hooks?.beforeChange ?? []), findMediaInText(options)],
              }
            : result.hooks,
        }
      }
      if (tracked && isEnabled) {
        const fields = collection.fields
        const { beforeChange, afterChange, afterDelete } = trackMediaUsage({
          options,
          collection: tracked.slug,
          refs: (doc) => [
            ...tracked.refs(doc),
            ...uploadsInRichText({ fields, doc, relationTo: slugs.media }),
          ],
          watched: tracked.watched,
          hasMediaInText: hasText,
        })
        result = {
          ...result,
          hooks: {
            ...result.hooks,
            beforeChange: [...(result.hooks?.beforeChange ?? []), beforeChange],
            afterChange: [...(result.hooks?.afterChange ?? []), afterChange],
            afterDelete: [...(result.hooks?.afterDelete ?? []), afterDelete],
          },
        }
      }
      return result
    })
    const media = collections.find((c) => c.slug === slugs.media)
    if (!media || !collections.some((c) => c.slug === slugs.entries)) {
      throw new Error(
        `submissionSpec: the config needs the collections "${slugs.media}" and "${slugs.entries}"`,
      )
    }
    return {
      ...config,
      collections: [
        ...collections,
        applyCollectionOverride(
          renditionsCollection({ options, readMedia: media.access?.read }),
          options.overrides.renditions,
        ),
      ],
      jobs: {
        ...config.jobs,
        // The tasks stay registered when disabled: the jobs table's schema does not change.
        tasks: [
          ...(config.jobs?.tasks ?? []),
          processMediaTask(options),
          stripStoredMediaTask(options),
        ],
      },
      onInit: async (payload) => {
        await config.onInit?.(payload)
        if (isEnabled) {
          // Files stored before stripping existed stay private until this job has checked them.
          await queueStripStoredMedia({ payload, options }).catch((err: unknown) =>
            payload.logger.warn({ msg: 'could not queue the stripping of stored files', err }),
          )
        }
      },
    }
  }
