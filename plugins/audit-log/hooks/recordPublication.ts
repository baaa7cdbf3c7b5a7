import type { CollectionAfterChangeHook, PayloadRequest, SanitizedCollectionConfig } from 'payload'

import type { PublishedWhen, ResolvedAuditLogOptions } from '../types'

import { describeDoc } from '../utilities/format'
import { actorOf } from '../utilities/requestMeta'
import { recallState } from '../utilities/requestMemo'
import { storedRow } from '../utilities/storedRow'
import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'

type AnyDoc = Record<string, unknown>
type Transition = { action: 'publish' | 'unpublish'; changesPublished?: boolean } | null

/**
 * `afterChange`: `publish` when a document becomes published, `unpublish` when it stops being.
 *
 * With `publishedWhen` the function decides, on `previousDoc` and `doc`. With drafts the stored
 * `_status` of the main document does: `publish` when it goes live (first time, or again after
 * an unpublish) and when pending draft changes of a live document are published
 * (`details.changesPublished`); a draft saved beside a live document, or a direct save of a
 * live document without drafts in between, is an ordinary edit (Payload's versions keep it).
 */
export const recordPublication =
  ({
    options,
    publishedWhen,
  }: {
    options: ResolvedAuditLogOptions
    publishedWhen?: PublishedWhen
  }): CollectionAfterChangeHook =>
  async ({ collection, doc, operation, previousDoc, req }) => {
    if (isAuditSkipped(req)) {
      return
    }
    const transition: Transition = publishedWhen
      ? byPredicate({
          doc,
          isCreate: operation === 'create',
          predicate: publishedWhen,
          previousDoc,
          req,
        })
      : await byDraftStatus({ collection, doc, isCreate: operation === 'create', previousDoc, req })
    if (!transition) {
      return
    }
    const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
    const target = describeDoc({ collection, doc, id: doc.id })
    const isPublish = transition.action === 'publish'
    await writeEntry({
      entry: {
        action: transition.action,
        actor,
        actorLabel,
        targetCollection: collection.slug,
        targetId: doc.id,
        summary: isPublish
          ? `发布 ${target.zh} / published ${target.en}`
          : `取消发布 ${target.zh} / unpublished ${target.en}`,
        details: {
          title: target.en,
          operation,
          via: publishedWhen ? 'publishedWhen' : '_status',
          ...(transition.changesPublished ? { changesPublished: true } : {}),
        },
      },
      options,
      req,
    })
  }

const byPredicate = ({
  doc,
  isCreate,
  predicate,
  previousDoc,
  req,
}: {
  doc: AnyDoc
  isCreate: boolean
  predicate: PublishedWhen
  previousDoc: AnyDoc
  req: PayloadRequest
}): Transition => {
  const holds = (candidate: AnyDoc | undefined) => {
    try {
      return Boolean(candidate && predicate(candidate))
    } catch (err) {
      req.payload.logger.error({ err, msg: 'audit log: publishedWhen threw' })
      return false
    }
  }
  const was = isCreate ? false : holds(previousDoc)
  const is = holds(doc)
  return was === is ? null : { action: is ? 'publish' : 'unpublish' }
}

const byDraftStatus = async ({
  collection,
  doc,
  isCreate,
  previousDoc,
  req,
}: {
  collection: SanitizedCollectionConfig
  doc: AnyDoc & { id: number | string }
  isCreate: boolean
  previousDoc: AnyDoc
  req: PayloadRequest
}): Promise<Transition> => {
  const isNowPublished = doc._status === 'published'
  if (isCreate) {
    return isNowPublished ? { action: 'publish' } : null
  }
  const remembered = recallState({ collection: collection.slug, id: doc.id, req })
  const wasPublished =
    (remembered && 'status' in remembered ? remembered.status : previousDoc?._status) ===
    'published'
  // `_status: 'published'` in the result means the main document was written as published.
  if (isNowPublished) {
    if (!wasPublished) {
      return { action: 'publish' }
    }
    // `previousDoc` is the latest version: a draft there means pending changes went live now.
    return previousDoc?._status === 'draft' ? { action: 'publish', changesPublished: true } : null
  }
  if (!wasPublished) {
    return null
  }
  // A draft result is either an unpublish or a draft saved beside the published document.
  const row = await storedRow({ collection: collection.slug, fields: ['_status'], id: doc.id, req })
  return row?._status === 'published' ? null : { action: 'unpublish' }
}
