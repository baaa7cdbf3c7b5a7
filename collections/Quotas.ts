import type { CollectionConfig } from 'payload'

import { requireHostedCampaign } from '../src/access/guards'
import { quotaRules, hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'

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
