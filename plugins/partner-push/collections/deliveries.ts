import type { CollectionConfig } from 'payload'

import type { ResolvedOptions } from '../types'

import { historyCollection } from './history'

export const deliveryStates = [
  { value: 'pending', label: { zh: '待发送', en: 'Pending' } },
  // Created for a partner that is paused (a new work) or disabled (anything): sent, in order, on resume.
  { value: 'held', label: { zh: '暂停中，等待恢复', en: 'Held (partner paused)' } },
  { value: 'sending', label: { zh: '发送中', en: 'Sending' } },
  { value: 'retrying', label: { zh: '将重试', en: 'Will retry' } },
  { value: 'delivered', label: { zh: '已送达', en: 'Delivered' } },
  { value: 'failed', label: { zh: '最终失败', en: 'Finally failed' } },
  { value: 'superseded', label: { zh: '已被新版本取代', en: 'Superseded' } },
]

/** A relationship as Payload gives it: the id, or the document when populated. */
type Related<T = object> = number | ({ id: number } & T)

/** A delivery as the plugin writes it (its own shape, whatever an app's generated types call it). */
export type DeliveryDoc = {
  id: number
  partnerSite: Related<{ name?: string | null; push?: { alertEmails?: string[] | null } | null }>
  entry: Related<{ title?: string | null }>
  event: 'publish' | 'update' | 'takedown'
  version: number
  sequence?: number | null
  webhookId: string
  state: string
  attemptCount?: number | null
  nextAttemptAt?: string | null
  versionCreatedAt?: string | null
  deliveredAt?: string | null
  acknowledgedAt?: string | null
  escalatedAt?: string | null
  sentAs?: Related<{ event?: string }> | null
  attempts?: { outcome?: string | null }[] | null
  createdAt: string
}

/**
 * 推送记录: one webhook to one partner for one version of a work (publish, update or takedown),
 * with every attempt. "Will retry" and "finally failed" are separate states, never one. An
 * attempt is logged as `started` before its request goes out and completed after, so one cut
 * off by a crash still shows (the sweep marks it `interrupted`).
 */
export const deliveriesCollection = ({ slugs, access }: ResolvedOptions): CollectionConfig => ({
  slug: slugs.deliveries,
  labels: {
    singular: { zh: '推送记录', en: 'Delivery' },
    plural: { zh: '推送记录', en: 'Deliveries' },
  },
  admin: {
    useAsTitle: 'webhookId',
    defaultColumns: [
      'entry',
      'partnerSite',
      'event',
      'version',
      'state',
      'attemptCount',
      'nextAttemptAt',
    ],
    group: historyCollection.group,
  },
  access: historyCollection.access(access),
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'partnerSite',
          type: 'relationship',
          relationTo: slugs.partnerSites,
          required: true,
          index: true,
          label: { zh: '参与网站', en: 'Partner site' },
        },
        {
          name: 'entry',
          type: 'relationship',
          relationTo: slugs.entries,
          required: true,
          index: true,
          label: { zh: '作品', en: 'Entry' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'event',
          type: 'select',
          required: true,
          options: [
            { value: 'publish', label: { zh: '发布', en: 'Publish' } },
            { value: 'update', label: { zh: '更新', en: 'Update' } },
            { value: 'takedown', label: { zh: '撤稿', en: 'Takedown' } },
          ],
          label: { zh: '事件', en: 'Event' },
        },
        { name: 'version', type: 'number', required: true, label: { zh: '版本', en: 'Version' } },
        {
          name: 'sequence',
          type: 'number',
          index: true,
          label: { zh: '序号', en: 'Sequence' },
          // Numbered when first sent (or released on resume), never before: a number is a message
          // the partner may have seen, so the numbers it sees have no gaps.
          admin: {
            description: {
              zh: '首次发送时编号（每个参与网站从 1 连续编号）；尚未发送的为空。',
              en: 'Given when first sent (1, 2, 3 … per partner, no gaps); empty until then.',
            },
          },
        },
      ],
    },
    {
      name: 'webhookId',
      type: 'text',
      required: true,
      unique: true,
      label: { zh: '消息 ID', en: 'webhook-id' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'state',
          type: 'select',
          options: deliveryStates,
          required: true,
          defaultValue: 'pending',
          index: true,
          label: { zh: '状态', en: 'State' },
        },
        {
          name: 'attemptCount',
          type: 'number',
          defaultValue: 0,
          label: { zh: '尝试次数', en: 'Attempts' },
        },
        {
          name: 'nextAttemptAt',
          type: 'date',
          index: true,
          label: { zh: '下次尝试', en: 'Next attempt' },
          admin: { date: { pickerAppearance: 'dayAndTime' } },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'versionCreatedAt',
          type: 'date',
          label: { zh: '版本时间', en: 'Version made at' },
          // The push's versioncreated: the same on every attempt, whatever is saved meanwhile.
          admin: {
            date: { pickerAppearance: 'dayAndTime' },
            description: {
              zh: '这个版本产生的时间（推送中的 versioncreated）',
              en: 'When this version was made (versioncreated in the push)',
            },
          },
        },
        {
          name: 'deliveredAt',
          type: 'date',
          label: { zh: '送达时间', en: 'Delivered at' },
          admin: { date: { pickerAppearance: 'dayAndTime' } },
        },
      ],
    },
    {
      name: 'sentAs',
      type: 'relationship',
      relationTo: slugs.deliveries,
      label: { zh: '已改发为', en: 'Sent as' },
      // A message not yet delivered when its work got a newer version for this partner carries that
      // version (withdrawn content is never sent after its takedown); its number still arrives.
      admin: {
        description: {
          zh: '发送前作品已有更新的版本：这条消息（序号和消息 ID 不变）改发那个版本的内容',
          en: 'The work had a newer version before this was delivered: this message (same number and webhook-id) carried that version',
        },
      },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'acknowledgedAt',
          type: 'date',
          label: { zh: '撤稿确认时间', en: 'Takedown acknowledged at' },
        },
        { name: 'escalatedAt', type: 'date', label: { zh: '未确认已上报', en: 'Escalated at' } },
      ],
    },
    { name: 'lastError', type: 'text', label: { zh: '最近错误', en: 'Last error' } },
    {
      name: 'attempts',
      type: 'array',
      label: { zh: '每次尝试', en: 'Attempts' },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'at',
              type: 'date',
              label: { zh: '时间', en: 'At' },
              admin: { date: { pickerAppearance: 'dayAndTime' } },
            },
            { name: 'statusCode', type: 'number', label: { zh: '状态码', en: 'Status' } },
            {
              name: 'latencyMs',
              type: 'number',
              label: { zh: '耗时（毫秒）', en: 'Latency (ms)' },
            },
            {
              name: 'outcome',
              type: 'text',
              label: { zh: '结果', en: 'Outcome' },
              admin: {
                description: {
                  zh: 'started 发送中；interrupted 发送时进程中断（对方可能已收到）',
                  en: 'started: under way; interrupted: the sending process stopped (the partner may have received it)',
                },
              },
            },
          ],
        },
        { name: 'error', type: 'text', label: { zh: '错误', en: 'Error' } },
        {
          name: 'responseExcerpt',
          type: 'textarea',
          label: { zh: '响应摘录', en: 'Response excerpt' },
        },
      ],
    },
  ],
})
