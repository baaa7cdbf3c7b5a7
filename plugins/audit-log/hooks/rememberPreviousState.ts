import type { CollectionBeforeChangeHook } from 'payload'

import { rememberState } from '../utilities/requestMemo'
import { storedRow } from '../utilities/storedRow'
import { isAuditSkipped } from '../utilities/writeEntry'

/**
 * Whether a change can create, replace or revoke an API key: Payload's own `beforeValidate`
 * hook sets `apiKeyIndex` to the new key's HMAC or to `null` then, and leaves it undefined
 * otherwise (the incoming `data` has every field merged in, so the other keys tell nothing).
 */
export const touchesAPIKey = (data: Record<string, unknown> | undefined): boolean =>
  data?.apiKeyIndex !== undefined

/**
 * `beforeChange` of an update: reads what the hooks' `originalDoc` cannot tell — the stored
 * `_status` of a collection with drafts (`originalDoc` may be the latest draft) and the stored
 * API key index (never readable through hooks) — for the `afterChange` hooks to compare.
 * One primary-key lookup: on every update of a collection with drafts, else only when the
 * update changes the API key.
 */
export const rememberPreviousState =
  ({
    hasAPIKey,
    hasDrafts,
  }: {
    hasAPIKey: boolean
    hasDrafts: boolean
  }): CollectionBeforeChangeHook =>
  async ({ collection, data, operation, originalDoc, req }) => {
    const id = (originalDoc as { id?: number | string } | undefined)?.id
    if (operation !== 'update' || id === undefined || isAuditSkipped(req)) {
      return data
    }
    const isKeyChange = hasAPIKey && touchesAPIKey(data)
    const fields = [...(hasDrafts ? ['_status'] : []), ...(isKeyChange ? ['apiKeyIndex'] : [])]
    if (!fields.length) {
      return data
    }
    const row = await storedRow({ collection: collection.slug, fields, id, req })
    rememberState({
      collection: collection.slug,
      id,
      req,
      state: {
        ...(hasDrafts ? { status: row?._status ?? null } : {}),
        ...(isKeyChange
          ? { apiKeyIndex: (row?.apiKeyIndex as null | string | undefined) ?? null }
          : {}),
      },
    })
    return data
  }
