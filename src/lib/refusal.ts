import type { PayloadHandler, PayloadRequest } from 'payload'

import { APIError, commitTransaction, initTransaction, killTransaction } from 'payload'
import { extractID } from 'payload/shared'

/**
 * What the app's own endpoints share (judging, awards, campaign editions): refusals as the REST
 * API answers them, relationship ids, the JSON body and all-or-nothing writes.
 */

export type FieldError = { path: string; message: string; label?: string }

/**
 * A refusal with our message (Chinese, then English) and, for bad input, the fields at fault
 * (`collection` lets the clear-errors plugin name them by their labels). Payload's REST answer
 * to a write puts the field errors' own messages in place of the message, so each of those says
 * in full what is wrong with its row.
 */
export class Refusal extends APIError {
  constructor(message: string, status: number, errors?: FieldError[], collection?: string) {
    super(
      message,
      status,
      errors ? { ...(collection ? { collection } : {}), errors } : undefined,
      true,
    )
    this.name = status === 403 ? 'Forbidden' : 'Refusal'
  }
}

export const badRequest = (message: string, errors?: FieldError[], collection?: string) =>
  new Refusal(message, 400, errors, collection)
export const forbidden = (message: string) => new Refusal(message, 403)
export const notFound = (message: string) => new Refusal(message, 404)
/** The document is in a state that does not allow this (frozen, submitted, already there). */
export const conflict = (message: string) => new Refusal(message, 409)

/**
 * An endpoint's answer to a refusal thrown by it or by the hooks it ran, in Payload's own error
 * shape (`{ errors: [{ message, data }] }`). Read by its fields, not `instanceof`: Next bundles
 * its own copy of Payload's classes. Anything else (a 500) goes on to Payload.
 */
export const refusalResponse = (err: unknown): Response | undefined => {
  const error = err as { status?: unknown; message?: string; data?: unknown; isPublic?: boolean }
  if (typeof error?.status !== 'number' || error.status >= 500 || !error.isPublic) {
    return undefined
  }
  return Response.json(
    { errors: [{ message: error.message, ...(error.data ? { data: error.data } : {}) }] },
    { status: error.status },
  )
}

export type Rel = number | string | { id: number | string } | null | undefined

/** A relationship's id as a number, whether stored or populated. */
export const idOf = (value: Rel): number | undefined =>
  value === null || value === undefined || value === '' ? undefined : Number(extractID(value))

/** Runs `fn` in the request's transaction, started here unless one is running: all or nothing. */
export const inTransaction = async <T>(req: PayloadRequest, fn: () => Promise<T>): Promise<T> => {
  const shouldCommit = await initTransaction(req)
  try {
    const result = await fn()
    if (shouldCommit) {
      await commitTransaction(req)
    }
    return result
  } catch (err) {
    if (shouldCommit) {
      await killTransaction(req)
    }
    throw err
  }
}

/** The JSON body of a POST, `{}` when there is none or it is not JSON. */
export const bodyOf = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  const body = (await req.json?.().catch(() => null)) as unknown
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {}
}

/** A handler whose refusals (ours and the hooks') answer as Payload's errors do. */
export const answering =
  (handler: (req: PayloadRequest) => Promise<Response>): PayloadHandler =>
  async (req) => {
    try {
      return await handler(req)
    } catch (err) {
      const response = refusalResponse(err)
      if (response) {
        return response
      }
      throw err
    }
  }

/** The body of a POST that must be a JSON object when sent: `{}` when empty, 400 otherwise. */
export const jsonObjectBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  const text = (await req.text?.().catch(() => '')) ?? ''
  if (!text.trim()) {
    return {}
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('请求内容应为 JSON 对象 / the body must be a JSON object')
  }
  return body as Record<string, unknown>
}
