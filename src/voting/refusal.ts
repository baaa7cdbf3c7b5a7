import type { Answer } from './answer'

import { jsonAnswer, toResponse } from './answer'

/**
 * A request the voting endpoints refuse: its status (4xx, or 503 when mail cannot be sent) and
 * the reason in Chinese, then English. Refusals are decided before anything is written, or
 * roll back what was.
 */
export class VoteRefusal extends Error {
  readonly status: number
  /** Seconds to wait before asking again (429). */
  readonly retryAfterSeconds?: number

  constructor(status: number, message: string, retryAfterSeconds?: number) {
    super(message)
    this.name = 'VoteRefusal'
    this.status = status
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export const refuse = (status: number, message: string, retryAfterSeconds?: number) =>
  new VoteRefusal(status, message, retryAfterSeconds)

/** The refusal as Payload's error shape, never cached. */
export const refusalAnswer = (err: VoteRefusal): Answer =>
  jsonAnswer(
    err.status,
    { errors: [{ message: err.message }] },
    {
      'cache-control': 'no-store',
      ...(err.retryAfterSeconds ? { 'retry-after': String(err.retryAfterSeconds) } : {}),
    },
  )

/** `refusalAnswer` as a Web `Response`. */
export const refusalResponse = (err: VoteRefusal): Response => toResponse(refusalAnswer(err))
