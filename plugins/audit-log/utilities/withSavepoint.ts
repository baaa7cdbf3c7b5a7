import type { Payload, PayloadRequest } from 'payload'

import { randomUUID } from 'node:crypto'
import { isolateObjectProperty } from 'payload'

/** The part of a Drizzle transaction (`@payloadcms/db-postgres`) used here: nested transactions are savepoints. */
type NestableTransaction = {
  transaction: <T>(fn: (tx: NestableTransaction) => Promise<T>) => Promise<T>
}
type Session = {
  db: NestableTransaction
  reject: () => Promise<void>
  resolve: () => Promise<void>
}

/** One savepoint at a time per transaction: interleaved savepoints on one connection would release each other. */
const queues = new Map<number | string, Promise<unknown>>()

class RollbackToSavepoint extends Error {}

/**
 * Runs `fn` inside a savepoint of the request's transaction, with a request of its own whose
 * `transactionID` names the savepoint. Payload's operations roll back "their" transaction when
 * they fail (`killTransaction`); with the savepoint as that transaction, a failing write is
 * undone alone and the caller's transaction goes on. Writes still commit or roll back with the
 * caller's operation.
 *
 * Returns `{ isSupported: false }` when the request has no transaction or the database adapter
 * has no savepoints (anything but the Drizzle-based adapters); the caller then writes outside it.
 */
export const withSavepoint = async <T>({
  fn,
  payload,
  req,
}: {
  fn: (savepointReq: PayloadRequest) => Promise<T>
  payload: Payload
  req: PayloadRequest
}): Promise<{ isSupported: false } | { isSupported: true; result: T }> => {
  const parentID = req.transactionID ? await req.transactionID : undefined
  const sessions = (payload.db as unknown as { sessions?: Record<number | string, Session> })
    .sessions
  if (
    parentID === undefined ||
    !sessions?.[parentID] ||
    typeof sessions[parentID].db?.transaction !== 'function'
  ) {
    return { isSupported: false }
  }
  const previous = queues.get(parentID) ?? Promise.resolve()
  const run = previous.then(
    () => runInSavepoint({ fn, parentID, payload, req, sessions }),
    () => runInSavepoint({ fn, parentID, payload, req, sessions }),
  )
  queues.set(parentID, run)
  try {
    return { isSupported: true, result: await run }
  } finally {
    if (queues.get(parentID) === run) {
      queues.delete(parentID)
    }
  }
}

const runInSavepoint = async <T>({
  fn,
  parentID,
  payload,
  req,
  sessions,
}: {
  fn: (savepointReq: PayloadRequest) => Promise<T>
  parentID: number | string
  payload: Payload
  req: PayloadRequest
  sessions: Record<number | string, Session>
}): Promise<T> => {
  const parent = sessions[parentID]
  if (!parent) {
    throw new Error('the transaction ended before the audit entry was written')
  }
  const savepointID = `${String(parentID)}:audit:${randomUUID()}`
  let markOpen!: () => void
  const isOpen = new Promise<void>((resolve) => {
    markOpen = resolve
  })
  let openError: unknown
  // Mirrors the adapter's beginTransaction: the savepoint stays open until resolve or reject.
  const done: Promise<void> = parent.db
    .transaction(async (tx) => {
      await new Promise<void>((resolve, reject) => {
        sessions[savepointID] = {
          db: tx,
          resolve: async () => {
            resolve()
            await done
          },
          reject: async () => {
            reject(new RollbackToSavepoint())
            await done
          },
        }
        markOpen()
      })
    })
    .catch((err: unknown) => {
      if (!(err instanceof RollbackToSavepoint)) {
        openError = err
      }
    })
  await Promise.race([isOpen, done])
  if (!sessions[savepointID]) {
    throw openError ?? new Error('could not open a savepoint')
  }
  // Its own transaction, context and query, so nothing the write does leaks into the caller's request.
  const savepointReq = isolateObjectProperty(req, ['transactionID', 'context', 'query'])
  savepointReq.transactionID = savepointID
  savepointReq.context = {}
  savepointReq.query = {}
  try {
    const result = await fn(savepointReq)
    await payload.db.commitTransaction(savepointID)
    if (openError) {
      // RELEASE failed and Drizzle rolled back to the savepoint: the write is gone.
      throw openError
    }
    return result
  } catch (err) {
    // A no-op when the failing operation has already rolled the savepoint back itself.
    await payload.db.rollbackTransaction(savepointID)
    throw err
  } finally {
    delete sessions[savepointID]
  }
}
