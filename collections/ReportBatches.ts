import type { CollectionConfig } from 'payload'

import { requireParticipatingUnit, requireUnitInSubtree } from '../src/access/guards'
import { hiddenUnlessRole, reportBatchRules } from '../src/access/rules'
import { prepareBatch, reportBatch } from '../src/reporting/batches'
import { groups } from './groups'

export const batchStatuses = [
  { value: 'draft', label: { zh: '草稿', en: 'Draft' } },
  { value: 'submitted', label: { zh: '已报送', en: 'Reported' } },
]

/**
 * 报送批次: what one unit reports to the level above it in a campaign — the works it screened
 * (or that were reported to it), its report on its theme activities and on its propagandists —
 * per sub-project or for the whole campaign. Submitting it marks the works reported, writes the
 * step on each work's path upward, and mails the level above and the sender through the jobs
 * queue. A submitted batch is a record: it no longer changes.
 */
export const ReportBatches: CollectionConfig<'report-batches'> = {
  slug: 'report-batches',
  labels: {
    singular: { zh: '报送批次', en: 'Report batch' },
    plural: { zh: '报送批次', en: 'Report batches' },
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'campaign', 'status', 'submittedAt', 'isLate'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
  },
  access: reportBatchRules,
  hooks: {
    beforeChange: [
      requireUnitInSubtree({ field: 'fromUnit', label: '报送单位' }),
      requireParticipatingUnit({ unitField: 'fromUnit', label: '报送单位' }),
      prepareBatch,
    ],
    afterChange: [reportBatch],
  },
  fields: [
    { name: 'title', type: 'text', label: { zh: '名称', en: 'Title' }, admin: { hidden: true } },
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
          name: 'subProject',
          type: 'relationship',
          relationTo: 'sub-projects',
          label: { zh: '子项目', en: 'Sub-project' },
          admin: { description: { zh: '不选则为全部子项目', en: 'Empty: the whole campaign' } },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'fromUnit',
          type: 'relationship',
          relationTo: 'organizers',
          label: { zh: '报送单位', en: 'Reporting unit' },
          admin: { description: { zh: '不选则为本单位', en: 'Empty: your own unit' } },
        },
        {
          name: 'toCampaign',
          type: 'relationship',
          relationTo: 'campaigns',
          label: { zh: '报送至上级活动', en: 'Into the parent campaign' },
          admin: {
            readOnly: true,
            description: {
              zh: '主办单位向本活动所落实的上级活动报送（如向全总推荐）',
              en: 'A host reporting into the campaign its campaign implements',
            },
          },
        },
        {
          name: 'toUnit',
          type: 'relationship',
          relationTo: 'organizers',
          label: { zh: '报送至', en: 'Reported to' },
          admin: {
            readOnly: true,
            description: { zh: '上级单位，自动填写', en: 'The unit above, filled in' },
          },
        },
      ],
    },
    {
      name: 'note',
      type: 'textarea',
      label: { zh: '附言', en: 'Cover note' },
      admin: {
        description: { zh: '随报送邮件发给上级单位', en: 'Sent with the mail to the level above' },
      },
    },
    {
      name: 'entries',
      type: 'relationship',
      relationTo: 'entries',
      hasMany: true,
      label: { zh: '报送作品', en: 'Works reported' },
    },
    {
      name: 'activityReport',
      type: 'group',
      label: { zh: '主题活动开展情况', en: 'Report on the theme activities' },
      fields: [
        {
          name: 'events',
          type: 'number',
          min: 0,
          label: { zh: '线下活动（场）', en: 'Offline events held' },
        },
        { name: 'text', type: 'textarea', label: { zh: '情况说明', en: 'Report' } },
        {
          name: 'attachments',
          type: 'upload',
          relationTo: 'media',
          hasMany: true,
          label: { zh: '附件', en: 'Attachments' },
        },
      ],
    },
    {
      name: 'propagandistReport',
      type: 'group',
      label: { zh: '职工好网民宣传员队伍', en: 'Report on the propagandists' },
      fields: [
        { name: 'text', type: 'textarea', label: { zh: '情况说明', en: 'Report' } },
        {
          name: 'counts',
          type: 'array',
          label: { zh: '人数', en: 'Head-counts' },
          labels: {
            singular: { zh: '人数', en: 'Head-count' },
            plural: { zh: '人数', en: 'Head-counts' },
          },
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
          name: 'attachments',
          type: 'upload',
          relationTo: 'media',
          hasMany: true,
          label: { zh: '附件', en: 'Attachments' },
        },
      ],
    },
    {
      name: 'status',
      type: 'select',
      defaultValue: 'draft',
      options: batchStatuses,
      label: { zh: '状态', en: 'Status' },
      admin: { position: 'sidebar' },
    },
    {
      name: 'submittedAt',
      type: 'date',
      label: { zh: '报送时间', en: 'Reported at' },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'submittedBy',
      type: 'relationship',
      relationTo: 'users',
      label: { zh: '报送人', en: 'Reported by' },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'isLate',
      type: 'checkbox',
      label: { zh: '逾期报送', en: 'Late' },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'mailedTo',
      type: 'text',
      label: { zh: '报送邮箱', en: 'Mailed to' },
      admin: { readOnly: true, position: 'sidebar' },
    },
  ],
}
