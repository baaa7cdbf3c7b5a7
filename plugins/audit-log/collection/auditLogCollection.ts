import type { Access, CollectionConfig, CollectionSlug } from 'payload'

import type { AuditLogCollectionOverride } from '../types'

import { applyCollectionOverride } from '../../shared/collectionOverride'
import { actionLabels, labels } from '../translations'
import { auditActions } from '../types'

/** Nobody — not even an administrator, nor a user with `overrideAccess: false` — writes entries. */
const nobody: Access = () => false

const defaultRead: Access = ({ req }) => Boolean(req.user)

/**
 * The audit collection, with an app's `override` applied (the `overrides.auditLog` option).
 * Entries are immutable: every write access is false and the admin offers no create, edit,
 * duplicate or delete; the plugin's hooks write through the Local API with
 * `overrideAccess: true`, and the purge task deletes at the database level. The write rules and
 * the absence of GraphQL mutations are set again after the override, so no override (not even
 * one from plain JavaScript, which the type would not stop) can open the log to writes.
 */
export const auditLogCollection = ({
  override,
  ...options
}: AuditLogCollectionOptions & {
  override?: AuditLogCollectionOverride
}): CollectionConfig => {
  const collection = applyCollectionOverride(defaultCollection(options), override)
  return {
    ...collection,
    access: { ...collection.access, create: nobody, update: nobody, delete: nobody },
    graphQL:
      collection.graphQL === false ? false : { ...collection.graphQL, disableMutations: true },
  }
}

type AuditLogCollectionOptions = {
  actorCollections: string[]
  adminGroup?: false | Record<string, string> | string
  read?: Access
  slug: string
}

/** The collection as the plugin makes it. */
const defaultCollection = ({
  actorCollections,
  adminGroup,
  read = defaultRead,
  slug,
}: AuditLogCollectionOptions): CollectionConfig => ({
  slug,
  labels: labels.collection,
  admin: {
    group: adminGroup,
    useAsTitle: 'summary',
    defaultColumns: ['createdAt', 'action', 'actorLabel', 'summary', 'ip'],
    listSearchableFields: ['actorLabel', 'summary', 'targetId', 'ip'],
    description: {
      zh: '安全事件记录（登录、权限变更、删除、发布、API 密钥、合作方读取），只读，任何角色都不能修改。',
      en: 'Security events (logins, permission changes, deletes, publishing, API keys, partner reads). Read-only for every role.',
    },
    disableCopyToLocale: true,
    pagination: { defaultLimit: 50 },
  },
  access: {
    read,
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  disableDuplicate: true,
  // Nobody edits an entry, so there is nothing to lock (and no lock rows pointing at entries).
  lockDocuments: false,
  // Queries stay; create/update/delete mutations are not even offered.
  graphQL: { disableMutations: true },
  defaultSort: '-createdAt',
  timestamps: true,
  fields: [
    {
      name: 'action',
      type: 'select',
      required: true,
      index: true,
      label: labels.action,
      options: auditActions.map((value) => ({ value, label: actionLabels[value] })),
      admin: { readOnly: true },
    },
    {
      name: 'actor',
      type: 'relationship',
      // Polymorphic even with one collection, so adding a collection later keeps the schema.
      relationTo: actorCollections as CollectionSlug[],
      label: labels.actor,
      maxDepth: 0,
      admin: { readOnly: true },
    },
    { name: 'actorLabel', type: 'text', label: labels.actorLabel, admin: { readOnly: true } },
    {
      name: 'targetCollection',
      type: 'text',
      label: labels.targetCollection,
      admin: { readOnly: true },
    },
    { name: 'targetId', type: 'text', label: labels.targetId, admin: { readOnly: true } },
    { name: 'summary', type: 'text', label: labels.summary, admin: { readOnly: true } },
    { name: 'details', type: 'json', label: labels.details, admin: { readOnly: true } },
    { name: 'ip', type: 'text', label: labels.ip, admin: { readOnly: true } },
    { name: 'userAgent', type: 'text', label: labels.userAgent, admin: { readOnly: true } },
    {
      // Payload's own timestamp, declared here for its label and to keep the index explicit.
      name: 'createdAt',
      type: 'date',
      index: true,
      label: labels.createdAt,
      admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
    },
  ],
})
