import type { CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { extractID } from 'payload/shared'

import { specField } from '../plugins/submission-spec'
import { readableOnly } from '../src/access/readableOnly'
import { keepParentSpec } from '../src/campaigns/inheritance'
import { uploadMaxMB } from '../src/lib/uploadLimit'
import { dateOnly } from './fields'
import { requireHostedCampaign } from '../src/access/guards'
import { subProjectRules, hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'

export const subProjectKinds = [
  { value: 'micro-video', label: { zh: '微视频', en: 'Micro-video' } },
  { value: 'photography', label: { zh: '摄影', en: 'Photography' } },
  { value: 'recitation', label: { zh: '诵读', en: 'Recitation' } },
  { value: 'micro-film', label: { zh: '微电影', en: 'Micro-film' } },
  { value: 'song', label: { zh: '歌曲', en: 'Song' } },
  { value: 'micro-lesson', label: { zh: '微课', en: 'Micro-lesson' } },
  { value: 'service-platform', label: { zh: '服务平台', en: 'Service platform' } },
  { value: 'activity-case', label: { zh: '专题活动', en: 'Activity case' } },
  { value: 'public-service-ad', label: { zh: '公益广告', en: 'Public-service ad' } },
  { value: 'picture-story', label: { zh: '画面故事', en: 'Picture story' } },
  { value: 'book-review', label: { zh: '书评', en: 'Book review' } },
  { value: 'essay', label: { zh: '征文', en: 'Essay' } },
  { value: 'calligraphy', label: { zh: '书法', en: 'Calligraphy' } },
  { value: 'slogan', label: { zh: '网言网语', en: 'Slogan' } },
  { value: 'other', label: { zh: '其他', en: 'Other' } },
]

export const platformKinds = [
  { value: 'website', label: { zh: '网站', en: 'Website' } },
  { value: 'wechat', label: { zh: '微信公众号', en: 'WeChat account' } },
  { value: 'weibo', label: { zh: '微博', en: 'Weibo' } },
  { value: 'app', label: { zh: '客户端', en: 'App' } },
]

export const quotaModes = [
  { value: 'minimum', label: { zh: '至少报送', en: 'At least' } },
  { value: 'exact', label: { zh: '报送（定额）', en: 'Exactly' } },
]

/** `名称（主题活动）`, kept with the name and campaign it is made of. */
const titleWithCampaign: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const name = data.name ?? originalDoc?.name
  const campaignId = data.campaign ?? originalDoc?.campaign
  const campaign = campaignId
    ? await req.payload.findByID({
        collection: 'campaigns',
        id: extractID(campaignId),
        depth: 0,
        draft: true,
        disableErrors: true,
        select: { name: true },
        req,
      })
    : null
  return { ...data, title: campaign ? `${name}（${campaign.name}）` : name }
}

/**
 * 子项目: one call for works inside a campaign, with its host, where to submit and the
 * 作品要求 every entry is checked against.
 */
export const SubProjects: CollectionConfig<'sub-projects'> = {
  slug: 'sub-projects',
  labels: {
    singular: { zh: '子项目', en: 'Sub-project' },
    plural: { zh: '子项目', en: 'Sub-projects' },
  },
  admin: {
    // Pickers name the campaign too: every year's campaign has its 网络正能量诵读作品征集.
    useAsTitle: 'title',
    defaultColumns: ['name', 'kind', 'campaign', 'host', 'deadline'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
  },
  versions: { drafts: true, maxPerDoc: 20 },
  access: subProjectRules,
  hooks: {
    beforeChange: [requireHostedCampaign(), titleWithCampaign, keepParentSpec],
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      label: { zh: '显示名称', en: 'Display title' },
      admin: { hidden: true },
    },
    {
      name: 'campaign',
      type: 'relationship',
      relationTo: 'campaigns',
      required: true,
      label: { zh: '主题活动', en: 'Campaign' },
    },
    { name: 'name', type: 'text', required: true, label: { zh: '名称', en: 'Name' } },
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: subProjectKinds,
          label: { zh: '类别', en: 'Kind' },
        },
        {
          name: 'deadline',
          type: 'date',
          label: { zh: '截止日期', en: 'Deadline' },
          admin: dateOnly,
        },
      ],
    },
    { name: 'description', type: 'textarea', label: { zh: '主要内容', en: 'Description' } },
    {
      name: 'host',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '承办单位', en: 'Host' },
    },
    {
      name: 'platforms',
      type: 'array',
      label: { zh: '平台入口', en: 'Platform entries' },
      labels: {
        singular: { zh: '平台入口', en: 'Platform entry' },
        plural: { zh: '平台入口', en: 'Platform entries' },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'kind',
              type: 'select',
              required: true,
              options: platformKinds,
              label: { zh: '类型', en: 'Kind' },
            },
            { name: 'name', type: 'text', required: true, label: { zh: '名称', en: 'Name' } },
            { name: 'address', type: 'text', label: { zh: '地址或账号', en: 'URL or account' } },
          ],
        },
      ],
    },
    {
      name: 'contacts',
      type: 'relationship',
      relationTo: 'contacts',
      hasMany: true,
      label: { zh: '联系人', en: 'Contacts' },
    },
    {
      name: 'quota',
      type: 'group',
      label: { zh: '报送任务', en: 'Quota' },
      admin: {
        description: {
          zh: '每个参与单位的任务；任务分解表中某单位的数量优先。',
          en: 'For every participating unit; a unit’s row in the task table (quotas) overrides it.',
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'mode',
              type: 'select',
              defaultValue: 'minimum',
              options: quotaModes,
              label: { zh: '要求', en: 'Rule' },
            },
            {
              name: 'count',
              type: 'number',
              min: 0,
              label: { zh: '数量（件）', en: 'Works' },
            },
          ],
        },
      ],
    },
    {
      name: 'voting',
      type: 'group',
      label: { zh: '网络投票', en: 'Public voting' },
      admin: {
        description: {
          zh: '投票者须先验证（如邮箱验证码）；窗口按活动时区的日期计算。',
          en: "Voters are verified first (e.g. an e-mailed code); the window is in the campaign's time zone.",
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'enabled',
              type: 'checkbox',
              defaultValue: false,
              label: { zh: '开放网络投票', en: 'Open to public votes' },
            },
            {
              name: 'opensAt',
              type: 'date',
              label: { zh: '投票开始', en: 'Voting opens' },
              admin: dateOnly,
            },
            {
              name: 'closesAt',
              type: 'date',
              label: { zh: '投票截止', en: 'Voting closes' },
              admin: dateOnly,
            },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'perVoterPerDay',
              type: 'number',
              defaultValue: 1,
              min: 1,
              label: { zh: '每人每天对每件作品可投票数', en: 'Votes per voter, work and day' },
            },
            {
              name: 'perAddressPerDay',
              type: 'number',
              defaultValue: 50,
              min: 1,
              label: { zh: '每个 IP 地址每天可投票数', en: 'Votes per address and day' },
            },
            {
              name: 'publicShare',
              type: 'number',
              defaultValue: 0,
              min: 0,
              max: 100,
              label: { zh: '网络投票占总成绩比例（%）', en: 'Public share of the final score (%)' },
              admin: {
                description: {
                  zh: '如专家评审 70%、网络投票 30% 填 30；0 为只看专家评审',
                  en: 'E.g. 30 for a 70/30 jury/public merge; 0 for the jury only',
                },
              },
            },
          ],
        },
      ],
    },
    {
      // The deadline the units behind quota were last reminded of (催报), once per deadline.
      name: 'remindedFor',
      type: 'date',
      label: { zh: '已催报（截止日期）', en: 'Reminded for deadline' },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      // 落实上级子项目: the parent campaign's call this one implements; its 作品要求 is the floor.
      name: 'implements',
      type: 'relationship',
      relationTo: 'sub-projects',
      label: { zh: '落实的上级子项目', en: 'Implements' },
      hooks: { afterRead: [readableOnly({ relationTo: 'sub-projects' })] },
      admin: {
        description: {
          zh: '上级活动中的对应子项目：新建时沿用其作品要求，可以更严格；放宽须填写理由。',
          en: 'The call above this one: its spec is copied on creation and may be tightened; loosening needs a reason.',
        },
      },
    },
    {
      name: 'specLoosenedReason',
      type: 'textarea',
      label: { zh: '放宽上级要求的理由', en: 'Why the spec is looser than above' },
      admin: { condition: (data) => Boolean(data?.implements) },
    },
    // The 作品要求 the submission-spec plugin checks entries against, and this app's notes for editors.
    specField({
      uploadMaxMB: uploadMaxMB(),
      fields: ({ defaultFields }) => [
        ...defaultFields,
        { name: 'notes', type: 'textarea', label: { zh: '其他要求', en: 'Other requirements' } },
      ],
    }),
  ],
}
