import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import type { Rel } from '../lib/refusal'

import { idOf } from '../lib/refusal'
import { markChanged } from './pullCache'

/**
 * What a change makes stale in the cached pulls (./pullCache.ts): the document itself, and the
 * campaign it was and is in (a new notice or work can enter a section's rule; a changed campaign
 * changes every column's label and labelled copies).
 */
type Touches = (doc: Record<string, unknown> & { id: number | string }) => string[]

const campaignOf = (doc: Record<string, unknown> | undefined): string[] => {
  const id = idOf(doc?.campaign as Rel)
  return id ? [`campaign:${id}`] : []
}

/** Invalidation by collection; a collection not listed changes no pull. */
export const pullTouches: Record<string, Touches> = {
  columns: (doc) => [`column:${doc.id}`],
  campaigns: (doc) => [`campaign:${doc.id}`],
  entries: (doc) => [`entries:${doc.id}`, ...campaignOf(doc)],
  notices: (doc) => [`notices:${doc.id}`, ...campaignOf(doc)],
  'featured-workers': (doc) => [`featured-workers:${doc.id}`, ...campaignOf(doc)],
  organizers: (doc) => [`organizers:${doc.id}`],
  'partner-sites': (doc) => [`partner-sites:${doc.id}`],
  media: (doc) => [`media:${doc.id}`],
  // A labelled copy made, redone or removed by its job changes the work's link.
  renditions: (doc) => {
    const original = idOf(doc.original as Rel)
    return original ? [`media:${original}`] : []
  },
}

export const invalidateOnChange =
  (touches: Touches): CollectionAfterChangeHook =>
  ({ doc, previousDoc, req }) => {
    markChanged(req.payload, [
      ...touches(doc),
      ...(previousDoc?.id !== undefined ? touches(previousDoc) : []),
    ])
    return doc
  }

export const invalidateOnDelete =
  (touches: Touches): CollectionAfterDeleteHook =>
  ({ doc, req }) => {
    markChanged(req.payload, touches(doc))
  }
