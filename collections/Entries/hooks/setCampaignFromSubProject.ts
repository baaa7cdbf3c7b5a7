import type { CollectionBeforeChangeHook } from 'payload'

import { extractID } from 'payload/shared'

import type { Entry } from '../../../src/payload-types'

/** An entry belongs to its sub-project's campaign; nobody sets it apart from the sub-project. */
export const setCampaignFromSubProject: CollectionBeforeChangeHook<Entry> = async ({
  data,
  originalDoc,
  req,
}) => {
  const subProjectValue = data.subProject ?? originalDoc?.subProject
  const subProjectId = subProjectValue ? extractID(subProjectValue) : undefined
  if (!subProjectId) {
    return data
  }
  const subProject = await req.payload.findByID({
    collection: 'sub-projects',
    id: subProjectId,
    depth: 0,
    draft: true,
    req,
  })
  return { ...data, campaign: subProject.campaign ? extractID(subProject.campaign) : null }
}
