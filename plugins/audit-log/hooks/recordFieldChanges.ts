import type { CollectionAfterChangeHook } from 'payload'

import type { ResolvedAuditLogOptions, WatchedFieldAction } from '../types'

import { describeDoc, displayValue, fieldLabelZh, storedValue, valueAt } from '../utilities/format'
import { actorOf } from '../utilities/requestMeta'
import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'

type AnyDoc = Record<string, unknown>

/**
 * `afterChange`: one entry per watched field whose stored value changed (on create: was set),
 * with the old and new values, e.g. `角色由 unit-editor 改为 admin / role changed from unit-editor to admin`.
 */
export const recordFieldChanges =
  ({
    fields,
    options,
  }: {
    fields: Record<string, WatchedFieldAction>
    options: ResolvedAuditLogOptions
  }): CollectionAfterChangeHook =>
  async ({ collection, data, doc, operation, previousDoc, req }) => {
    if (isAuditSkipped(req)) {
      return
    }
    for (const [path, action] of Object.entries(fields)) {
      const after = newValue({ data, doc, path })
      if (after === undefined) {
        continue
      }
      const before =
        operation === 'create' ? null : storedValue(valueAt(previousDoc as AnyDoc, path))
      if (JSON.stringify(before) === JSON.stringify(after)) {
        continue
      }
      const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
      const name = path
      const target = describeDoc({ collection, doc, id: doc.id })
      await writeEntry({
        entry: {
          action,
          actor,
          actorLabel,
          targetCollection: collection.slug,
          targetId: doc.id,
          summary:
            `${target.zh}：${fieldLabelZh({ collection, path })}由 ${displayValue(before, 'zh')} 改为 ${displayValue(after, 'zh')}` +
            ` / ${target.en}: ${name} changed from ${displayValue(before, 'en')} to ${displayValue(after, 'en')}`,
          details: { field: path, from: before, to: after, operation },
        },
        options,
        req,
      })
    }
  }

/**
 * The field's new stored value, `undefined` when this change cannot tell: the returned `doc`
 * lacks fields the user may not read or did not `select`, so those fall back to the submitted
 * data, and a field in neither did not change.
 */
const newValue = ({
  data,
  doc,
  path,
}: {
  data: AnyDoc | undefined
  doc: AnyDoc
  path: string
}): unknown => {
  if (hasPath(doc, path)) {
    return storedValue(valueAt(doc, path))
  }
  if (data && hasPath(data, path)) {
    return storedValue(valueAt(data, path))
  }
  return undefined
}

const hasPath = (doc: AnyDoc, path: string): boolean => {
  let node: unknown = doc
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object' || !(key in node)) {
      return false
    }
    node = (node as AnyDoc)[key]
  }
  return true
}
