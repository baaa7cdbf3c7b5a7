import type { CollectionConfig } from 'payload'

import path from 'node:path'

import type { PluginTestContext } from '../../../../tests/helpers/pluginApp'
import type { PartnerPushOptions } from '../../types'

import { pluginTestConfig } from '../../../../tests/helpers/pluginApp'
import { partnerPush } from '../../index'

/**
 * The collections the plugin works with, each with only the fields it reads (README: Use in
 * another app), as another app would have them: no roles, no unified-campaign or
 * submission-spec plugin, Payload's default access (anyone logged in).
 */

const Users: CollectionConfig = {
  slug: 'users',
  auth: true,
  fields: [{ name: 'name', type: 'text' }],
}

/** A partner site: the plugin adds its push settings. */
const PartnerSites: CollectionConfig = {
  slug: 'partner-sites',
  admin: { useAsTitle: 'name' },
  fields: [{ name: 'name', type: 'text', required: true }],
}

/** API keys only; each account belongs to one partner site (`partnerSite`). */
const PartnerAccounts: CollectionConfig = {
  slug: 'partner-accounts',
  auth: { useAPIKey: true, disableLocalStrategy: true },
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'partnerSite', type: 'relationship', relationTo: 'partner-sites', required: true },
  ],
}

const Campaigns: CollectionConfig = {
  slug: 'campaigns',
  admin: { useAsTitle: 'name' },
  fields: [
    { name: 'name', type: 'text', required: true },
    // The work label 【…】 partners print in front of the title.
    { name: 'label', type: 'text' },
  ],
}

const media = (folder: string): CollectionConfig => ({
  slug: 'media',
  // Nothing is uploaded in these tests.
  upload: { staticDir: path.join(folder, 'media') },
  fields: [],
})

/** Labelled copies of files (the submission-spec plugin's renditions): none are made here. */
const Renditions: CollectionConfig = {
  slug: 'renditions',
  fields: [
    { name: 'original', type: 'relationship', relationTo: 'media' },
    { name: 'name', type: 'text' },
  ],
}

/**
 * A work goes out once it is published and selected: `status` 'published' and
 * `bestWork.status` 'selected' (the unified-campaign plugin's selection, here written directly).
 */
const Entries: CollectionConfig = {
  slug: 'entries',
  admin: { useAsTitle: 'title' },
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'text', type: 'textarea' },
    { name: 'description', type: 'textarea' },
    { name: 'status', type: 'select', options: ['draft', 'published'], defaultValue: 'draft' },
    { name: 'campaign', type: 'relationship', relationTo: 'campaigns' },
    {
      name: 'authors',
      type: 'array',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'unit', type: 'text' },
      ],
    },
    { name: 'media', type: 'upload', relationTo: 'media', hasMany: true },
    {
      name: 'bestWork',
      type: 'group',
      fields: [
        { name: 'status', type: 'select', options: ['none', 'selected'] },
        { name: 'selectedAt', type: 'date' },
        { name: 'selectedBy', type: 'relationship', relationTo: 'users' },
      ],
    },
  ],
}

/** Public address the test config gives Payload (`serverURL`): where partners are told files and feeds are. */
export const testServerURL = 'https://cms.partner-push.test'

/** A minimal config of its own (not the app's): the collections above and the plugin. */
export const partnerPushTestConfig =
  (pluginOptions: PartnerPushOptions) => (context: PluginTestContext) =>
    pluginTestConfig(context, {
      serverURL: testServerURL,
      collections: [
        Users,
        PartnerSites,
        PartnerAccounts,
        Campaigns,
        media(context.folder),
        Renditions,
        Entries,
      ],
      plugins: [partnerPush(pluginOptions)],
    })
