import type { Request, RequestHandler } from 'express'
import type { Payload } from 'payload'

import type { CachedPull } from '../pullCache'
import type { PulledColumn } from '../pull'
import type { CommentStatus } from './ColumnPage'

import { columnPull } from '../answers'
import { etagOf, matchesIfNoneMatch } from '../pullCache'
import { isFormRefusal } from '../../moderation/formAnswers'
import { pageCsp } from './assets'
import { renderColumnPage, renderNotFound } from './ColumnPage'

/**
 * `GET /columns/:id`: the reference column page (./ColumnPage.tsx), for unions without a site of
 * their own. Built from the column's cached pull (../answers.ts), so it changes exactly when the
 * pull does and costs no query while nothing in the column changed; mounted in front of Next by
 * src/http/app.ts.
 */

/** Long enough to spare a busy column's readers, short enough that an approved comment soon shows. */
const cacheControl = 'public, max-age=30'

type Page = { body: Buffer; etag: string }

/** The page of each cached pull: built once per pull answer, dropped with it. */
const pages = new WeakMap<CachedPull, Page>()

const page = (html: string): Page => {
  const body = Buffer.from(html)
  return { body, etag: etagOf(body) }
}

const notFound = page(renderNotFound())

/** `?comment=pending|approved`, or `?comment=error&reason=…`, as the comment endpoint redirects back. */
const commentStatus = (req: Request): CommentStatus | null => {
  const { comment, reason } = req.query
  if (comment === 'pending' || comment === 'approved') {
    return { state: comment }
  }
  if (comment === 'error') {
    return { state: 'error', reason: isFormRefusal(reason) ? reason : null }
  }
  return null
}

export const createColumnPage =
  ({ payload: current }: { payload: () => Payload | undefined }): RequestHandler =>
  async (req, res, next) => {
    const payload = current()
    if (!payload) {
      res.status(503).set('retry-after', '5').type('text/plain; charset=utf-8')
      res.send('正在启动，请稍后再试 / starting: try again shortly')
      return
    }
    res.set({
      'content-security-policy': pageCsp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    })
    const id = Number(req.params.id)
    try {
      const pull = Number.isSafeInteger(id) && id > 0 ? await columnPull(payload, id) : null
      const column = pull?.status === 200 ? (pull.doc as PulledColumn) : null
      if (!pull || !column) {
        // Not cached long: a column published a moment later should show.
        res.status(404).set('cache-control', 'no-cache').type('text/html; charset=utf-8')
        res.send(notFound.body)
        return
      }
      const status = commentStatus(req)
      let answer: Page
      if (status) {
        answer = page(renderColumnPage(column, status))
        // The answer to one reader's post, not the column's page: kept by no cache.
        res.set('cache-control', 'no-store')
      } else {
        answer = pages.get(pull) ?? page(renderColumnPage(column, null))
        pages.set(pull, answer)
        res.set('cache-control', cacheControl)
      }
      res.set('etag', answer.etag)
      if (matchesIfNoneMatch(req.get('if-none-match'), answer.etag)) {
        res.status(304).end()
        return
      }
      res.status(200).type('text/html; charset=utf-8').send(answer.body)
    } catch (err) {
      payload.logger.error({ err, msg: `column page: ${req.method} ${req.originalUrl}` })
      next(err)
    }
  }
