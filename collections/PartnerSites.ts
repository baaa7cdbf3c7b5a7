import type { CollectionConfig } from 'payload'

import { directoryRules, hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'

export const partnerSiteKinds = [
  { value: 'central-news-site', label: { zh: '中央重点新闻网站', en: 'Central key news site' } },
  // 省直新闻网站 and the news sites a local 网信办 organizes.
  { value: 'local-news-site', label: { zh: '地方重点新闻网站', en: 'Local key news site' } },
  { value: 'provincial-news-app', label: { zh: '省级新闻客户端', en: 'Provincial news app' } },
  { value: 'commercial-site', label: { zh: '商业网站', en: 'Commercial site' } },
  { value: 'union-site', label: { zh: '工会网站', en: 'Union site' } },
  { value: 'union-new-media', label: { zh: '工会新媒体账号', en: 'Union new-media account' } },
  // 工会报刊 and their 公众号 (工人日报, 劳动午报 …).
  { value: 'union-press', label: { zh: '工会报刊及其公众号', en: 'Union newspaper or magazine' } },
]

/** The four channels every participant opens a column on: PC and 两微一端. */
export const channels = [
  { value: 'pc', label: { zh: 'PC 端', en: 'PC' } },
  { value: 'weibo', label: { zh: '微博', en: 'Weibo' } },
  { value: 'wechat', label: { zh: '微信', en: 'WeChat' } },
  { value: 'app', label: { zh: '客户端', en: 'App' } },
]

/** 参与网站: a site that carries the campaign's columns and takes its pushed works. */
export const PartnerSites: CollectionConfig<'partner-sites'> = {
  slug: 'partner-sites',
  labels: {
    singular: { zh: '参与网站', en: 'Partner site' },
    plural: { zh: '参与网站', en: 'Partner sites' },
  },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'kind', 'channels', 'isActive'],
    group: groups.partners,
    hidden: hiddenUnlessRole('admin', 'organizer'),
  },
  access: directoryRules,
  fields: [
    { name: 'name', type: 'text', required: true, unique: true, label: { zh: '名称', en: 'Name' } },
    {
      name: 'organizer',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '所属单位', en: 'Organizer' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: partnerSiteKinds,
          label: { zh: '类别', en: 'Kind' },
        },
        {
          name: 'channels',
          type: 'select',
          hasMany: true,
          options: channels,
          label: { zh: '渠道', en: 'Channels' },
        },
      ],
    },
    { name: 'website', type: 'text', label: { zh: '网址', en: 'Website' } },
    {
      name: 'isActive',
      type: 'checkbox',
      defaultValue: true,
      label: { zh: '参与中', en: 'Active' },
    },
    {
      name: 'columns',
      type: 'join',
      collection: 'columns',
      on: 'partnerSite',
      label: { zh: '专栏', en: 'Columns' },
    },
  ],
}
