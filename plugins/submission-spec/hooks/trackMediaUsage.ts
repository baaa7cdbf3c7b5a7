import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  CollectionSlug,
  PayloadRequest,
} from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { mediaInTextFieldName } from '../fields/mediaInText'
import { recomputeMediaUsage, skipMediaUsageFlag } from '../utilities/mediaUsage'

/**
 * Keeps `usage` of the media a document uses current: after a save that changes what it uses
 * or what decides who may see it (`watched`: status, take-down, unit, campaign, judges), and
 * after a delete, the media it used before and uses now are recomputed in the same transaction.
 * `context.skipMediaUsage` turns it off for bulk work.
 *
 * With `hasMediaInText`, the media shown in the document's rich text count too: read back as
 * saved (`mediaInText`), since the document a hook is given shows the caller's view, in which a
 * picture the caller may not read is `null`.
 *
 * With drafts, the document before a save is its latest draft, not what is published: a file
 * taken out in a draft is still shown until the draft is published. So the media of the
 * published document are noted before each save (`beforeChange`) and recomputed too.
 */
export const trackMediaUsage = ({
  options,
  collection,
  refs,
  watched,
  hasMediaInText,
}: {
  options: ResolvedOptions
  /** Slug of the collection the hooks go on. */
  collection: CollectionSlug
  /** The media ids a document of the collection uses. */
  refs: (doc: Record<string, unknown> | undefined | null) => number[]
  /** The fields whose change can change who may read those media. */
  watched: string[]
  /** The collection has `mediaInText` (it has rich text). */
  hasMediaInText: boolean
}): {
  beforeChange: CollectionBeforeChangeHook
  afterChange: CollectionAfterChangeHook
  afterDelete: CollectionAfterDeleteHook
} => ({
  beforeChange: async ({ collection: config, data, operation, originalDoc, req }) => {
    if (
      operation === 'update' &&
      config.versions?.drafts &&
      originalDoc?.id !== undefined &&
      !req.context[skipMediaUsageFlag]
    ) {
      const published = (await req.payload.db.findOne({
        collection,
        where: { id: { equals: originalDoc.id } },
        req,
      })) as Record<string, unknown> | null
      req.context[publishedKey(collection, originalDoc.id)] = [
        ...refs(published),
        ...idsOf(published?.[mediaInTextFieldName]),
      ]
    }
    return data
  },
  afterChange: async ({ doc, previousDoc, operation, req }) => {
    if (req.context[skipMediaUsageFlag]) {
      return doc
    }
    const wasPublished =
      (req.context[publishedKey(collection, doc.id)] as number[] | undefined) ?? []
    delete req.context[publishedKey(collection, doc.id)]
    const before =
      operation === 'create'
        ? []
        : mediaOf([
            ...refs(previousDoc),
            ...idsOf(previousDoc?.[mediaInTextFieldName]),
            ...wasPublished,
          ])
    const after = mediaOf([
      ...refs(doc),
      ...(hasMediaInText ? await savedMediaInText({ req, collection, id: doc.id }) : []),
    ])
    const isChanged =
      operation === 'create' ||
      signature({ doc: previousDoc, mediaIds: before, watched }) !==
        signature({ doc, mediaIds: after, watched })
    if (isChanged && (before.length || after.length)) {
      await recomputeMediaUsage({ req, options, mediaIds: [...before, ...after] })
    }
    return doc
  },
  afterDelete: async ({ doc, req }) => {
    if (!req.context[skipMediaUsageFlag]) {
      // The caller's view of the deleted document: a file it could not read was not public.
      await recomputeMediaUsage({ req, options, mediaIds: refs(doc) })
    }
    return doc
  },
})

/** `mediaInText` of the document as just saved (its latest version, a draft included). */
const savedMediaInText = async ({
  req,
  collection,
  id,
}: {
  req: PayloadRequest
  collection: CollectionSlug
  id: number | string
}) => {
  const saved = await req.payload.findByID({
    collection,
    id,
    depth: 0,
    draft: true,
    overrideAccess: true,
    select: { [mediaInTextFieldName]: true } as never,
    req,
  })
  return idsOf((saved as Record<string, unknown>)[mediaInTextFieldName])
}

/** Where `beforeChange` leaves the media of the published document for `afterChange`. */
const publishedKey = (collection: string, id: number | string) =>
  `submissionSpec:publishedMedia:${collection}:${id}`

const idsOf = (values: unknown): number[] =>
  ((values as (number | { id: number } | null)[] | null | undefined) ?? []).flatMap((value) =>
    value ? [extractID(value)] : [],
  )

/** Each id once, in order, so two versions that use the same files compare equal. */
const mediaOf = (mediaIds: number[]) => [...new Set(mediaIds)].sort((a, b) => a - b)

/** What of a document bears on its media's readers, comparable between two versions. */
const signature = ({
  doc,
  mediaIds,
  watched,
}: {
  doc: Record<string, unknown> | undefined | null
  mediaIds: number[]
  watched: string[]
}) =>
  JSON.stringify([
    mediaIds,
    ...watched.map((field) =>
      normalise(
        field
          .split('.')
          .reduce<unknown>(
            (value, key) => (value as Record<string, unknown> | null | undefined)?.[key],
            doc,
          ),
      ),
    ),
  ])

/** Relationship values as ids, so a populated and an unpopulated version compare equal. */
const normalise = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(normalise)
  }
  if (value && typeof value === 'object' && 'id' in value) {
    return (value as { id: unknown }).id
  }
  return value ?? null
}
