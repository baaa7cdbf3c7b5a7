import type { CollectionAfterChangeHook } from 'payload'

import type { ResolvedAuditLogOptions } from '../types'

import { describeDoc } from '../utilities/format'
import { actorOf } from '../utilities/requestMeta'
import { recallState } from '../utilities/requestMemo'
import { storedRow } from '../utilities/storedRow'
import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'
import { touchesAPIKey } from './rememberPreviousState'

/**
 * `afterChange` of an auth collection with `useAPIKey`: compares the stored key index (an HMAC
 * of the key; Payload authenticates by it) before and after the change. None → some is
 * `api-key-created`, some → another is `api-key-created` replacing the old key, some → none
 * (`enableAPIKey` off) is `api-key-revoked`. Neither the key nor its index is recorded.
 */
export const recordAPIKeyChange =
  (options: ResolvedAuditLogOptions): CollectionAfterChangeHook =>
  async ({ collection, data, doc, operation, req }) => {
    if (isAuditSkipped(req) || !touchesAPIKey(data)) {
      return
    }
    const before =
      operation === 'create'
        ? null
        : (recallState({ collection: collection.slug, id: doc.id, req })?.apiKeyIndex ?? null)
    const row = await storedRow({
      collection: collection.slug,
      fields: ['apiKeyIndex'],
      id: doc.id,
      req,
    })
    const after = typeof row?.apiKeyIndex === 'string' && row.apiKeyIndex ? row.apiKeyIndex : null
    if (before === after) {
      return
    }
    const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
    const target = describeDoc({ collection, doc, id: doc.id })
    const isRevoked = after === null
    const isReplaced = Boolean(before && after)
    await writeEntry({
      entry: {
        action: isRevoked ? 'api-key-revoked' : 'api-key-created',
        actor,
        actorLabel,
        targetCollection: collection.slug,
        targetId: doc.id,
        summary: isRevoked
          ? `吊销 ${target.zh} 的 API 密钥 / API key revoked for ${target.en}`
          : isReplaced
            ? `更换 ${target.zh} 的 API 密钥 / API key replaced for ${target.en}`
            : `为 ${target.zh} 创建 API 密钥 / API key created for ${target.en}`,
        details: { operation, replacedPrevious: isReplaced },
      },
      options,
      req,
    })
  }
