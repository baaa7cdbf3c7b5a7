import type { CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { extractID } from 'payload/shared'

import { requireHostedCampaign } from '../access/guards'

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

export const judgingRoundHooks: CollectionConfig['hooks'] = {
  beforeChange: [fromSubProject, requireHostedCampaign()],
}
