import type { CollectionConfig } from 'payload'

import type { PluginTestContext } from '../../../../tests/helpers/pluginApp'
import type { AuditLogOptions } from '../../types'

import { pluginTestConfig } from '../../../../tests/helpers/pluginApp'
import { auditLog } from '../../index'

export const auditTestRoles = ['admin', 'unit-editor'] as const

const Users: CollectionConfig = {
  slug: 'users',
  admin: { useAsTitle: 'email' },
  // Two failures lock the account, so a test can reach the lock quickly.
  auth: { maxLoginAttempts: 2, lockTime: 60 * 60 * 1000 },
  fields: [
    { name: 'name', type: 'text' },
    {
      name: 'role',
      type: 'select',
      label: { zh: '角色', en: 'Role' },
      required: true,
      defaultValue: 'unit-editor',
      options: [...auditTestRoles],
    },
    { name: 'organizer', type: 'text', label: { zh: '所属单位', en: 'Organizer' } },
  ],
}

/** Drafts and versions, read by partners. */
const Posts: CollectionConfig = {
  slug: 'posts',
  admin: { useAsTitle: 'title' },
  versions: { drafts: true },
  access: { read: () => true },
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'author', type: 'relationship', relationTo: 'users' },
  ],
}

/** Published through a status field of its own, as entries and featured workers are. */
const Stories: CollectionConfig = {
  slug: 'stories',
  admin: { useAsTitle: 'title' },
  fields: [
    { name: 'title', type: 'text', required: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'draft',
      options: ['draft', 'published'],
    },
  ],
}

/** API keys only, as the app's partner accounts. */
const PartnerAccounts: CollectionConfig = {
  slug: 'partner-accounts',
  admin: { useAsTitle: 'name' },
  auth: { useAPIKey: true, disableLocalStrategy: true },
  fields: [{ name: 'name', type: 'text', required: true }],
}

/** What the tests pass to the plugin, unless a test file overrides it. */
export const defaultTestPluginOptions: AuditLogOptions = {
  actorCollections: ['users', 'partner-accounts'],
  readerCollections: ['partner-accounts'],
  watchedFields: { users: { role: 'role-change', organizer: 'organizer-change' } },
  publishedWhen: { stories: (doc) => doc.status === 'published' },
  retentionDays: 30,
  adminGroup: { zh: '系统', en: 'System' },
}

/** A minimal config of its own (not the app's): users, posts with drafts, stories, partner accounts and the plugin. */
export const auditTestConfig =
  (pluginOptions: AuditLogOptions = defaultTestPluginOptions) =>
  (context: PluginTestContext) =>
    pluginTestConfig(context, {
      collections: [Users, Posts, Stories, PartnerAccounts],
      loggingLevels: { AuthenticationError: false, LockedAuth: false },
      plugins: [auditLog(pluginOptions)],
    })
