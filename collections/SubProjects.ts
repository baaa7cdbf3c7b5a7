import type { CollectionConfig } from 'payload'

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

export const mediaKinds = [
  { value: 'video', label: { zh: '视频', en: 'Video' } },
  { value: 'image', label: { zh: '图片', en: 'Image' } },
  { value: 'audio', label: { zh: '音频', en: 'Audio' } },
  { value: 'text', label: { zh: '文字', en: 'Text' } },
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
    {
      name: 'spec',
      type: 'group',
      label: { zh: '作品要求', en: 'Submission spec' },
      admin: {
        description: {
          zh: '每件作品保存时都按此检查。',
          en: 'Every entry is checked against this on save.',
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'mediaKinds',
              type: 'select',
              hasMany: true,
              options: mediaKinds,
              label: { zh: '作品形式', en: 'Media kinds' },
            },
            {
              name: 'containers',
              type: 'text',
              hasMany: true,
              label: { zh: '文件格式', en: 'Containers' },
              admin: { description: { zh: '如 mp4、jpeg', en: 'E.g. mp4, jpeg' } },
            },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'minDurationSeconds',
              type: 'number',
              min: 0,
              label: { zh: '最短时长（秒）', en: 'Min duration (s)' },
            },
            {
              name: 'maxDurationSeconds',
              type: 'number',
              min: 0,
              label: { zh: '最长时长（秒）', en: 'Max duration (s)' },
            },
            {
              name: 'maxFileSizeMB',
              type: 'number',
              min: 0,
              label: { zh: '文件上限（MB）', en: 'Max file size (MB)' },
            },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'minTextLength',
              type: 'number',
              min: 0,
              label: { zh: '最少字数', en: 'Min characters' },
            },
            {
              name: 'maxTextLength',
              type: 'number',
              min: 0,
              label: { zh: '最多字数', en: 'Max characters' },
            },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'subtitlesRequired',
              type: 'checkbox',
              label: { zh: '须配字幕', en: 'Subtitles required' },
            },
            {
              name: 'authenticityRequired',
              type: 'checkbox',
              label: { zh: '须声明真人真事', en: 'Authenticity declaration required' },
            },
          ],
        },
        { name: 'notes', type: 'textarea', label: { zh: '其他要求', en: 'Other requirements' } },
      ],
    },
  ],
}
