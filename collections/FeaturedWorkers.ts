import type { CollectionConfig } from 'payload'

import { requireParticipatingUnit, requireReportingScope } from '../src/access/guards'
import { readableOnly } from '../src/access/readableOnly'
import { featuredWorkerRules, hiddenUnlessRole, privateField } from '../src/access/rules'
import { groups } from './groups'

export const recommendationChannels = [
  { value: 'union', label: { zh: '工会推荐', en: 'Recommended by a union' } },
  { value: 'reporter', label: { zh: '新闻网站记者挖掘', en: 'Found by a news-site reporter' } },
  { value: 'self', label: { zh: '自荐', en: 'Self-recommended' } },
  {
    value: 'netizen',
    label: { zh: '职工群众、网民推荐', en: 'Recommended by workers or netizens' },
  },
]

export const featuredWorkerStatuses = [
  { value: 'recommended', label: { zh: '已推荐', en: 'Recommended' } },
  { value: 'verified', label: { zh: '已核实', en: 'Verified' } },
  { value: 'interviewed', label: { zh: '已采访', en: 'Interviewed' } },
  { value: 'published', label: { zh: '已发布', en: 'Published' } },
]

/** Private to the office staff whose subtree or hosted campaigns hold the profile. */
const privateToReach = privateField({ unitField: 'unit' })

/** 大国工匠 / 重点宣传人物: a front-line skilled worker profiled by the campaign. */
export const FeaturedWorkers: CollectionConfig<'featured-workers'> = {
  slug: 'featured-workers',
  labels: {
    singular: { zh: '大国工匠', en: 'Featured worker' },
    plural: { zh: '大国工匠', en: 'Featured workers' },
  },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'employer', 'trade', 'region', 'status'],
    group: groups.content,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
    description: {
      zh: '推荐原则：立足本职岗位，勤奋学习、刻苦钻研，追求卓越、技艺超群，淡泊名利、甘于奉献。',
      en: 'Selected for dedication, mastery and modesty in front-line work (seed 000).',
    },
  },
  access: featuredWorkerRules,
  hooks: {
    beforeChange: [
      requireReportingScope({
        unitField: 'unit',
        label: '所属工会',
        hostDecisions: { statuses: ['published'], fields: [] },
      }),
      requireParticipatingUnit({ unitField: 'unit', label: '所属工会' }),
    ],
  },
  fields: [
    { name: 'name', type: 'text', required: true, label: { zh: '姓名', en: 'Name' } },
    {
      name: 'unit',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '所属工会', en: 'Responsible union' },
      admin: {
        description: {
          zh: '负责核实、报送此人物的工会。',
          en: 'The union that verifies and reports this worker.',
        },
      },
    },
    {
      name: 'campaign',
      type: 'relationship',
      relationTo: 'campaigns',
      label: { zh: '主题活动', en: 'Campaign' },
    },
    { name: 'photo', type: 'upload', relationTo: 'media', label: { zh: '照片', en: 'Photo' } },
    {
      type: 'row',
      fields: [
        { name: 'employer', type: 'text', label: { zh: '工作单位', en: 'Employer' } },
        { name: 'trade', type: 'text', label: { zh: '工种', en: 'Trade' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'grade', type: 'text', label: { zh: '职称/技术等级', en: 'Title or grade' } },
        { name: 'region', type: 'text', label: { zh: '地区', en: 'Region' } },
      ],
    },
    {
      name: 'honours',
      type: 'array',
      label: { zh: '荣誉', en: 'Honours' },
      labels: { singular: { zh: '荣誉', en: 'Honour' }, plural: { zh: '荣誉', en: 'Honours' } },
      fields: [
        { name: 'honour', type: 'text', required: true, label: { zh: '荣誉', en: 'Honour' } },
      ],
    },
    { name: 'story', type: 'richText', label: { zh: '事迹', en: 'Story' } },
    {
      name: 'relatedEntries',
      type: 'relationship',
      relationTo: 'entries',
      hasMany: true,
      label: { zh: '相关作品', en: 'Related entries' },
      hooks: { afterRead: [readableOnly({ relationTo: 'entries' })] },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'recommendedBy',
          type: 'select',
          options: recommendationChannels,
          label: { zh: '推荐方式', en: 'Recommended by' },
        },
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'recommended',
          options: featuredWorkerStatuses,
          label: { zh: '状态', en: 'Status' },
        },
      ],
    },
    {
      name: 'recommender',
      type: 'group',
      label: { zh: '推荐人', en: 'Recommender' },
      // Who recommended whom stays inside the office.
      access: { read: privateToReach },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'name', type: 'text', label: { zh: '姓名', en: 'Name' } },
            {
              name: 'organizer',
              type: 'relationship',
              relationTo: 'organizers',
              label: { zh: '单位', en: 'Organizer' },
            },
            { name: 'contact', type: 'text', label: { zh: '联系方式', en: 'Contact' } },
          ],
        },
      ],
    },
    {
      name: 'internalNotes',
      type: 'textarea',
      label: { zh: '内部备注', en: 'Internal notes' },
      access: { read: privateToReach },
    },
  ],
}
