import type { CollectionConfig } from 'payload'

import { limitCampaignHosts } from '../src/access/guards'
import { defaultTimeZone, isTimeZone } from '../plugins/shared/deadline'
import { editionEndpoints } from '../src/campaigns/endpoints'
import { inheritFromParent } from '../src/campaigns/inheritance'
import { openWhenReady } from '../src/campaigns/readiness'
import { progressEndpoints } from '../src/reporting/endpoints'
import { taskTableEndpoints } from '../src/reporting/taskTableEndpoints'
import { readableOnly } from '../src/access/readableOnly'
import { forgetHostedCampaigns } from '../src/access/roles'
import { campaignRules, hiddenUnlessRole } from '../src/access/rules'
import { dateOnly } from './fields'
import { groups } from './groups'
import { organizerLevels } from './Organizers'

export const campaignStatuses = [
  { value: 'draft', label: { zh: '筹备中', en: 'Draft' } },
  { value: 'active', label: { zh: '进行中', en: 'Active' } },
  { value: 'closed', label: { zh: '已结束', en: 'Closed' } },
  { value: 'archived', label: { zh: '已归档', en: 'Archived' } },
]

/**
 * 主题活动: one yearly edition of a campaign (2016 中国梦·大国工匠篇, Linfen 2020 网聚职工正能量 …).
 * A provincial or city edition implements a national one through `parent`.
 */
export const Campaigns: CollectionConfig<'campaigns'> = {
  slug: 'campaigns',
  labels: {
    singular: { zh: '主题活动', en: 'Campaign' },
    plural: { zh: '主题活动', en: 'Campaigns' },
  },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'year', 'status', 'label'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer'),
    components: {
      views: {
        // 报送进度: the progress matrix and the task table, a tab beside the campaign's edit view.
        edit: {
          // 设置向导: the campaign set up step by step, ending in 开始前检查 (src/admin/CampaignSetup.tsx).
          setup: {
            Component: '/admin/CampaignSetupView#CampaignSetupView',
            path: '/setup',
            tab: { label: '设置向导 / Set-up', href: '/setup' },
          },
          progress: {
            Component: '/admin/ProgressView#ProgressView',
            path: '/progress',
            tab: { label: '报送进度 / Progress', href: '/progress' },
          },
        },
      },
    },
  },
  access: campaignRules,
  // 报送进度: the progress matrix against the task table, as JSON and as a workbook.
  // 复制为新一年度: next year's edition, previewed, then made as drafts.
  endpoints: [...progressEndpoints, ...taskTableEndpoints, ...editionEndpoints],
  hooks: {
    // Implementing a parent: its label, theme and 四个统一 settings unless given; standalone
    // provincial and city campaigns start at “warn” (src/campaigns/inheritance.ts).
    beforeOperation: [inheritFromParent],
    // 开始前检查: 筹备中 → 进行中 only once the checklist's required items are met.
    beforeChange: [limitCampaignHosts, openWhenReady],
    afterChange: [forgetHostedCampaigns],
  },
  fields: [
    {
      // 开始前检查 and 开始活动 while 筹备中 (src/admin/CampaignReadiness.tsx).
      name: 'readiness',
      type: 'ui',
      admin: {
        position: 'sidebar',
        components: { Field: '/admin/CampaignReadiness#CampaignReadiness' },
      },
    },
    {
      // 复制为新一年度: preview and make next year's edition (src/admin/CampaignEditionAction.tsx).
      name: 'nextEdition',
      type: 'ui',
      admin: {
        position: 'sidebar',
        components: { Field: '/admin/CampaignEditionAction#CampaignEditionAction' },
      },
    },
    { name: 'name', type: 'text', required: true, label: { zh: '活动名称', en: 'Name' } },
    {
      type: 'row',
      fields: [
        {
          name: 'year',
          type: 'number',
          required: true,
          min: 2000,
          max: 2100,
          label: { zh: '年度', en: 'Year' },
        },
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'draft',
          options: campaignStatuses,
          label: { zh: '状态', en: 'Status' },
        },
      ],
    },
    { name: 'theme', type: 'textarea', label: { zh: '主题', en: 'Theme' } },
    {
      name: 'period',
      type: 'group',
      label: { zh: '活动时间', en: 'Period' },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'start', type: 'date', label: { zh: '开始', en: 'Start' }, admin: dateOnly },
            { name: 'end', type: 'date', label: { zh: '结束', en: 'End' }, admin: dateOnly },
          ],
        },
      ],
    },
    {
      name: 'phases',
      type: 'array',
      label: { zh: '阶段', en: 'Phases' },
      labels: { singular: { zh: '阶段', en: 'Phase' }, plural: { zh: '阶段', en: 'Phases' } },
      fields: [
        { name: 'name', type: 'text', required: true, label: { zh: '阶段名称', en: 'Name' } },
        {
          type: 'row',
          fields: [
            { name: 'start', type: 'date', label: { zh: '开始', en: 'Start' }, admin: dateOnly },
            { name: 'end', type: 'date', label: { zh: '结束', en: 'End' }, admin: dateOnly },
          ],
        },
        { name: 'description', type: 'textarea', label: { zh: '内容', en: 'What happens' } },
        {
          name: 'deadlines',
          type: 'array',
          label: { zh: '截止事项', en: 'Deadlines' },
          labels: {
            singular: { zh: '截止事项', en: 'Deadline' },
            plural: { zh: '截止事项', en: 'Deadlines' },
          },
          fields: [
            {
              name: 'date',
              type: 'date',
              required: true,
              label: { zh: '截止日期', en: 'Due by' },
              admin: dateOnly,
            },
            {
              name: 'due',
              type: 'text',
              required: true,
              label: { zh: '报送内容', en: 'What is due' },
            },
            {
              type: 'row',
              fields: [
                {
                  name: 'level',
                  type: 'select',
                  options: organizerLevels,
                  label: { zh: '报送单位级别', en: 'Reporting level' },
                  admin: {
                    description: {
                      zh: '如县级单位 9月15日前报送；不选则适用于各级',
                      en: 'Whose reports are due; empty: every level',
                    },
                  },
                },
                {
                  name: 'subProject',
                  type: 'relationship',
                  relationTo: 'sub-projects',
                  label: { zh: '子项目', en: 'Sub-project' },
                  admin: { description: { zh: '不选则适用于全部子项目', en: 'Empty: all' } },
                },
              ],
            },
            {
              // The deadline the units of this level were last reminded of (催报), once each.
              name: 'remindedFor',
              type: 'date',
              label: { zh: '已催报', en: 'Reminded' },
              admin: { readOnly: true, hidden: true },
            },
          ],
        },
      ],
    },
    {
      name: 'hosts',
      type: 'relationship',
      relationTo: 'organizers',
      hasMany: true,
      label: { zh: '主办单位', en: 'Hosts' },
    },
    {
      name: 'timeZone',
      type: 'text',
      defaultValue: defaultTimeZone,
      label: { zh: '时区', en: 'Time zone' },
      admin: {
        position: 'sidebar',
        description: {
          zh: '截止日期按此时区当日 24 时截止，默认北京时间（Asia/Shanghai）。',
          en: 'Deadlines close at the end of their day in this zone (IANA name).',
        },
      },
      validate: (value: string | null | undefined) =>
        !value || isTimeZone(value)
          ? true
          : `“${value}”不是有效的时区名称，如 Asia/Shanghai / not a time zone name such as Asia/Shanghai`,
    },
    {
      name: 'reporting',
      type: 'group',
      label: { zh: '逐级报送', en: 'Reporting upward' },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'mailbox',
              type: 'email',
              label: { zh: '报送邮箱', en: 'Reporting mailbox' },
              admin: {
                description: {
                  zh: '上级单位未设报送邮箱时使用',
                  en: 'Used where the unit above has no mailbox of its own',
                },
              },
            },
            {
              name: 'subjectTemplate',
              type: 'text',
              defaultValue: '{单位}+{子项目}',
              label: { zh: '邮件主题格式', en: 'Mail subject' },
              admin: {
                description: {
                  zh: '可用 {单位} {子项目} {活动} {上级单位}',
                  en: 'Placeholders: {单位} {子项目} {活动} {上级单位}',
                },
              },
            },
            {
              name: 'lateReporting',
              type: 'select',
              defaultValue: 'flag',
              options: [
                { value: 'flag', label: { zh: '接受并标记逾期', en: 'Accept, flagged late' } },
                { value: 'refuse', label: { zh: '拒绝逾期报送', en: 'Refuse' } },
              ],
              label: { zh: '逾期报送', en: 'Late reports' },
            },
            {
              name: 'reminderDays',
              type: 'number',
              min: 0,
              defaultValue: 3,
              label: { zh: '截止前几天催报', en: 'Remind days before' },
            },
          ],
        },
      ],
    },
    {
      name: 'participants',
      type: 'relationship',
      relationTo: 'organizers',
      hasMany: true,
      label: { zh: '参与单位', en: 'Participants' },
    },
    {
      name: 'label',
      type: 'text',
      label: { zh: '作品标识', en: 'Work label' },
      admin: { description: { zh: '如“中国梦·大国工匠篇”。', en: 'E.g. 中国梦·大国工匠篇.' } },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'introClip',
          type: 'upload',
          relationTo: 'media',
          label: { zh: '片头', en: 'Intro clip' },
        },
        { name: 'logo', type: 'upload', relationTo: 'media', label: { zh: '标志', en: 'Logo' } },
      ],
    },
    {
      name: 'parent',
      type: 'relationship',
      relationTo: 'campaigns',
      label: { zh: '上级活动', en: 'Parent campaign' },
      hooks: { afterRead: [readableOnly({ relationTo: 'campaigns' })] },
      admin: {
        description: { zh: '本活动所落实的上级活动。', en: 'The campaign this one implements.' },
      },
    },
    {
      // The campaign this edition was made from (复制为新一年度): one edition per year of it.
      name: 'clonedFrom',
      type: 'relationship',
      relationTo: 'campaigns',
      index: true,
      label: { zh: '复制自', en: 'Made from' },
      hooks: { afterRead: [readableOnly({ relationTo: 'campaigns' })] },
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: {
          zh: '由上一年度活动复制而来时，记录原活动。',
          en: 'The earlier edition this one was made from.',
        },
      },
    },
    {
      name: 'propagandistTargets',
      type: 'array',
      label: { zh: '宣传队伍目标', en: 'Propagandist targets' },
      labels: {
        singular: { zh: '宣传队伍目标', en: 'Propagandist target' },
        plural: { zh: '宣传队伍目标', en: 'Propagandist targets' },
      },
      admin: {
        description: {
          zh: '如上海：网评专家 10 名、市级网评员 10 名……',
          en: 'Head-counts by tier.',
        },
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
      name: 'subProjects',
      type: 'join',
      collection: 'sub-projects',
      on: 'campaign',
      label: { zh: '子项目', en: 'Sub-projects' },
    },
  ],
}
