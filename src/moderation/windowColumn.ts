import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Payload } from 'payload'

import { onChangesElsewhere } from '../../plugins/shared/changeNotices'
import { badRequest, idOf, notFound } from '../lib/refusal'
import { forgetWordListsOf } from './wordLists'

/**
 * The column behind an interaction window, as every comment and contribution needs it: read as
 * the public reads it and kept a few seconds per instance, dropped by the columns' hooks here.
 */

/** The column as a window needs it, published and with its window's settings. */
export type WindowColumn = {
  id: number
  campaign: number | undefined
  unit: number | undefined
  open: boolean
  moderation: 'pre' | 'post'
  comments: boolean
  contributions: boolean
}

type ColumnDoc = {
  id: number
  campaign?: unknown
  unit?: unknown
  hasInteractionWindow?: boolean | null
  interactionWindow?: {
    moderation?: 'pre' | 'post' | null
    comments?: boolean | null
    contributions?: boolean | null
  } | null
}

/** How long a window's column is kept in memory; a change on this instance drops it at once. */
const columnMaxAgeMs = 5_000

type ColumnCache = Map<number, { column: WindowColumn | null; at: number }>

// One cache per Payload, shared by every bundled copy of this module: the column's hooks run in
// Next's, the comment fast path in the Express layer's.
const registry = Symbol.for('wangju-cms.moderation.window-columns')
type WithRegistry = typeof globalThis & { [registry]?: WeakMap<Payload, ColumnCache> }

const columnCacheOf = (payload: Payload): ColumnCache => {
  const caches = ((globalThis as WithRegistry)[registry] ??= new WeakMap())
  let cache = caches.get(payload)
  if (!cache) {
    cache = new Map()
    caches.set(payload, cache)
  }
  return cache
}

/** A column changed (published, unpublished, its window set): read it again on the next comment. */
export const forgetWindowColumn: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({
  doc,
  req,
}) => {
  columnCacheOf(req.payload).delete(Number((doc as { id: unknown }).id))
}

/**
 * Columns changed on another instance (plugins/shared/changeNotices.ts, which names no column):
 * every window's column is read again; a base or campaign word list changed: compiled again.
 */
export const dropWindowCopiesOnChangesElsewhere = (payload: Payload): void =>
  onChangesElsewhere(payload, (changed) => {
    if (changed('columns')) {
      columnCacheOf(payload).clear()
    }
    if (changed('sensitive-words')) {
      forgetWordListsOf(payload)
    }
  })

const readWindowColumn = async (payload: Payload, id: number): Promise<WindowColumn | null> => {
  const column = (await payload
    .findByID({
      collection: 'columns',
      id,
      depth: 0,
      draft: false,
      // As the public reads it: a draft column has no window.
      overrideAccess: false,
      disableErrors: true,
    })
    .catch(() => null)) as ColumnDoc | null
  if (!column) {
    return null
  }
  const window = column.interactionWindow ?? {}
  return {
    id,
    campaign: idOf(column.campaign as never),
    unit: idOf(column.unit as never),
    open: Boolean(column.hasInteractionWindow),
    moderation: window.moderation === 'post' ? 'post' : 'pre',
    comments: window.comments !== false,
    contributions: window.contributions !== false,
  }
}

/** The published column behind a window; 404 for a draft, a missing one or a bad id. */
export const windowColumn = async (payload: Payload, value: unknown): Promise<WindowColumn> => {
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw badRequest('请指定专栏（column=编号） / name the column (column=id)')
  }
  const cache = columnCacheOf(payload)
  const known = cache.get(id)
  let column: WindowColumn | null
  if (known && Date.now() - known.at < columnMaxAgeMs) {
    column = known.column
  } else {
    const at = Date.now()
    column = await readWindowColumn(payload, id)
    if (cache.size >= 10_000) {
      cache.clear()
    }
    cache.set(id, { column, at })
  }
  if (!column) {
    throw notFound('没有该专栏 / no such column')
  }
  return column
}
