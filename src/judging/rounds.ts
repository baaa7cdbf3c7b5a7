import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  CollectionConfig,
} from 'payload'

import { extractID } from 'payload/shared'

import type { JudgingRound } from '../payload-types'

import { requireHostedCampaign } from '../access/guards'
import { syncEntryJudges } from './sync'
import { badRequest, conflict, idOf } from '../lib/refusal'

/** A round belongs to its sub-project's campaign; its title names both (“微视频 初评”). */
const fromSubProject: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const subProject = data.subProject ?? originalDoc?.subProject
  if (!subProject) {
    return data
  }
  const doc = await req.payload.findByID({
    collection: 'sub-projects',
    id: extractID(subProject),
    depth: 0,
    select: { campaign: true, name: true },
    req,
  })
  data.campaign = doc.campaign ? extractID(doc.campaign) : null
  data.title = `${doc.name} ${data.name ?? originalDoc?.name ?? ''}`.trim()
  return data
}

/**
 * A rubric names each criterion once (scores are matched by name), and a round that takes the
 * top of the previous one says how many and has a previous one.
 */
const checkRubric: CollectionBeforeChangeHook<JudgingRound> = ({ data, originalDoc }) => {
  const value = <K extends keyof JudgingRound>(field: K) =>
    (data[field] !== undefined ? data[field] : originalDoc?.[field]) as JudgingRound[K]
  const names = (value('criteria') ?? []).map((each) => each.name?.trim())
  const errors = names.flatMap((name, index) =>
    names.indexOf(name) !== index
      ? [
          {
            path: `criteria.${index}.name`,
            message: `评分项“${name}”重复 / the criterion "${name}" is listed twice`,
          },
        ]
      : [],
  )
  if (value('entrySource') === 'previous-top') {
    if (!value('topN')) {
      errors.push({
        path: 'topN',
        message:
          '取上一轮前 N 名时须填写 N / top N is required when the previous round’s top enters',
      })
    }
    if ((value('order') ?? 1) < 2) {
      errors.push({
        path: 'order',
        message: '第一轮没有上一轮 / the first round has no previous round',
      })
    }
  }
  if (errors.length) {
    throw badRequest(errors.map((error) => error.message).join('；'), errors, 'judging-rounds')
  }
  return data
}

/** Opening or closing a round gives its judges their works to read, or takes them back. */
const syncOnStatus: CollectionAfterChangeHook<JudgingRound> = async ({ doc, previousDoc, req }) => {
  if (!previousDoc || previousDoc.status === doc.status) {
    return doc
  }
  const { docs } = await req.payload.find({
    collection: 'score-sheets',
    where: { round: { equals: doc.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { entry: true },
    req,
  })
  await syncEntryJudges({ req, entryIds: docs.map((sheet) => idOf(sheet.entry)!) })
  return doc
}

/** A round with score sheets is a record of the review: it is closed, not deleted. */
const keepRoundWithSheets: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const { totalDocs } = await req.payload.count({
    collection: 'score-sheets',
    where: { round: { equals: id } },
    req,
  })
  if (totalDocs > 0) {
    throw conflict(
      `该评审轮次已有 ${totalDocs} 份评分表，不能删除；请将其结束 / the round has ${totalDocs} score sheets: close it instead of deleting it`,
    )
  }
}

export const judgingRoundHooks: CollectionConfig['hooks'] = {
  beforeChange: [
    fromSubProject,
    requireHostedCampaign(),
    checkRubric as CollectionBeforeChangeHook,
  ],
  afterChange: [syncOnStatus as CollectionAfterChangeHook],
  beforeDelete: [keepRoundWithSheets],
}
