import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionConfig,
  Endpoint,
} from 'payload'

import { extractID } from 'payload/shared'

import { requireHostedCampaign } from '../access/guards'
import { answering, badRequest, idOf } from '../lib/refusal'
import { guardAdjustments, keepFrozenList, recordAdjustments } from './adjust'
import { freezeList } from './freeze'
import { proposeList } from './propose'
import { recommendWinners } from './recommend'
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

/**
 * A list's sub-project is one of its campaign's, and its jury round one of that sub-project's:
 * the proposal and the workbook read by them, so a list pointed elsewhere would hand one
 * campaign's organizer another campaign's scores and votes.
 */
const sameCampaign: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const campaign = idOf(data.campaign ?? originalDoc?.campaign)
  const subProject = idOf(data.subProject ?? originalDoc?.subProject)
  const juryRound = idOf(data.juryRound ?? originalDoc?.juryRound)
  if (subProject) {
    const doc = await req.payload.findByID({
      collection: 'sub-projects',
      id: subProject,
      depth: 0,
      disableErrors: true,
      select: { campaign: true },
      req,
    })
    if (!doc || idOf(doc.campaign) !== campaign) {
      throw badRequest(
        '子项目不属于本评奖结果的主题活动 / the sub-project is not one of the list’s campaign’s',
        [
          {
            path: 'subProject',
            message: '须为本主题活动的子项目 / one of the campaign’s sub-projects',
          },
        ],
        'award-lists',
      )
    }
  }
  if (juryRound) {
    const round = await req.payload.findByID({
      collection: 'judging-rounds',
      id: juryRound,
      depth: 0,
      disableErrors: true,
      select: { subProject: true },
      req,
    })
    if (!round || !subProject || idOf(round.subProject) !== subProject) {
      throw badRequest(
        '专家评审轮次不属于本评奖结果的子项目 / the jury round is not one of the list’s sub-project’s',
        [
          {
            path: 'juryRound',
            message: '须为本子项目的评审轮次 / one of the sub-project’s rounds',
          },
        ],
        'award-lists',
      )
    }
  }
  return data
}

export const awardListHooks: CollectionConfig['hooks'] = {
  // The frozen check first: a frozen list answers 409 before anything else is looked up.
  beforeChange: [
    guardAdjustments as CollectionBeforeChangeHook,
    requireHostedCampaign(),
    sameCampaign,
    titled,
  ],
  afterChange: [recordAdjustments as CollectionAfterChangeHook],
  beforeDelete: [keepFrozenList],
}

/**
 * `POST /api/award-lists/:id/propose` (生成建议名单), `POST /api/award-lists/:id/freeze`
 * (确定名单, drafting the 通报), `POST /api/award-lists/:id/recommend` (向上级活动推荐获奖作品, a
 * draft report batch), `GET /api/award-lists/:id/scores.xlsx` (评分与投票明细): the campaign's
 * organizers and the national office only (403 for everyone else).
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
    path: '/:id/recommend',
    method: 'post',
    handler: answering(async (req) => {
      const body = (await req.json?.().catch(() => undefined)) as unknown
      if (
        body !== undefined &&
        (typeof body !== 'object' || body === null || Array.isArray(body))
      ) {
        throw badRequest('请求内容应为 JSON 对象 / the body must be a JSON object')
      }
      return Response.json(
        await recommendWinners({
          req,
          listId: req.routeParams?.id,
          body: (body ?? {}) as Record<string, unknown>,
        }),
        { status: 201 },
      )
    }),
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
