import type { CollectionSlug, FieldHook } from 'payload'

import { extractID } from 'payload/shared'

import type { RelationValue } from './roles'

/**
 * A relationship's value cut down to the documents the reader may read. Payload populates only
 * readable documents but leaves the others' ids in place, which tells an anonymous reader that a
 * draft or an unpublished work exists and which one: drop them instead. One query per value
 * (depth 0, ids only), answered from Payload's own read rule of the related collection.
 */
export const readableOnly =
  ({ relationTo }: { relationTo: CollectionSlug }): FieldHook =>
  async ({ value, req, overrideAccess }) => {
    if (overrideAccess || value === null || value === undefined) {
      return value
    }
    // A null names no document: dropped, like an unreadable one.
    const values = ((Array.isArray(value) ? value : [value]) as (RelationValue | null)[]).filter(
      (each) => each !== null,
    )
    const ids = values.map((each) => extractID(each))
    if (ids.length === 0) {
      return value
    }
    const { docs } = await req.payload.find({
      collection: relationTo,
      where: { id: { in: ids } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: {},
      overrideAccess: false,
      user: req.user,
      req,
    })
    const readable = new Set(docs.map((doc) => Number(doc.id)))
    const kept = values.filter((each) => readable.has(extractID(each)))
    return Array.isArray(value) ? kept : (kept[0] ?? null)
  }
