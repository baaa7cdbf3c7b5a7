import type { CollectionAfterOperationHook } from 'payload'

import type { ResolvedAuditLogOptions } from '../types'

import { actorOf } from '../utilities/requestMeta'
import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'

const readOperations = new Set([
  'count',
  'countVersions',
  'find',
  'findByID',
  'findDistinct',
  'findVersionByID',
  'findVersions',
])

type ReadArgs = {
  currentDepth?: number
  depth?: number
  draft?: boolean
  field?: string
  id?: number | string
  limit?: number
  page?: number
  sort?: unknown
  where?: unknown
}

/**
 * `afterOperation`: one `partner-read` entry per read operation of an account of a reader
 * collection, with the number of documents and the query — not one per document.
 *
 * Only reads made under the account's own access rights count: relationship population
 * (Payload's nested reads carry `currentDepth`) and server code reading with
 * `overrideAccess: true` on the account's request are part of another read or not the
 * account's doing.
 */
export const recordPartnerRead =
  (options: ResolvedAuditLogOptions): CollectionAfterOperationHook =>
  async ({ args, collection, operation, overrideAccess, req, result }) => {
    const user = req.user as { collection?: string } | null | undefined
    const readArgs = args as ReadArgs
    if (
      !readOperations.has(operation) ||
      !user?.collection ||
      !options.readerCollections.includes(user.collection) ||
      overrideAccess === true ||
      readArgs.currentDepth !== undefined ||
      isAuditSkipped(req)
    ) {
      return result
    }
    const count = countOf({ operation, result })
    const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
    await writeEntry({
      entry: {
        action: 'partner-read',
        actor,
        actorLabel,
        targetCollection: collection.slug,
        targetId: readArgs.id ?? null,
        summary:
          `合作方 ${actorLabel} 读取 ${collection.slug}（${operation}，${count.returned} 条）` +
          ` / partner ${actorLabel} read ${collection.slug} (${operation}, ${count.returned} docs)`,
        details: {
          operation,
          ...count,
          id: readArgs.id,
          where: readArgs.where,
          sort: readArgs.sort,
          limit: readArgs.limit,
          page: readArgs.page,
          depth: readArgs.depth,
          draft: readArgs.draft,
          field: readArgs.field,
          via: req.payloadAPI,
        },
      },
      options,
      req,
    })
    return result
  }

const countOf = ({
  operation,
  result,
}: {
  operation: string
  result: unknown
}): { returned: number; totalDocs?: number } => {
  const value = result as
    { docs?: unknown[]; totalDocs?: number; values?: unknown[] } | null | undefined
  if (operation === 'findByID' || operation === 'findVersionByID') {
    return { returned: value ? 1 : 0 }
  }
  if (operation === 'count' || operation === 'countVersions') {
    return { returned: value?.totalDocs ?? 0, totalDocs: value?.totalDocs ?? 0 }
  }
  if (operation === 'findDistinct') {
    return { returned: value?.values?.length ?? 0, totalDocs: value?.totalDocs }
  }
  return { returned: value?.docs?.length ?? 0, totalDocs: value?.totalDocs }
}
