import type { Endpoint, PayloadRequest } from 'payload'

import { jsonObjectBody, refusalResponse } from '../lib/refusal'
import { receiveContribution } from './contribute'
import { moderate } from './decide'
import { formRefusalOf } from './formAnswers'
import { makeWork } from './makeWork'
import { receiveComment } from './receive'

/**
 * The interaction window over HTTP (docs/columns.md):
 * - `POST /api/interactions/comment` `{ column, body, entry?, authorName?, contact?, device? }`
 *   → 201 `{ id, state, body, message }`: anyone, from any site (CORS as the REST API's); the same
 *   fields as a browser's form post → 303 back to the column's page (`/columns/:id`);
 * - `POST /api/interactions/contribute` (multipart: the fields, then up to nine `images`) → 201
 *   `{ id, state, message }`: 原创图文, anyone, as comments;
 * - `POST /api/interactions/:id/make-work` `{ subProject, submittingUnit?, title? }` → 201
 *   `{ entry }`: 择优制作成宣传作品, the column's moderators;
 * - `POST /api/interactions/moderate` `{ ids, decision: 'approve' | 'reject', reason? }` → 200
 *   `{ decided, state }`: the column's unit, the units above it, the campaign's hosts, the office.
 */

/** Refusals as bilingual 4xx (with `retry-after` on a 429); anything else goes on to Payload. */
const answering =
  (handler: (req: PayloadRequest) => Promise<Response>) =>
  async (req: PayloadRequest): Promise<Response> => {
    try {
      return await handler(req)
    } catch (err) {
      // The form reader's refusals (415, 413, a bad file name) are the sender's too.
      const response =
        refusalResponse(err) ??
        ((err as Error).name === 'SubmissionError'
          ? Response.json(
              { errors: [{ message: (err as Error).message }] },
              { status: (err as { status: number }).status },
            )
          : undefined)
      const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds
      if (response && retryAfter) {
        response.headers.set('retry-after', String(retryAfter))
      }
      if (response) {
        return response
      }
      throw err
    }
  }

const isFormPost = (req: PayloadRequest) =>
  (req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')

/**
 * The reference column page's form, posted by a browser without JavaScript: answered with a 303
 * back to the column's page, which shows what became of the comment (`?comment=pending`,
 * `approved`, or `error` with the refusal's reason, ./formAnswers.ts). Only a column id names the target, so the
 * redirect never leaves this site.
 */
const commentFromForm = async (req: PayloadRequest): Promise<Response> => {
  const form = Object.fromEntries(new URLSearchParams((await req.text?.()) ?? ''))
  const column = Number(form.column)
  if (!Number.isSafeInteger(column) || column <= 0) {
    return Response.json(
      { errors: [{ message: '请指定专栏（column=编号） / name the column (column=id)' }] },
      { status: 400 },
    )
  }
  const back = (query: Record<string, string>) =>
    new Response(null, {
      status: 303,
      headers: {
        location: `/columns/${column}?${new URLSearchParams(query).toString()}#comment-form`,
        'cache-control': 'no-store',
      },
    })
  try {
    const received = await receiveComment({
      payload: req.payload,
      headers: req.headers,
      body: form,
    })
    return back({ comment: received.state })
  } catch (err) {
    const refused = refusalResponse(err)
    if (!refused) {
      throw err
    }
    return back({ comment: 'error', reason: formRefusalOf(err) })
  }
}

export const interactionEndpoints: Endpoint[] = [
  {
    path: '/comment',
    method: 'post',
    handler: async (req) =>
      isFormPost(req)
        ? commentFromForm(req)
        : answering(async () =>
            Response.json(
              await receiveComment({
                payload: req.payload,
                headers: req.headers,
                body: await jsonObjectBody(req),
              }),
              {
                status: 201,
                headers: { 'cache-control': 'no-store' },
              },
            ),
          )(req),
  },
  {
    path: '/contribute',
    method: 'post',
    handler: answering(async (req) =>
      Response.json(await receiveContribution(req), {
        status: 201,
        headers: { 'cache-control': 'no-store' },
      }),
    ),
  },
  {
    path: '/:id/make-work',
    method: 'post',
    handler: answering(async (req) =>
      Response.json(await makeWork(req, await jsonObjectBody(req)), { status: 201 }),
    ),
  },
  {
    path: '/moderate',
    method: 'post',
    handler: answering(async (req) => {
      const body = await jsonObjectBody(req)
      return Response.json(
        await moderate({ req, ids: body.ids, decision: body.decision, reason: body.reason }),
      )
    }),
  },
]
