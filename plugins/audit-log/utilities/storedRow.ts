import type { CollectionSlug, PayloadRequest, SelectType } from 'payload'

/**
 * Fields of the document as stored in the main table, read inside the request's transaction:
 * hidden fields included (`apiKeyIndex`), and the published `_status` rather than the latest
 * draft that the hooks' `doc` and `previousDoc` may show.
 */
export const storedRow = async ({
  collection,
  fields,
  id,
  req,
}: {
  collection: string
  fields: string[]
  id: number | string
  req: PayloadRequest
}): Promise<null | Record<string, unknown>> =>
  (await req.payload.db.findOne({
    collection: collection as CollectionSlug,
    req,
    select: Object.fromEntries(fields.map((field) => [field, true])) as SelectType,
    where: { id: { equals: id } },
  })) as null | Record<string, unknown>
