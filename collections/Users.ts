import type { CollectionBeforeOperationHook, CollectionConfig } from 'payload'

import { ValidationError } from 'payload'

import { explainAccountRefusals, limitManagedAccounts } from '../src/access/guards'
import { roles } from '../src/access/roles'
import { accountFieldWrite, hiddenUnlessRole, userRules } from '../src/access/rules'
import { resetPasswordEmailHTML } from '../src/lib/passwordResetMail'
import { groups } from './groups'

/** Shortest password accepted (Payload itself has no rule). */
export const minPasswordLength = Number(process.env.PASSWORD_MIN_LENGTH ?? 10)

const enforcePasswordLength: CollectionBeforeOperationHook<'users'> = ({ args, operation }) => {
  if (!['create', 'update', 'resetPassword'].includes(operation)) {
    return args
  }
  const password = (args as { data?: { password?: unknown } }).data?.password
  if (typeof password === 'string' && password.length < minPasswordLength) {
    throw new ValidationError({
      collection: 'users',
      errors: [
        {
          path: 'password',
          message: `密码至少需要 ${minPasswordLength} 个字符 / the password needs at least ${minPasswordLength} characters`,
        },
      ],
    })
  }
  return args
}

const roleLabels = {
  admin: { zh: '管理员（全国办公室）', en: 'Admin (national office)' },
  organizer: { zh: '活动组织者', en: 'Campaign organizer' },
  'unit-editor': { zh: '单位编辑', en: 'Unit editor' },
  judge: { zh: '评委', en: 'Judge' },
}

export const Users: CollectionConfig<'users'> = {
  slug: 'users',
  labels: {
    singular: { zh: '用户', en: 'User' },
    plural: { zh: '用户', en: 'Users' },
  },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'role', 'organizer'],
    group: groups.system,
    // Everyone edits their own account from the account page; the list is for admins and for
    // organizers, who manage the unit editors and judges of their subtree.
    hidden: hiddenUnlessRole('admin', 'organizer'),
  },
  auth: {
    // Repeated failures lock the account for a while (Payload's own lockout, stored per account).
    maxLoginAttempts: Number(process.env.LOGIN_MAX_ATTEMPTS ?? 5),
    lockTime: Number(process.env.LOGIN_LOCK_MINUTES ?? 10) * 60 * 1000,
    // API keys are for partner accounts only.
    useAPIKey: false,
    cookies: {
      secure:
        process.env.SECURE_COOKIES === 'true' ||
        (process.env.SERVER_URL ?? '').startsWith('https://'),
      sameSite: 'Lax',
    },
    // The reset link is absolute even without SERVER_URL (Payload's was relative then).
    forgotPassword: { generateEmailHTML: resetPasswordEmailHTML },
  },
  access: userRules,
  hooks: {
    beforeOperation: [explainAccountRefusals, enforcePasswordLength],
    beforeChange: [limitManagedAccounts],
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
      options: roles.map((value) => ({ value, label: roleLabels[value] })),
      saveToJWT: true,
      access: { create: accountFieldWrite, update: accountFieldWrite },
    },
    {
      name: 'organizer',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '所属单位', en: 'Organizer' },
      saveToJWT: true,
      admin: {
        description: {
          zh: '活动组织者、单位编辑按此单位及其下级单位授权。',
          en: 'Organizers and unit editors act for this unit and the units below it.',
        },
      },
      access: { create: accountFieldWrite, update: accountFieldWrite },
    },
  ],
}
