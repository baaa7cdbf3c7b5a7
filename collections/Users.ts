import type { CollectionConfig } from 'payload'

import { groups } from './groups'

/** Roles a user can hold. The access issue scopes each of them to the organizer hierarchy. */
export const roles = ['admin', 'organizer', 'unit-editor', 'judge'] as const
export type Role = (typeof roles)[number]

export const Users: CollectionConfig<'users'> = {
  slug: 'users',
  labels: {
    singular: { zh: '用户', en: 'User' },
    plural: { zh: '用户', en: 'Users' },
  },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'role'],
    group: groups.system,
  },
  auth: {
    // Repeated failures lock the account for a while (Payload's own lockout).
    maxLoginAttempts: 5,
    lockTime: 10 * 60 * 1000,
    cookies: {
      // Set SECURE_COOKIES=true when served over https.
      secure: process.env.SECURE_COOKIES === 'true',
      sameSite: 'Lax',
    },
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      label: { zh: '姓名', en: 'Name' },
    },
    {
      name: 'role',
      type: 'select',
      label: { zh: '角色', en: 'Role' },
      required: true,
      defaultValue: 'unit-editor',
      options: [
        { value: 'admin', label: { zh: '管理员（全国办公室）', en: 'Admin (national office)' } },
        { value: 'organizer', label: { zh: '活动组织者', en: 'Campaign organizer' } },
        { value: 'unit-editor', label: { zh: '单位编辑', en: 'Unit editor' } },
        { value: 'judge', label: { zh: '评委', en: 'Judge' } },
      ],
      saveToJWT: true,
    },
  ],
}
