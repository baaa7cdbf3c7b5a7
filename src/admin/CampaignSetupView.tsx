import type { DocumentViewServerProps } from 'payload'

import React from 'react'

import { channels } from '../../collections/PartnerSites'
import { subProjectKinds } from '../../collections/SubProjects'
import { specMediaKinds } from '../../plugins/submission-spec'
import { CampaignSetup } from './CampaignSetup'

const zh = (options: { value: string; label: Record<string, string> }[]) =>
  options.map(({ value, label }) => ({ value, label: label.zh ?? value }))

/**
 * 设置向导: a campaign's guided set-up, a tab beside its edit view. The steps write through the
 * REST API as the organizer (src/admin/CampaignSetup.tsx), so every rule of the edit view holds.
 */
export const CampaignSetupView = ({ doc }: DocumentViewServerProps) => (
  <CampaignSetup
    campaignId={Number(doc?.id)}
    kinds={zh(subProjectKinds)}
    mediaKinds={zh(specMediaKinds)}
    channels={zh(channels)}
  />
)
