import type { CollectionConfig } from 'payload'

import { requireHostedCampaign } from '../src/access/guards'
import { columnRules, hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'
import { channels } from './PartnerSites'

/** 专栏: a partner site's column for a campaign on one channel, with or without an 互动窗口. */
export const Columns: CollectionConfig<'columns'> = {
  slug: 'columns',
  labels: { singular: { zh: '专栏', en: 'Column' }, plural: { zh: '专栏', en: 'Columns' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'partnerSite', 'channel', 'campaign', 'hasInteractionWindow'],
    group: groups.partners,
    hidden: hiddenUnlessRole('admin', 'organizer'),
  },
  access: columnRules,
  hooks: {
    beforeChange: [requireHostedCampaign()],
  },
  fields: [
    { name: 'title', type: 'text', required: true, label: { zh: '专栏名称', en: 'Title' } },
    {
      type: 'row',
      fields: [
        {
          name: 'partnerSite',
          type: 'relationship',
          relationTo: 'partner-sites',
          required: true,
          label: { zh: '参与网站', en: 'Partner site' },
        },
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          required: true,
          label: { zh: '主题活动', en: 'Campaign' },
        },
        {
          name: 'channel',
          type: 'select',
          required: true,
          options: channels,
          label: { zh: '渠道', en: 'Channel' },
        },
      ],
    },
    { name: 'url', type: 'text', label: { zh: '地址', en: 'URL' } },
    {
      name: 'hasInteractionWindow',
      type: 'checkbox',
      label: { zh: '设有互动窗口', en: 'Has an interaction window' },
      admin: {
        description: {
          zh: '网民跟帖评论、提供原创图文的窗口。',
          en: 'Where netizens comment and contribute.',
        },
      },
    },
  ],
}
