import type { CollectionBeforeChangeHook } from 'payload'

import type { Entry } from '../../../src/payload-types'

import { relationId } from '../../../src/lib/relationId'

/** An entry belongs to its sub-project's campaign; nobody sets it apart from the sub-project. */
export const setCampaignFromSubProject: CollectionBeforeChangeHook<Entry> = async ({ data, originalDoc, req }) => {
  const subProjectId = relationId(data.subProject ?? originalDoc?.subProject)
  if (!subProjectId) {
    return data
  }
  const subProject = await req.payload.findByID({ collection: 'sub-projects', id: subProjectId, depth: 0, draft: true, req })
  return { ...data, campaign: relationId(subProject.campaign) ?? null }
}
