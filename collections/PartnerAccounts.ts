import type { CollectionConfig } from 'payload'

import { actorOf, isAdmin, partnerAccountsSlug } from '../src/access/roles'
import { groups } from './groups'

/**
 * 参与网站账号: how a partner site authenticates — an API key, never a password. A separate
 * auth collection, so a partner can never log into the admin or be given a staff role, and a
 * site can hold more than one key (issue a new one, then delete the old).
 *
 * Requests carry `Authorization: partner-accounts API-Key <key>`.
 */
export const PartnerAccounts: CollectionConfig<'partner-accounts'> = {
  slug: partnerAccountsSlug,
  labels: {
    singular: { zh: '参与网站账号', en: 'Partner account' },
    plural: { zh: '参与网站账号', en: 'Partner accounts' },
  },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'partnerSite', 'enableAPIKey'],
    group: groups.partners,
    hidden: ({ user }) => (user as { role?: string } | null)?.role !== 'admin',
  },
  auth: {
    useAPIKey: true,
    disableLocalStrategy: true,
  },
  access: {
    admin: () => false,
    read: ({ req }) => {
      const actor = actorOf(req)
      if (actor.kind === 'admin') {
        return true
      }
      return actor.kind === 'partner' ? { id: { equals: actor.accountId } } : false
    },
    create: isAdmin,
    update: isAdmin,
    delete: isAdmin,
  },
  fields: [
    { name: 'name', type: 'text', required: true, label: { zh: '名称', en: 'Name' } },
    {
      name: 'partnerSite',
      type: 'relationship',
      relationTo: 'partner-sites',
      required: true,
      saveToJWT: true,
      label: { zh: '参与网站', en: 'Partner site' },
    },
  ],
}
