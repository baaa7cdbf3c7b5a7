import type { PayloadRequest } from 'payload'

/** What a `beforeChange` hook read from the database for the `afterChange` hook of the same document. */
export type PreviousState = {
  apiKeyIndex?: null | string
  status?: unknown
}

const memo = new WeakMap<PayloadRequest, Map<string, PreviousState>>()

const keyOf = (collection: string, id: number | string) => `${collection}:${String(id)}`

export const rememberState = ({
  collection,
  id,
  req,
  state,
}: {
  collection: string
  id: number | string
  req: PayloadRequest
  state: PreviousState
}) => {
  const states = memo.get(req) ?? new Map<string, PreviousState>()
  states.set(keyOf(collection, id), { ...states.get(keyOf(collection, id)), ...state })
  memo.set(req, states)
}

/**
 * The remembered state of a document. Kept for the request's lifetime (several `afterChange`
 * hooks read it); each `beforeChange` overwrites what it reads again.
 */
export const recallState = ({
  collection,
  id,
  req,
}: {
  collection: string
  id: number | string
  req: PayloadRequest
}): PreviousState | undefined => memo.get(req)?.get(keyOf(collection, id))
