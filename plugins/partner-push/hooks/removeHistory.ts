import type { CollectionBeforeDeleteHook, CollectionSlug } from 'payload'

/**
 * Deliveries and receipts point at their work and partner site and cannot outlive them: deleting
 * either removes its push history with it (unpublish or deselect first to take the work back
 * from partners).
 */
export const removePushHistory =
  ({
    field,
    collections,
  }: {
    field: 'entry' | 'partnerSite'
    collections: CollectionSlug[]
  }): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    for (const collection of collections) {
      await req.payload.delete({ collection, where: { [field]: { equals: id } }, req })
    }
  }
