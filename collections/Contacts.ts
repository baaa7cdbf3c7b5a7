import type { CollectionConfig, TextFieldSingleValidation } from 'payload'

import { checkLandline, checkMobile, normalizePhone } from '../src/domain/contactNumbers'
import { requireUnitInSubtree } from '../src/access/guards'
import { contactFieldRead, contactRules, hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'

const mobile: TextFieldSingleValidation = (value) => (value ? checkMobile(value) : true)
const landline: TextFieldSingleValidation = (value) => (value ? checkLandline(value) : true)

/** Fields a notice may have published; only these are ever shown outside the office. */
export const publishableContactFields = [
  { value: 'department', label: { zh: '部门', en: 'Department' } },
  { value: 'mobile', label: { zh: '手机', en: 'Mobile' } },
  { value: 'landline', label: { zh: '座机', en: 'Landline' } },
  { value: 'email', label: { zh: '电子邮箱', en: 'E-mail' } },
]

/** 联系人: the people a notice names for questions and reporting. */
/** 工作小组: the campaign's working group, as notices list it. */
export const workingGroupRoles = [
  { value: 'leader', label: { zh: '组长', en: 'Leader' } },
  { value: 'deputy', label: { zh: '副组长', en: 'Deputy leader' } },
  { value: 'member', label: { zh: '成员', en: 'Member' } },
  { value: 'liaison', label: { zh: '联络员', en: 'Liaison' } },
]

export const Contacts: CollectionConfig<'contacts'> = {
  slug: 'contacts',
  labels: { singular: { zh: '联系人', en: 'Contact' }, plural: { zh: '联系人', en: 'Contacts' } },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'organizer', 'department', 'mobile', 'landline'],
    group: groups.directory,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
  },
  access: contactRules,
  hooks: {
    beforeChange: [requireUnitInSubtree({ field: 'organizer', label: '单位' })],
  },
  fields: [
    { name: 'name', type: 'text', required: true, label: { zh: '姓名', en: 'Name' } },
    {
      name: 'organizer',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '单位', en: 'Organizer' },
    },
    {
      name: 'workingGroupRole',
      type: 'select',
      options: workingGroupRoles,
      label: { zh: '工作小组职务', en: 'Working-group role' },
    },
    {
      name: 'department',
      type: 'text',
      label: { zh: '部门', en: 'Department' },
      access: { read: contactFieldRead('department') },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'mobile',
          type: 'text',
          validate: mobile,
          access: { read: contactFieldRead('mobile') },
          label: { zh: '手机', en: 'Mobile' },
          admin: { placeholder: '13800000000' },
          hooks: { beforeChange: [({ value }) => (value ? normalizePhone(value) : value)] },
        },
        {
          name: 'landline',
          type: 'text',
          validate: landline,
          access: { read: contactFieldRead('landline') },
          label: { zh: '座机', en: 'Landline' },
          admin: { placeholder: '0357-2080181' },
          hooks: { beforeChange: [({ value }) => (value ? normalizePhone(value) : value)] },
        },
      ],
    },
    {
      name: 'email',
      type: 'email',
      label: { zh: '电子邮箱', en: 'E-mail' },
      access: { read: contactFieldRead('email') },
    },
    {
      name: 'publicFields',
      type: 'select',
      hasMany: true,
      options: publishableContactFields,
      label: { zh: '公开字段', en: 'Public fields' },
      admin: {
        description: {
          zh: '通知中已公开的字段。姓名和单位总是公开；其他未勾选的字段不会对外提供。',
          en: 'What the notice published. Name and organizer are always public; nothing unticked is ever served outside.',
        },
      },
    },
  ],
}
