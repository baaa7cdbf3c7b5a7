import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionConfig,
  Endpoint,
  PayloadHandler,
  PayloadRequest,
} from 'payload'

import { extractID } from 'payload/shared'

import { requireHostedCampaign } from '../access/guards'
import { guardAdjustments, keepFrozenList, recordAdjustments } from './adjust'
import { freezeList } from './freeze'
import { proposeList } from './propose'
import { refusalResponse } from './shared'
import { scoresWorkbook } from './workbook'

/** The list's title names what it awards: the sub-project's name, or 优秀组织单位. */
const titled: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const kind = data.kind ?? originalDoc?.kind
  const subProject = data.subProject ?? originalDoc?.subProject
  if (kind === 'organizing-units' || !subProject) {
    data.title = '优秀组织单位'
    return data
  }
  const doc = await req.payload.findByID({
    collection: 'sub-projects',
    id: extractID(subProject),
    depth: 0,
    select: { name: true },
    req,
  })
  data.title = `${doc.name} 评奖结果`
  return data
}

export const awardListHooks: CollectionConfig['hooks'] = {
  // The frozen check first: a frozen list answers 409 before anything else is looked up.
  beforeChange: [guardAdjustments as CollectionBeforeChangeHook, titled, requireHostedCampaign()],
  afterChange: [recordAdjustments as CollectionAfterChangeHook],
  beforeDelete: [keepFrozenList],
}

/** A handler whose refusals (ours and the hooks') answer as Payload's errors do. */
const answering =
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

/**
 * `POST /api/award-lists/:id/propose` (生成建议名单), `POST /api/award-lists/:id/freeze`
 * (确定名单, drafting the 通报), `GET /api/award-lists/:id/scores.xlsx` (评分与投票明细): the
 * campaign's organizers and the national office only (403 for everyone else).
 */
export const awardListEndpoints: Endpoint[] = [
  {
    path: '/:id/propose',
    method: 'post',
    handler: answering(async (req) =>
      Response.json(await proposeList({ req, listId: req.routeParams?.id })),
    ),
  },
  {
    path: '/:id/freeze',
    method: 'post',
    handler: answering(async (req) =>
      Response.json(await freezeList({ req, listId: req.routeParams?.id })),
    ),
  },
  {
    path: '/:id/scores.xlsx',
    method: 'get',
    handler: answering(async (req) => {
      const { fileName, body } = await scoresWorkbook({ req, listId: req.routeParams?.id })
      return new Response(new Uint8Array(body), {
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="scores.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          'cache-control': 'private, no-store',
        },
      })
    }),
  },
]
