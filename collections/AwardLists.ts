import type { CollectionConfig } from 'payload'

import { awardListRules, hiddenUnlessRole } from '../src/access/rules'
import { awardListEndpoints, awardListHooks } from '../src/awards/lists'
import { awardTiers } from './Entries'
import { groups } from './groups'

export const awardListStatuses = [
  { value: 'draft', label: { zh: '拟定中', en: 'Being drawn up' } },
  { value: 'frozen', label: { zh: '已确定', en: 'Frozen' } },
]

export const awardListKinds = [
  { value: 'works', label: { zh: '作品奖项', en: 'Prizes for works' } },
  { value: 'organizing-units', label: { zh: '优秀组织单位', en: 'Best organizing units' } },
]

/**
 * 评奖结果: the prize list of one sub-project (or the campaign's 优秀组织单位). The organizer sets
 * the tiers once submissions have closed — a count or a share of the works received per tier —
 * and proposes the list from the ranking (the jury's final round merged with the public vote by
 * the sub-project's share); adjusts a work's tier with a reason; freezes it. Freezing writes
 * the prizes onto the works and drafts the results notice (通报) with the prize tables.
 */
export const AwardLists: CollectionConfig<'award-lists'> = {
  slug: 'award-lists',
  labels: {
    singular: { zh: '评奖结果', en: 'Award list' },
    plural: { zh: '评奖结果', en: 'Award lists' },
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', 'status', 'frozenAt'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer'),
  },
  access: awardListRules,
  hooks: awardListHooks,
  endpoints: awardListEndpoints,
  fields: [
    { name: 'title', type: 'text', label: { zh: '名称', en: 'Title' }, admin: { hidden: true } },
    {
      // 生成建议名单, 确定名单并生成通报, the workbook (src/admin/AwardListActions.tsx).
      name: 'actions',
      type: 'ui',
      admin: {
        position: 'sidebar',
        components: { Field: '/admin/AwardListActions#AwardListActions' },
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
          name: 'kind',
          type: 'select',
          required: true,
          defaultValue: 'works',
          options: awardListKinds,
          label: { zh: '类别', en: 'Kind' },
        },
        {
          name: 'subProject',
          type: 'relationship',
          relationTo: 'sub-projects',
          label: { zh: '子项目', en: 'Sub-project' },
          admin: { condition: (data) => data?.kind !== 'organizing-units' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'juryRound',
          type: 'relationship',
          relationTo: 'judging-rounds',
          label: { zh: '专家评审轮次', en: 'Jury round' },
          admin: {
            condition: (data) => data?.kind !== 'organizing-units',
            description: { zh: '不选则为最后一轮', en: 'Empty: the last round' },
          },
        },
        {
          name: 'publicShare',
          type: 'number',
          min: 0,
          max: 100,
          label: { zh: '网络投票占比（%）', en: 'Public share (%)' },
          admin: {
            condition: (data) => data?.kind !== 'organizing-units',
            description: { zh: '不填则按子项目设置', en: "Empty: the sub-project's" },
          },
        },
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'draft',
          options: awardListStatuses,
          label: { zh: '状态', en: 'Status' },
          admin: { readOnly: true },
        },
      ],
    },
    {
      name: 'tiers',
      type: 'array',
      label: { zh: '奖项设置', en: 'Prize tiers' },
      labels: {
        singular: { zh: '奖项', en: 'Tier' },
        plural: { zh: '奖项设置', en: 'Prize tiers' },
      },
      admin: {
        description: {
          zh: '征集结束后按收到的作品数设置：每个奖项的名额（件）或比例（%），从高到低。',
          en: 'Set once submissions close, from the works received: places or a share, highest first.',
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'tier',
              type: 'select',
              required: true,
              options: awardTiers,
              label: { zh: '奖项', en: 'Tier' },
            },
            {
              name: 'count',
              type: 'number',
              min: 0,
              label: { zh: '名额（件）', en: 'Places' },
            },
            {
              name: 'share',
              type: 'number',
              min: 0,
              max: 100,
              label: { zh: '或比例（%）', en: 'Or share (%)' },
            },
          ],
        },
      ],
    },
    {
      name: 'ranking',
      type: 'array',
      label: { zh: '排名与获奖', en: 'Ranking and prizes' },
      labels: { singular: { zh: '作品', en: 'Work' }, plural: { zh: '排名与获奖', en: 'Ranking' } },
      admin: {
        condition: (data) => data?.kind !== 'organizing-units',
        description: {
          zh: '由“生成建议名单”按排名填写；调整奖项须写明原因。',
          en: 'Filled in by the proposal from the ranking; a changed tier needs a reason.',
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'entry',
              type: 'relationship',
              relationTo: 'entries',
              required: true,
              label: { zh: '作品', en: 'Work' },
              admin: { readOnly: true },
            },
            {
              name: 'rank',
              type: 'number',
              label: { zh: '名次', en: 'Rank' },
              admin: { readOnly: true },
            },
            {
              name: 'juryScore',
              type: 'number',
              label: { zh: '专家评分', en: 'Jury' },
              admin: { readOnly: true },
            },
            {
              name: 'votes',
              type: 'number',
              label: { zh: '有效票数', en: 'Valid votes' },
              admin: { readOnly: true },
            },
            {
              name: 'finalScore',
              type: 'number',
              label: { zh: '综合得分', en: 'Final score' },
              admin: { readOnly: true },
            },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'proposedTier',
              type: 'select',
              options: awardTiers,
              label: { zh: '建议奖项', en: 'Proposed' },
              admin: { readOnly: true },
            },
            {
              name: 'tier',
              type: 'select',
              options: awardTiers,
              label: { zh: '奖项', en: 'Tier' },
            },
            { name: 'reason', type: 'text', label: { zh: '调整原因', en: 'Why changed' } },
          ],
        },
      ],
    },
    {
      name: 'units',
      type: 'array',
      label: { zh: '优秀组织单位', en: 'Best organizing units' },
      labels: { singular: { zh: '单位', en: 'Unit' }, plural: { zh: '优秀组织单位', en: 'Units' } },
      admin: { condition: (data) => data?.kind === 'organizing-units' },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'unit',
              type: 'relationship',
              relationTo: 'organizers',
              required: true,
              label: { zh: '单位', en: 'Unit' },
            },
            {
              name: 'reported',
              type: 'number',
              label: { zh: '报送作品', en: 'Works reported' },
              admin: { readOnly: true },
            },
            {
              name: 'quotaMet',
              type: 'checkbox',
              label: { zh: '完成任务', en: 'Quota met' },
              admin: { readOnly: true },
            },
            { name: 'isAwarded', type: 'checkbox', label: { zh: '授予', en: 'Awarded' } },
            { name: 'reason', type: 'text', label: { zh: '调整原因', en: 'Why changed' } },
          ],
        },
      ],
    },
    {
      name: 'frozenAt',
      type: 'date',
      label: { zh: '确定时间', en: 'Frozen at' },
      admin: { readOnly: true, position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'frozenBy',
      type: 'relationship',
      relationTo: 'users',
      label: { zh: '确定人', en: 'Frozen by' },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'notice',
      type: 'relationship',
      relationTo: 'notices',
      label: { zh: '通报（草稿）', en: 'Results notice (draft)' },
      admin: { readOnly: true, position: 'sidebar' },
    },
  ],
}
