import type { CollectionConfig, FieldAccess } from 'payload'

import {
  hiddenUnlessRole,
  interactionRules,
  privateField,
  voteFieldRead,
} from '../src/access/rules'
import { interactionEndpoints } from '../src/moderation/endpoints'
import { recordDecision, refreshColumnPull } from '../src/moderation/decide'
import { groups } from './groups'

export const interactionStates = [
  { value: 'pending', label: { zh: '待审核', en: 'Awaiting review' } },
  { value: 'approved', label: { zh: '已通过', en: 'Approved' } },
  { value: 'rejected', label: { zh: '未通过', en: 'Rejected' } },
]

/** What netizens wrote is theirs: a moderator decides on it, never edits it. */
const writtenByNetizen: { update: FieldAccess } = { update: () => false }

const reachable = privateField({ unitField: 'unit' })

/**
 * 互动窗口里网民的跟帖评论（comment）和原创图文（contribution）: received through the public
 * endpoints (`POST /api/interactions/comment`, `/contribute`), screened against the sensitive-word
 * lists, and shown only once approved (先审后发) unless the column's organizer turned on
 * post-moderation. Moderators of the column's unit decide (`POST /api/interactions/moderate`, or
 * the list's bulk edit); every decision is in the audit log.
 */
export const Interactions: CollectionConfig<'interactions'> = {
  slug: 'interactions',
  labels: {
    singular: { zh: '网民互动', en: 'Interaction' },
    plural: { zh: '互动审核', en: 'Interactions' },
  },
  admin: {
    useAsTitle: 'body',
    defaultColumns: ['body', 'kind', 'column', 'state', 'hitWords', 'createdAt'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
    listSearchableFields: ['body', 'title', 'authorName'],
    // The queues and 通过 / 不通过 for the ticked rows (src/admin/ModerationActions.tsx).
    components: { beforeListTable: ['/admin/ModerationActions#ModerationActions'] },
    description: {
      zh: '先审后发：通过后才在专栏中显示。可按专栏、状态、命中敏感词筛选，勾选多条后点“通过”或填写原因后点“不通过”。',
      en: 'Pre-moderation: shown in the column once approved. Filter by column, state, hits; tick several and approve, or reject with a reason.',
    },
  },
  access: interactionRules,
  endpoints: interactionEndpoints,
  hooks: { beforeChange: [recordDecision], afterChange: [refreshColumnPull] },
  // The moderation queue (a column's pending ones, oldest first) and the per-address and
  // per-device limits (what one origin sent in the last hour).
  indexes: [
    { fields: ['column', 'state', 'createdAt'] },
    { fields: ['origin.addressKey', 'createdAt'] },
    { fields: ['origin.device', 'createdAt'] },
  ],
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: [
            { value: 'comment', label: { zh: '跟帖评论', en: 'Comment' } },
            { value: 'contribution', label: { zh: '原创图文', en: 'Contribution' } },
          ],
          access: writtenByNetizen,
          label: { zh: '类型', en: 'Kind' },
        },
        {
          name: 'state',
          type: 'select',
          required: true,
          defaultValue: 'pending',
          index: true,
          options: interactionStates,
          label: { zh: '审核状态', en: 'State' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'column',
          type: 'relationship',
          relationTo: 'columns',
          required: true,
          access: writtenByNetizen,
          label: { zh: '专栏', en: 'Column' },
        },
        {
          name: 'entry',
          type: 'relationship',
          relationTo: 'entries',
          access: writtenByNetizen,
          label: { zh: '评论的作品', en: 'Work commented on' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        // Copied from the column when received: who moderates it, and the campaign's counts.
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          index: true,
          access: writtenByNetizen,
          admin: { readOnly: true },
          label: { zh: '主题活动', en: 'Campaign' },
        },
        {
          name: 'unit',
          type: 'relationship',
          relationTo: 'organizers',
          index: true,
          access: writtenByNetizen,
          admin: { readOnly: true },
          label: { zh: '审核单位', en: 'Moderating unit' },
        },
      ],
    },
    { name: 'title', type: 'text', access: writtenByNetizen, label: { zh: '标题', en: 'Title' } },
    {
      name: 'body',
      type: 'textarea',
      access: writtenByNetizen,
      label: { zh: '内容', en: 'Text' },
      admin: { description: { zh: '替换类敏感词已显示为＊。', en: 'Replaced words show as ＊.' } },
    },
    {
      name: 'images',
      type: 'upload',
      relationTo: 'media',
      hasMany: true,
      access: writtenByNetizen,
      label: { zh: '图片', en: 'Pictures' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'authorName',
          type: 'text',
          access: writtenByNetizen,
          label: { zh: '署名', en: 'Signed as' },
        },
        // A phone or e-mail the contributor leaves for the editors: staff only, never pulled.
        {
          name: 'contact',
          type: 'text',
          access: { ...writtenByNetizen, read: reachable },
          label: { zh: '联系方式（仅工作人员可见）', en: 'Contact (staff only)' },
        },
      ],
    },
    {
      name: 'hitWords',
      type: 'text',
      access: { ...writtenByNetizen, read: reachable },
      admin: { readOnly: true },
      label: { zh: '命中敏感词', en: 'Sensitive words hit' },
    },
    {
      name: 'original',
      type: 'textarea',
      access: { ...writtenByNetizen, read: reachable },
      admin: { readOnly: true, condition: (data) => Boolean(data?.original) },
      label: { zh: '原文（替换前）', en: 'As written (before replacing)' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'rejectionReason',
          type: 'text',
          label: { zh: '未通过原因', en: 'Why rejected' },
          access: { read: reachable },
          admin: { condition: (data) => data?.state === 'rejected' },
        },
        {
          name: 'moderatedBy',
          type: 'relationship',
          relationTo: 'users',
          access: { ...writtenByNetizen, read: reachable },
          admin: { readOnly: true },
          label: { zh: '审核人', en: 'Moderated by' },
        },
        {
          name: 'moderatedAt',
          type: 'date',
          access: { ...writtenByNetizen, read: reachable },
          admin: { readOnly: true },
          label: { zh: '审核时间', en: 'Moderated at' },
        },
      ],
    },
    {
      name: 'madeInto',
      type: 'relationship',
      relationTo: 'entries',
      access: { ...writtenByNetizen, read: reachable },
      admin: { readOnly: true },
      label: { zh: '已制作成作品', en: 'Made into a work' },
    },
    // Where it came from, for the limits and the audit: the national office's.
    {
      name: 'origin',
      type: 'group',
      access: { ...writtenByNetizen, read: voteFieldRead },
      admin: { condition: (_, __, { user }) => (user as { role?: string })?.role === 'admin' },
      label: { zh: '来源', en: 'Origin' },
      fields: [
        { name: 'address', type: 'text', label: { zh: '地址', en: 'Address' } },
        // The per-address limit's key: the IPv4 address or the IPv6 /64.
        { name: 'addressKey', type: 'text', label: { zh: '限流键', en: 'Limit key' } },
        { name: 'device', type: 'text', label: { zh: '设备标识', en: 'Device' } },
        { name: 'userAgent', type: 'text', label: { zh: '浏览器标识', en: 'User agent' } },
      ],
    },
  ],
}
