import type { Config, Payload, PayloadRequest, Plugin } from 'payload'

import type { ChangeHook } from '../../../plugins/shared/everyChange'

import { onChangesElsewhere } from '../../../plugins/shared/changeNotices'
import { onEveryChange } from '../../../plugins/shared/everyChange'
import { noteChanged } from './state'

/**
 * Keeps the partner read cache honest: every change to a document through Payload counts as a
 * change of its collection, twice — when the hook runs (inside the write's transaction) and again
 * when that transaction commits, so an answer read between the two (still the old data) is not
 * kept as current. Writes made in SQL outside Payload call `noteChanged` themselves. Changes
 * another instance tells of (plugins/shared/changeNotices.ts) count as they arrive: after their
 * commit.
 *
 * Add last among the plugins, so it sees every collection.
 */
export const partnerReadInvalidation =
  ({
    ignore = [],
  }: {
    /** Collections no partner reads and whose writes follow every read (the audit log). */
    ignore?: string[]
  } = {}): Plugin =>
  (config: Config): Config => {
    const changed =
      (slug: string): ChangeHook =>
      async ({ req }) => {
        noteChanged(req.payload, slug)
        await afterCommit(req, () => noteChanged(req.payload, slug))
      }
    return {
      ...config,
      ...onEveryChange(config, { ignore, hookFor: changed }),
      onInit: async (payload) => {
        runCommitCallbacks(payload)
        const slugs = [
          ...(config.collections ?? []).map(({ slug }) => slug),
          ...(config.globals ?? []).map(({ slug }) => `global:${slug}`),
        ]
        onChangesElsewhere(payload, (changed) => {
          for (const slug of slugs.filter(changed)) {
            noteChanged(payload, slug)
          }
        })
        await config.onInit?.(payload)
      },
    }
  }

type Pending = Map<number | string, (() => void)[]>
const pendingKey = Symbol.for('wangju-cms.partner-reads.after-commit')
type WithPending = Payload['db'] & { [pendingKey]?: Pending }

/** Runs `fn` once the request's transaction has committed (at once without one); dropped on rollback. */
const afterCommit = async (req: PayloadRequest, fn: () => void): Promise<void> => {
  const id = req.transactionID instanceof Promise ? await req.transactionID : req.transactionID
  const pending = (req.payload.db as WithPending)[pendingKey]
  if (!id || !pending) {
    fn()
    return
  }
  const list = pending.get(id) ?? []
  list.push(fn)
  pending.set(id, list)
}

/** Wraps the adapter's commit and rollback once, so callbacks registered for a transaction run or go. */
const runCommitCallbacks = (payload: Payload) => {
  const db = payload.db as WithPending
  if (db[pendingKey]) {
    return
  }
  const pending: Pending = new Map()
  db[pendingKey] = pending
  const commit = db.commitTransaction.bind(db)
  const rollback = db.rollbackTransaction.bind(db)
  const take = async (incoming: Parameters<typeof commit>[0]) => {
    const id = incoming instanceof Promise ? await incoming : incoming
    const callbacks = id ? pending.get(id) : undefined
    if (id) {
      pending.delete(id)
    }
    return callbacks ?? []
  }
  db.commitTransaction = async (incoming) => {
    const callbacks = await take(incoming)
    try {
      await commit(incoming)
    } finally {
      for (const fn of callbacks) {
        fn()
      }
    }
  }
  db.rollbackTransaction = async (incoming) => {
    await take(incoming)
    await rollback(incoming)
  }
}
