import type { Request, RequestHandler, Response as ExpressResponse } from 'express'
import type { Payload } from 'payload'

import type { Answer, HeaderReader } from './answer'

import { corsOf } from '../http/cors'
import { publicAnswers } from './endpoints'

/**
 * Public voting's hot requests — a vote, a work's count, a sub-project's counts — answered in
 * front of Next, as the partner feed is: a campaign's closing days bring thousands of votes a
 * minute and H5 pages polling the counts, and Next's routing and Payload's request set-up cost
 * more than the vote itself (bench/votes.ts). The answers are the Payload endpoints' own
 * (`publicAnswers` in ./endpoints), with the CORS headers Payload would add; the endpoints stay
 * for apps served without this layer. Everything else goes on to `next`.
 *
 * Mounted behind the app's body cap, rate limits and credential checks (src/http/app.ts), so a
 * vote meets every rule it met on its way to Next.
 */
export const createVoteFastPath =
  ({ payload: current }: { payload: () => Payload | undefined }) =>
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    const payload = current()
    const route = payload ? routeOf(req) : null
    if (!payload || !route) {
      return handler(req, res, next)
    }
    const headers = headerReader(req)
    try {
      let answer: Answer
      if (route.kind === 'vote') {
        answer = await publicAnswers.vote({
          payload,
          entry: route.id,
          body: await jsonBody(req),
          headers,
        })
      } else if (route.kind === 'entry-count') {
        answer = await publicAnswers.entryCount({ payload, entry: route.id, headers })
      } else {
        answer = await publicAnswers.subProjectCounts({
          payload,
          subProject: typeof req.query.subProject === 'string' ? req.query.subProject : null,
          headers,
        })
      }
      send(res, answer, corsOf(payload, req.headers.origin))
    } catch (err) {
      // What Payload answers for an error that is not a refusal: logged, and a bare 500.
      payload.logger.error({ err, msg: `vote fast path: ${req.method} ${req.path}` })
      if (!res.headersSent) {
        res.status(500).json({ errors: [{ message: 'Something went wrong.' }] })
      }
    }
  }

type Route = { kind: 'vote' | 'entry-count'; id: string } | { kind: 'sub-project-counts' }

const voteRoute = /^\/api\/entries\/([^/]+)\/(vote|votes)\/?$/

const routeOf = (req: Request): Route | null => {
  if (
    req.method === 'GET' &&
    (req.path === '/api/votes/counts' || req.path === '/api/votes/counts/')
  ) {
    return { kind: 'sub-project-counts' }
  }
  const match = voteRoute.exec(req.path)
  if (!match) {
    return null
  }
  const id = decodeURIComponent(match[1]!)
  if (match[2] === 'vote' && req.method === 'POST') {
    return { kind: 'vote', id }
  }
  if (match[2] === 'votes' && req.method === 'GET') {
    return { kind: 'entry-count', id }
  }
  return null
}

/**
 * The request's headers as Payload's endpoints read them (`Headers.get`: any case, repeated
 * values joined by `, `), read from Node's without copying them into a Web `Headers`.
 */
const headerReader = (req: Request): HeaderReader => ({
  get: (name) => {
    const value = req.headers[name.toLowerCase()]
    if (value === undefined) {
      return null
    }
    return Array.isArray(value) ? value.join(', ') : value
  },
})

/**
 * The body parsed as JSON, whatever its content type (as `Request.json()` reads it for Payload's
 * endpoint); `undefined` when it is not JSON. Its size was capped before (REQUEST_BODY_MAX_KB).
 */
const jsonBody = async (req: Request): Promise<unknown> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** The answer written to Express, with the CORS headers added where it has none of its own. */
const send = (res: ExpressResponse, answer: Answer, cors: [string, string][]) => {
  res.statusCode = answer.status
  for (const name in answer.headers) {
    res.setHeader(name, answer.headers[name]!)
  }
  for (const [name, value] of cors) {
    if (!(name in answer.headers)) {
      res.setHeader(name, value)
    }
  }
  res.end(answer.body ?? undefined)
}

/**
 * The public counts again, for the plainest polls only, mounted first (src/http/app.ts): a GET
 * with no credential (no `Authorization`, no session cookie) and no query but a sub-project's
 * `subProject`. Such a request meets no rule of the chain behind — no body, no rate-limit rule
 * for reads, no credential to refuse, no query to check — so it is answered before the chain's
 * cost; any other request goes on, and meets the chain as before.
 */
export const createCountFastPath = ({
  payload,
}: {
  payload: () => Payload | undefined
}): RequestHandler => {
  const answer = createVoteFastPath({ payload })((_req, _res, next) => next())
  return (req, res, next) => (isPlainCountPoll(req) ? answer(req, res, next) : next())
}

const isPlainCountPoll = (req: Request): boolean => {
  if (
    req.method !== 'GET' ||
    req.headers.authorization !== undefined ||
    (req.headers.cookie ?? '').includes('payload-token')
  ) {
    return false
  }
  const query = Object.keys(req.query)
  if (req.path === '/api/votes/counts' || req.path === '/api/votes/counts/') {
    return query.length === 1 && query[0] === 'subProject'
  }
  return query.length === 0 && /^\/api\/entries\/[^/]+\/votes\/?$/.test(req.path)
}
