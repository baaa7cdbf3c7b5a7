import type { PayloadRequest } from 'payload'

import { extractID } from 'payload/shared'

import type { LabelForm } from '../../shared/label'
import type { ResolvedOptions, RuleMode } from '../types'

export type CampaignSettings = {
  id: number
  name: string
  label?: string | null
  introClip?: number
  /** 照片水印: photo works get a rendition with the label drawn in. */
  watermarkPhotos: boolean
  status?: string | null
  rules: { theme: RuleMode; columns: RuleMode; label: RuleMode; bestWorks: RuleMode }
  labelForm: LabelForm
}

type CampaignDoc = {
  id: number
  name: string
  label?: string | null
  status?: string | null
  introClip?: number | { id: number } | null
  unification?: {
    themeRule?: RuleMode | null
    columnsRule?: RuleMode | null
    labelRule?: RuleMode | null
    bestWorksRule?: RuleMode | null
    labelPosition?: 'prefix' | 'suffix' | null
    labelBrackets?: string | null
    watermarkPhotos?: boolean | null
  } | null
}

/** A campaign's 四个统一 settings, read once per request. */
export const campaignSettings = async ({
  req,
  options,
  campaign,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  /** An id, or the campaign when populated; a document's field as it is written or stored. */
  campaign: unknown
}): Promise<CampaignSettings | null> => {
  const related = campaign as number | { id: number } | null | undefined
  const id = related ? extractID(related) : undefined
  if (!id) {
    return null
  }
  const key = `unifiedCampaign:${id}`
  if (req.context[key]) {
    return req.context[key] as CampaignSettings
  }
  const doc = (await req.payload
    .findByID({ collection: options.slugs.campaigns, id, depth: 0, req })
    .catch(() => null)) as CampaignDoc | null
  if (!doc) {
    return null
  }
  const u = doc.unification ?? {}
  const settings: CampaignSettings = {
    id: doc.id,
    name: doc.name,
    label: doc.label,
    status: doc.status,
    introClip: doc.introClip ? extractID(doc.introClip) : undefined,
    watermarkPhotos: Boolean(u.watermarkPhotos),
    rules: {
      theme: u.themeRule ?? 'enforce',
      columns: u.columnsRule ?? 'warn',
      label: u.labelRule ?? 'enforce',
      bestWorks: u.bestWorksRule ?? 'enforce',
    },
    labelForm: { position: u.labelPosition ?? 'prefix', brackets: u.labelBrackets ?? '【】' },
  }
  req.context[key] = settings
  return settings
}
