import type { Endpoint, PayloadRequest } from 'payload'

import { answering, jsonObjectBody } from '../lib/refusal'
import { createEdition, editionRequestOf, editionSource, planEdition } from './edition'
import { campaignReadiness } from './readiness'

const sourceIdOf = (req: PayloadRequest) => Number(req.routeParams?.id)

/**
 * 复制为新一年度: `POST /api/campaigns/:id/clone/preview` says what next year's edition would hold
 * (writing nothing); `POST /api/campaigns/:id/clone` creates it, as drafts, in one transaction.
 * Body: `{ year, startDate?, name?, theme?, label?, quotas?, contacts? }` (src/campaigns/edition.ts).
 * The campaign's organizers and the national office only; a second edition of the same year is
 * refused (409) with the existing one named.
 */
export const editionEndpoints: Endpoint[] = [
  {
    // 开始前检查: what the campaign still lacks before it may open (src/campaigns/readiness.ts).
    path: '/:id/readiness',
    method: 'get',
    handler: answering(async (req) => {
      const campaign = await editionSource({
        req,
        sourceId: sourceIdOf(req),
        action: { zh: '查看开始前检查', en: 'read its readiness' },
      })
      return Response.json(await campaignReadiness({ req, campaign }), {
        headers: { 'cache-control': 'private, no-store' },
      })
    }),
  },
  {
    path: '/:id/clone/preview',
    method: 'post',
    handler: answering(async (req) => {
      await editionSource({ req, sourceId: sourceIdOf(req) })
      const request = editionRequestOf(await jsonObjectBody(req))
      return Response.json(await planEdition({ req, sourceId: sourceIdOf(req), request }), {
        headers: { 'cache-control': 'private, no-store' },
      })
    }),
  },
  {
    path: '/:id/clone',
    method: 'post',
    handler: answering(async (req) => {
      await editionSource({ req, sourceId: sourceIdOf(req) })
      const request = editionRequestOf(await jsonObjectBody(req))
      return Response.json(await createEdition({ req, sourceId: sourceIdOf(req), request }), {
        status: 201,
      })
    }),
  },
]
