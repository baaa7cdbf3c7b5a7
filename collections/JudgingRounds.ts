import type { CollectionConfig } from 'payload'

import { hiddenUnlessRole, judgingRoundRules } from '../src/access/rules'
import { judgingRoundEndpoints } from '../src/judging/endpoints'
import { judgingRoundHooks } from '../src/judging/rounds'
import { dateOnly } from './fields'
import { groups } from './groups'

export const roundStatuses = [
  { value: 'draft', label: { zh: '筹备中', en: 'Being prepared' } },
  { value: 'open', label: { zh: '评审中', en: 'Open' } },
  { value: 'closed', label: { zh: '已结束', en: 'Closed' } },
]

export const roundEntrySources = [
  { value: 'reported', label: { zh: '报送至主办单位的作品', en: 'Works reported to the host' } },
  { value: 'previous-top', label: { zh: '上一轮前 N 名', en: 'Top N of the previous round' } },
]

/**
 * 评审轮次 (初评, 复评 …) of one sub-project: its panel of judges, its rubric (criteria with
 * weights and maximum scores), its window, and which works enter. The campaign's organizer
 * assigns every work to K judges of the panel (`POST /api/judging-rounds/:id/assign`), with
 * conflicts of interest left out; judges fill in score sheets; the results rank the works.
 */
export const JudgingRounds: CollectionConfig<'judging-rounds'> = {
  slug: 'judging-rounds',
  labels: {
    singular: { zh: '评审轮次', en: 'Judging round' },
    plural: { zh: '评审轮次', en: 'Judging rounds' },
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'subProject', 'status', 'opensAt', 'closesAt'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'judge'),
  },
  access: judgingRoundRules,
  hooks: judgingRoundHooks,
  endpoints: judgingRoundEndpoints,
  fields: [
    { name: 'title', type: 'text', label: { zh: '名称', en: 'Title' }, admin: { hidden: true } },
    {
      // 分配作品 (src/admin/RoundActions.tsx).
      name: 'actions',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/admin/RoundActions#RoundActions' } },
    },
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
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          label: { zh: '主题活动', en: 'Campaign' },
          // The sub-project's, set on every save: access is scoped by it.
          admin: { readOnly: true },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'name',
          type: 'text',
          required: true,
          label: { zh: '轮次名称', en: 'Round' },
          admin: { placeholder: '初评' },
        },
        {
          name: 'order',
          type: 'number',
          required: true,
          defaultValue: 1,
          min: 1,
          label: { zh: '轮次顺序', en: 'Order' },
        },
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'draft',
          options: roundStatuses,
          label: { zh: '状态', en: 'Status' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'opensAt',
          type: 'date',
          label: { zh: '评分开始', en: 'Scoring opens' },
          admin: dateOnly,
        },
        {
          name: 'closesAt',
          type: 'date',
          label: { zh: '评分截止', en: 'Scoring closes' },
          admin: {
            ...dateOnly,
            description: {
              zh: '活动时区的当天结束时截止',
              en: "Closes at the end of that day in the campaign's time zone",
            },
          },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'entrySource',
          type: 'select',
          required: true,
          defaultValue: 'reported',
          options: roundEntrySources,
          label: { zh: '参评作品', en: 'Works that enter' },
        },
        {
          name: 'topN',
          type: 'number',
          min: 1,
          label: { zh: '前 N 名', en: 'Top N' },
          admin: { condition: (data) => data?.entrySource === 'previous-top' },
        },
        {
          name: 'judgesPerWork',
          type: 'number',
          required: true,
          defaultValue: 3,
          min: 1,
          label: { zh: '每件作品评委人数', en: 'Judges per work' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'blind',
          type: 'checkbox',
          defaultValue: false,
          label: { zh: '匿名评审（评委看不到作者、单位和联系人）', en: 'Blind' },
        },
        {
          name: 'normalise',
          type: 'checkbox',
          defaultValue: false,
          label: { zh: '按评委标准化（z 分数，保留原始分）', en: 'Normalise per judge (z-score)' },
        },
      ],
    },
    {
      name: 'panel',
      type: 'relationship',
      relationTo: 'users',
      hasMany: true,
      label: { zh: '评审组', en: 'Panel' },
      filterOptions: { role: { equals: 'judge' } },
    },
    {
      name: 'criteria',
      type: 'array',
      required: true,
      minRows: 1,
      label: { zh: '评分标准', en: 'Rubric' },
      labels: {
        singular: { zh: '评分项', en: 'Criterion' },
        plural: { zh: '评分标准', en: 'Rubric' },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'name',
              type: 'text',
              required: true,
              label: { zh: '评分项', en: 'Criterion' },
              admin: { placeholder: '思想性' },
            },
            {
              name: 'weight',
              type: 'number',
              required: true,
              defaultValue: 1,
              min: 0,
              label: { zh: '权重', en: 'Weight' },
            },
            {
              name: 'maxScore',
              type: 'number',
              required: true,
              defaultValue: 10,
              min: 1,
              label: { zh: '满分', en: 'Maximum score' },
            },
          ],
        },
        { name: 'guidance', type: 'textarea', label: { zh: '评分说明', en: 'Guidance' } },
      ],
    },
    {
      name: 'assignedAt',
      type: 'date',
      label: { zh: '分配时间', en: 'Assigned at' },
      admin: { readOnly: true, position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      // 评审结果: the ranking as it stands (src/admin/RoundActions.tsx).
      name: 'results',
      type: 'ui',
      admin: { components: { Field: '/admin/RoundActions#RoundResults' } },
    },
  ],
}
