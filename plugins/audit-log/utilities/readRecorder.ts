import type { CollectionSlug, Payload } from 'payload'

import type { AuditEntryInput } from '../types'

import { clipText, toJsonSafe } from './jsonSafe'

/** One read to record, from code that answers reads outside Payload's operations (a cache). */
export type RecordedRead = AuditEntryInput & {
  at: Date
  ip?: null | string
  userAgent?: null | string
}

type Pending = { read: RecordedRead; count: number; firstAt: Date; lastAt: Date }

/**
 * Audit entries for reads answered without a Payload operation, written in batches off the
 * request path: identical reads (same actor, target, details, address and client) within one
 * flush window become one entry with `details.reads` (how many) and `firstAt`/`lastAt`. Every
 * read is counted; a partner polling every minute still gets one entry per poll.
 */
export const createReadRecorder = ({
  payload: currentPayload,
  collectionSlug = 'audit-log',
  flushEveryMs = 1_000,
}: {
  payload: () => Payload | undefined
  /** @default 'audit-log' */
  collectionSlug?: string
  /** @default 1000 */
  flushEveryMs?: number
}) => {
  let pending = new Map<string, Pending>()
  let flushing: Promise<void> = Promise.resolve()

  const write = async (batch: Pending[]) => {
    const payload = currentPayload()
    if (!payload) {
      return
    }
    for (const { read, count, firstAt, lastAt } of batch) {
      const data = {
        action: read.action,
        actor: read.actor ? { relationTo: read.actor.collection, value: read.actor.id } : null,
        actorLabel: clipText(read.actorLabel, 320),
        targetCollection: clipText(read.targetCollection, 200),
        targetId: clipText(read.targetId, 200),
        summary: clipText(
          count > 1 ? `${read.summary}（${count} 次 / ${count} times）` : read.summary,
        ),
        details: toJsonSafe({
          ...read.details,
          reads: count,
          firstAt: firstAt.toISOString(),
          lastAt: lastAt.toISOString(),
        }),
        ip: clipText(read.ip ?? null, 200),
        userAgent: clipText(read.userAgent ?? null, 512),
      }
      const create = (entry: typeof data) =>
        payload.create({
          collection: collectionSlug as CollectionSlug,
          data: entry as never,
          depth: 0,
          overrideAccess: true,
        })
      try {
        await create(data).catch((err: unknown) =>
          // The account was deleted between its read and this write: the label still says who.
          data.actor && isForeignKeyViolation(err)
            ? create({ ...data, actor: null })
            : Promise.reject(err),
        )
      } catch (err) {
        payload.logger.error({
          err,
          msg: `audit log: could not record ${read.action}`,
          targetCollection: read.targetCollection,
          targetId: read.targetId,
        })
      }
    }
  }

  const flush = (): Promise<void> => {
    const batch = [...pending.values()]
    pending = new Map()
    // One flush at a time, in order: a slow database never has two batches racing.
    flushing = flushing.then(() => (batch.length ? write(batch) : undefined))
    return flushing
  }

  const timer = setInterval(() => void flush(), flushEveryMs)
  timer.unref()

  return {
    record: (read: RecordedRead): void => {
      const key = JSON.stringify([
        read.action,
        read.actor,
        read.targetCollection,
        read.targetId,
        read.details,
        read.ip,
        read.userAgent,
      ])
      const known = pending.get(key)
      if (known) {
        known.count += 1
        known.lastAt = read.at
      } else {
        pending.set(key, { read, count: 1, firstAt: read.at, lastAt: read.at })
      }
    },
    /** Writes what is pending now (and waits for earlier batches). */
    flush,
    /** Stops the timer and writes what is pending: call before the database closes. */
    close: async (): Promise<void> => {
      clearInterval(timer)
      await flush()
    },
  }
}

export type ReadRecorder = ReturnType<typeof createReadRecorder>

const isForeignKeyViolation = (err: unknown): boolean => {
  for (let cause: unknown = err; cause; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === '23503') {
      return true
    }
  }
  return false
}
