import type { ArrayFieldValidation, CollectionConfig } from 'payload'

import { requireHostedCampaign, writtenId } from '../src/access/guards'
import { quotaRules, hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'

/** A unit's targets name the campaign's own tiers, each once: a misspelt tier would be a new one. */
const propagandistTiers: ArrayFieldValidation = async (value, { data, req }) => {
  const rows = (value ?? []) as { tier?: string | null }[]
  const tiers = rows.map((row) => row.tier?.trim() ?? '')
  const repeated = tiers.find((tier, i) => tier && tiers.indexOf(tier) !== i)
  if (repeated) {
    return `类别“${repeated}”出现了两次 / tier “${repeated}” is listed twice`
  }
  const campaignId = writtenId((data as { campaign?: unknown } | undefined)?.campaign)
  if (!campaignId || tiers.length === 0) {
    return true
  }
  const campaign = await req.payload
    .findByID({
      collection: 'campaigns',
      id: campaignId,
      depth: 0,
      select: { propagandistTargets: true },
      req,
    })
    .catch(() => null)
  const known = (campaign?.propagandistTargets ?? []).map((target) => target.tier)
  const unknown = tiers.filter((tier) => tier && !known.includes(tier))
  return unknown.length === 0
    ? true
    : `主题活动没有“${unknown.join('、')}”这一宣传队伍类别（现有：${known.join('、') || '无'}） / the campaign has no propagandist tier “${unknown.join(', ')}” (it has: ${known.join(', ') || 'none'})`
}

/** 任务分解表: what one unit must report to a campaign — per sub-project, and offline events. */
export const Quotas: CollectionConfig<'quotas'> = {
  slug: 'quotas',
  labels: { singular: { zh: '任务分解', en: 'Quota' }, plural: { zh: '任务分解表', en: 'Quotas' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['unit', 'campaign', 'offlineEvents'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer'),
  },
  access: quotaRules,
  hooks: {
    beforeChange: [requireHostedCampaign()],
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      label: { zh: '名称', en: 'Title' },
      admin: { hidden: true },
      hooks: {
        beforeChange: [
          async ({ data, req }) => {
            const unit = data?.unit
              ? await req.payload.findByID({
                  collection: 'organizers',
                  id: data.unit,
                  depth: 0,
                  req,
                })
              : null
            return unit ? `${unit.name} 任务` : undefined
          },
        ],
      },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          required: true,
          label: { zh: '主题活动', en: 'Campaign' },
        },
        {
          name: 'unit',
          type: 'relationship',
          relationTo: 'organizers',
          required: true,
          label: { zh: '单位', en: 'Unit' },
        },
      ],
    },
    {
      name: 'offlineEvents',
      type: 'number',
      min: 0,
      label: { zh: '线下活动（场）', en: 'Offline events' },
    },
    {
      name: 'propagandists',
      type: 'array',
      label: { zh: '宣传队伍目标', en: 'Propagandist targets' },
      labels: {
        singular: { zh: '宣传队伍目标', en: 'Propagandist target' },
        plural: { zh: '宣传队伍目标', en: 'Propagandist targets' },
      },
      admin: {
        description: {
          zh: '本单位各类宣传员的人数目标；未列出的类别按主题活动的统一目标。',
          en: 'This unit’s head-count per tier; a tier not listed takes the campaign’s target.',
        },
      },
      validate: propagandistTiers,
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'tier', type: 'text', required: true, label: { zh: '类别', en: 'Tier' } },
            {
              name: 'count',
              type: 'number',
              required: true,
              min: 0,
              label: { zh: '人数', en: 'Head-count' },
            },
          ],
        },
      ],
    },
    {
      name: 'works',
      type: 'array',
      label: { zh: '作品任务', en: 'Works required' },
      labels: {
        singular: { zh: '作品任务', en: 'Work required' },
        plural: { zh: '作品任务', en: 'Works required' },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'subProject',
              type: 'relationship',
              relationTo: 'sub-projects',
              required: true,
              label: { zh: '子项目', en: 'Sub-project' },
            },
            {
              name: 'count',
              type: 'number',
              required: true,
              min: 0,
              label: { zh: '数量', en: 'Count' },
            },
          ],
        },
      ],
    },
  ],
}
