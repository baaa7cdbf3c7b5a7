import type { CollectionBeforeChangeHook, CollectionConfig, Endpoint } from 'payload'

import { extractID } from 'payload/shared'

import { requireHostedCampaign } from '../access/guards'

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
  beforeChange: [titled, requireHostedCampaign()],
}

export const awardListEndpoints: Endpoint[] = []
