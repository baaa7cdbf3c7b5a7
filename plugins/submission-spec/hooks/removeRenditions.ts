import type { CollectionBeforeDeleteHook, CollectionSlug } from 'payload'

/**
 * A file's renditions go with it, in the same transaction (files included): a rendition cannot
 * outlive its original, and the database refused the delete (renditions.original is required).
 * One at a time: Payload's delete by `where` runs its deletes at once on the one transaction
 * connection.
 */
export const removeRenditions =
  ({ renditionsSlug }: { renditionsSlug: CollectionSlug }): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const { docs } = await req.payload.find({
      collection: renditionsSlug,
      where: { original: { equals: id } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: {},
      req,
    })
    for (const rendition of docs) {
      await req.payload.delete({ collection: renditionsSlug, id: rendition.id, depth: 0, req })
    }
  }
