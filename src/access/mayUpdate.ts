import type { CollectionSlug, PayloadRequest } from 'payload'

/**
 * Whether the request's user may update a document, by its collection's own update rule (a
 * `Where` is checked against the document). Actions that act on a document through an endpoint
 * of their own ask this, so they follow the same rule as the edit view.
 */
export const mayUpdate = async ({
  req,
  collection: slug,
  id,
}: {
  req: PayloadRequest
  collection: CollectionSlug
  id: number
}): Promise<boolean> => {
  const collection = req.payload.collections[slug]
  if (!collection) {
    return false
  }
  const rule = collection.config.access.update
  const result = rule ? await rule({ req, id }) : Boolean(req.user)
  if (result === true || result === false) {
    return result
  }
  const { totalDocs } = await req.payload.count({
    collection: slug,
    where: { and: [result, { id: { equals: id } }] },
    req,
  })
  return totalDocs === 1
}
