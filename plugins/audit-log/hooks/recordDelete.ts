import type { CollectionAfterDeleteHook } from 'payload'

import type { ResolvedAuditLogOptions } from '../types'

import { describeDoc } from '../utilities/format'
import { actorOf } from '../utilities/requestMeta'
import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'

/** `afterDelete`: every deleted document, with its title, in the delete's transaction. */
export const recordDelete =
  (options: ResolvedAuditLogOptions): CollectionAfterDeleteHook =>
  async ({ collection, doc, id, req }) => {
    if (isAuditSkipped(req)) {
      return
    }
    const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
    // An account deleting itself: its row is gone, so the entry names it by label only.
    const isSelf = actor?.collection === collection.slug && String(actor.id) === String(id)
    const target = describeDoc({ collection, doc, id })
    await writeEntry({
      entry: {
        action: 'delete',
        actor: isSelf ? null : actor,
        actorLabel,
        targetCollection: collection.slug,
        targetId: id,
        summary: `删除 ${target.zh} / deleted ${target.en}`,
        details: { title: target.en, isSelf },
      },
      options,
      req,
    })
  }
