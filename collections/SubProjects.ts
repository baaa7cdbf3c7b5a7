import type { CollectionConfig } from 'payload'

import { specField } from '../plugins/submission-spec'
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
    useAsTitle: 'name',
    defaultColumns: ['name', 'kind', 'campaign', 'host', 'deadline'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
  },
  versions: { drafts: true, maxPerDoc: 20 },
  access: subProjectRules,
  hooks: {
    beforeChange: [requireHostedCampaign()],
  },
  fields: [
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
    // The 作品要求 the submission-spec plugin checks entries against, and this app's notes for editors.
    specField({
      fields: ({ defaultFields }) => [
        ...defaultFields,
        { name: 'notes', type: 'textarea', label: { zh: '其他要求', en: 'Other requirements' } },
      ],
    }),
  ],
}
