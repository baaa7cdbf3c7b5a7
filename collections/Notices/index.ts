import type { CollectionConfig, TextFieldSingleValidation } from 'payload'

import { parseDocumentNumber } from '../../src/domain/documentNumber'
import { requireHostedCampaign } from '../../src/access/guards'
import { readableOnly } from '../../src/access/readableOnly'
import { hiddenUnlessRole, noticeRules } from '../../src/access/rules'
import { dateOnly } from '../fields'
import { groups } from '../groups'
import { documentNumberTaken, normalizeDocumentNumber } from './hooks/normalizeDocumentNumber'

/**
 * The form of the 文号 and, on the server, whether another notice holds it: the admin's form
 * state runs this while the number is typed, so the field says why before (and after) a save.
 */
const validDocumentNumber: TextFieldSingleValidation = async (value, { id, req }) => {
  if (!value) {
    return true
  }
  const result = parseDocumentNumber(value)
  if (!result.ok) {
    return result.error
  }
  return (
    (await documentNumberTaken({ normalized: result.value.normalized, exceptId: id, req })) ?? true
  )
}

/**
 * 通知 / 文件: an official notice, identified by its 文号. A notice can forward (转发) another,
 * or implement it (根据…精神 / 贯彻落实…); the notice above lists who forwarded and who
 * implemented it.
 */
export const Notices: CollectionConfig<'notices'> = {
  slug: 'notices',
  labels: { singular: { zh: '通知', en: 'Notice' }, plural: { zh: '通知', en: 'Notices' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'documentNumber', 'issueDate', 'campaign', '_status'],
    group: groups.content,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
  },
  versions: {
    drafts: { schedulePublish: true },
    maxPerDoc: 50,
  },
  fields: [
    { name: 'title', type: 'text', required: true, label: { zh: '标题', en: 'Title' } },
    {
      name: 'documentNumber',
      type: 'text',
      unique: true,
      index: true,
      validate: validDocumentNumber,
      label: { zh: '文号', en: 'Document number' },
      admin: {
        placeholder: '国信办通字〔2016〕2号',
        description: {
          zh: '写作 [2019] 也可，保存时统一为〔2019〕。',
          en: '[2019] is accepted and saved as 〔2019〕.',
        },
      },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'issuerCode',
          type: 'text',
          label: { zh: '机关代字', en: 'Issuer code' },
          admin: { readOnly: true },
        },
        {
          name: 'documentYear',
          type: 'number',
          label: { zh: '年份', en: 'Year' },
          admin: { readOnly: true },
        },
        {
          name: 'documentSerial',
          type: 'number',
          label: { zh: '序号', en: 'Serial' },
          admin: { readOnly: true },
        },
      ],
    },
    {
      name: 'issuers',
      type: 'relationship',
      relationTo: 'organizers',
      hasMany: true,
      label: { zh: '发文单位', en: 'Issuers' },
      admin: { description: { zh: '联合发文时依次填写。', en: 'All joint issuers, in order.' } },
    },
    {
      name: 'issueDate',
      type: 'date',
      label: { zh: '成文日期', en: 'Issue date' },
      admin: dateOnly,
    },
    { name: 'recipients', type: 'textarea', label: { zh: '主送', en: 'Recipients' } },
    {
      name: 'campaign',
      type: 'relationship',
      relationTo: 'campaigns',
      label: { zh: '主题活动', en: 'Campaign' },
    },
    { name: 'body', type: 'richText', label: { zh: '正文', en: 'Body' } },
    {
      name: 'attachments',
      type: 'array',
      label: { zh: '附件', en: 'Attachments' },
      labels: {
        singular: { zh: '附件', en: 'Attachment' },
        plural: { zh: '附件', en: 'Attachments' },
      },
      fields: [
        { name: 'title', type: 'text', required: true, label: { zh: '附件名称', en: 'Title' } },
        { name: 'file', type: 'upload', relationTo: 'media', label: { zh: '文件', en: 'File' } },
        {
          name: 'table',
          type: 'textarea',
          label: { zh: '表格原文', en: 'Table as published' },
          admin: {
            description: {
              zh: '表格按原文保存（制表符分隔）。',
              en: 'The table as printed (tab-separated).',
            },
          },
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
      name: 'forwards',
      type: 'relationship',
      relationTo: 'notices',
      label: { zh: '转发的通知', en: 'Forwards' },
      hooks: { afterRead: [readableOnly({ relationTo: 'notices' })] },
      filterOptions: ({ id }) => (id ? { id: { not_equals: id } } : true),
    },
    {
      name: 'forwardingText',
      type: 'textarea',
      label: { zh: '转发按语', en: 'Forwarding text' },
      admin: { condition: (data) => Boolean(data?.forwards) },
    },
    {
      // 根据…精神 / 贯彻落实…: a notice implementing another (a province's, the national one),
      // which is not forwarding it.
      name: 'implements',
      type: 'relationship',
      relationTo: 'notices',
      label: { zh: '贯彻落实的通知', en: 'Implements' },
      hooks: { afterRead: [readableOnly({ relationTo: 'notices' })] },
      filterOptions: ({ id }) => (id ? { id: { not_equals: id } } : true),
      admin: {
        description: {
          zh: '本通知根据或贯彻落实的上级通知（不同于转发）。',
          en: 'The notice above that this one implements (not a forward).',
        },
      },
    },
    {
      name: 'implementedBy',
      type: 'join',
      collection: 'notices',
      on: 'implements',
      label: { zh: '贯彻落实本通知的通知', en: 'Implemented by' },
    },
    {
      name: 'forwardedBy',
      type: 'join',
      collection: 'notices',
      on: 'forwards',
      label: { zh: '转发本通知的通知', en: 'Forwarded by' },
    },
  ],
  access: noticeRules,
  hooks: {
    beforeValidate: [normalizeDocumentNumber],
    beforeChange: [requireHostedCampaign()],
  },
}
