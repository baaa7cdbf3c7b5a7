import type { CollectionConfig } from 'payload'

import { hiddenUnlessRole, voteFieldRead, voteRules } from '../src/access/rules'
import { voteEndpoints } from '../src/voting/endpoints'
import { groups } from './groups'

export const voteFlags = [
  {
    value: 'address-burst',
    label: { zh: '同一地址段短时大量投票', en: 'Burst from one address block' },
  },
  {
    value: 'code-burst',
    label: { zh: '一分钟内大量验证码投同一作品', en: 'Many codes for one work in a minute' },
  },
  { value: 'same-agent', label: { zh: '相同浏览器标识集中投票', en: 'Identical user agents' } },
]

/**
 * 网络投票: one verified vote for one work. Votes are never deleted: a fraudulent one is
 * invalidated with a reason (`POST /api/votes/invalidate`), which the audit log keeps, and the
 * organizer sees raw and valid counts. Who voted (the verified address, kept only as a keyed
 * hash), from where and with what browser is read by the national office alone.
 */
export const Votes: CollectionConfig<'votes'> = {
  slug: 'votes',
  labels: { singular: { zh: '投票', en: 'Vote' }, plural: { zh: '网络投票', en: 'Votes' } },
  admin: {
    useAsTitle: 'id',
    defaultColumns: ['entry', 'day', 'valid', 'flags', 'createdAt'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer'),
  },
  access: voteRules,
  endpoints: voteEndpoints,
  // The per-voter limit, the public count, and the per-address limit (a /24's votes in a
  // sub-project that day: without it each vote scanned the block's votes of every day).
  indexes: [
    { fields: ['entry', 'voter', 'day'] },
    { fields: ['entry', 'valid'] },
    { fields: ['addressBlock', 'subProject', 'day'] },
  ],
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'entry',
          type: 'relationship',
          relationTo: 'entries',
          required: true,
          label: { zh: '作品', en: 'Entry' },
        },
        {
          name: 'subProject',
          type: 'relationship',
          relationTo: 'sub-projects',
          index: true,
          label: { zh: '子项目', en: 'Sub-project' },
        },
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          index: true,
          label: { zh: '主题活动', en: 'Campaign' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        // The calendar day in the campaign's time zone: the per-day limits count by it.
        { name: 'day', type: 'text', required: true, label: { zh: '投票日', en: 'Day' } },
        {
          name: 'valid',
          type: 'checkbox',
          defaultValue: true,
          label: { zh: '有效', en: 'Valid' },
        },
        {
          name: 'flags',
          type: 'select',
          hasMany: true,
          options: voteFlags,
          label: { zh: '异常标记', en: 'Flags' },
        },
      ],
    },
    {
      name: 'voter',
      type: 'text',
      required: true,
      label: { zh: '投票者（加密标识）', en: 'Voter (keyed hash)' },
      access: { read: voteFieldRead },
    },
    {
      name: 'verifier',
      type: 'text',
      label: { zh: '验证方式', en: 'Verified by' },
      access: { read: voteFieldRead },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'address',
          type: 'text',
          label: { zh: 'IP 地址', en: 'Address' },
          access: { read: voteFieldRead },
        },
        {
          name: 'addressBlock',
          type: 'text',
          index: true,
          label: { zh: '地址段', en: 'Address block' },
          access: { read: voteFieldRead },
        },
        {
          name: 'userAgent',
          type: 'text',
          label: { zh: '浏览器标识', en: 'User agent' },
          access: { read: voteFieldRead },
        },
      ],
    },
    {
      name: 'invalidation',
      type: 'group',
      label: { zh: '作废', en: 'Invalidation' },
      admin: { condition: (data) => data?.valid === false },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'reason', type: 'text', label: { zh: '原因', en: 'Reason' } },
            { name: 'at', type: 'date', label: { zh: '时间', en: 'At' } },
            {
              name: 'by',
              type: 'relationship',
              relationTo: 'users',
              label: { zh: '操作人', en: 'By' },
            },
          ],
        },
      ],
    },
  ],
}
