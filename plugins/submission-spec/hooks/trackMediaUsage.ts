import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import type { ResolvedOptions } from '../types'

import { recomputeMediaUsage, skipMediaUsageFlag } from '../utilities/mediaUsage'

/**
 * Keeps `usage` of the media a document uses current: after a save that changes what it uses
 * or what decides who may see it (`watched`: status, take-down, unit, campaign, judges), and
 * after a delete, the media it used before and uses now are recomputed in the same transaction.
 * `context.skipMediaUsage` turns it off for bulk work.
 */
export const trackMediaUsage = ({
  options,
  refs,
  watched,
}: {
  options: ResolvedOptions
  /** The media ids a document of the collection uses. */
  refs: (doc: Record<string, unknown> | undefined | null) => number[]
  /** The fields whose change can change who may read those media. */
  watched: string[]
}): { afterChange: CollectionAfterChangeHook; afterDelete: CollectionAfterDeleteHook } => ({
  afterChange: async ({ doc, previousDoc, operation, req }) => {
    if (req.context[skipMediaUsageFlag]) {
      return doc
    }
    const before = operation === 'create' ? [] : refs(previousDoc)
    const after = refs(doc)
    const isChanged =
      operation === 'create' ||
      signature({ doc: previousDoc, refs, watched }) !== signature({ doc, refs, watched })
    if (isChanged && (before.length || after.length)) {
      await recomputeMediaUsage({ req, options, mediaIds: [...before, ...after] })
    }
    return doc
  },
  afterDelete: async ({ doc, req }) => {
    if (!req.context[skipMediaUsageFlag]) {
      await recomputeMediaUsage({ req, options, mediaIds: refs(doc) })
    }
    return doc
  },
})

/** What of a document bears on its media's readers, comparable between two versions. */
const signature = ({
  doc,
  refs,
  watched,
}: {
  doc: Record<string, unknown> | undefined | null
  refs: (doc: Record<string, unknown> | undefined | null) => number[]
  watched: string[]
}) => JSON.stringify([refs(doc), ...watched.map((field) => normalise(field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], doc)))])

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
