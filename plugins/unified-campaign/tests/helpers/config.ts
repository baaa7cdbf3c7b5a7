import type { CollectionConfig } from 'payload'

import path from 'node:path'

import type { PluginTestContext } from '../../../../tests/helpers/pluginApp'
import type { UnifiedCampaignOptions } from '../../types'

import { pluginTestConfig } from '../../../../tests/helpers/pluginApp'
import { unifiedCampaign } from '../../index'

/**
 * The collections the plugin needs, with only the fields it reads (README: Use in another app),
 * as another app would have them: no roles, no hierarchy, Payload's default access (anyone
 * logged in). Notices and featured workers are left out: an app may not have them.
 */

const Users: CollectionConfig = {
  slug: 'users',
  auth: true,
  fields: [{ name: 'name', type: 'text' }],
}

/** API keys only, as partner sites use them. */
const PartnerAccounts: CollectionConfig = {
  slug: 'partner-accounts',
  auth: { useAPIKey: true, disableLocalStrategy: true },
  fields: [{ name: 'name', type: 'text', required: true }],
}

/** The units taking part in campaigns and running partner sites. */
const Organizers: CollectionConfig = {
  slug: 'organizers',
  fields: [{ name: 'name', type: 'text', required: true }],
}

const Campaigns: CollectionConfig = {
  slug: 'campaigns',
  admin: { useAsTitle: 'name' },
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'label', type: 'text' },
    { name: 'participants', type: 'relationship', relationTo: 'organizers', hasMany: true },
    { name: 'introClip', type: 'upload', relationTo: 'media' },
  ],
}

const Entries: CollectionConfig = {
  slug: 'entries',
  admin: { useAsTitle: 'title' },
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'status', type: 'select', options: ['draft', 'published'], defaultValue: 'draft' },
    { name: 'campaign', type: 'relationship', relationTo: 'campaigns' },
    { name: 'media', type: 'relationship', relationTo: 'media', hasMany: true },
  ],
}

const channels = ['pc', 'weibo', 'wechat', 'app']

const PartnerSites: CollectionConfig = {
  slug: 'partner-sites',
  admin: { useAsTitle: 'name' },
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'organizer', type: 'relationship', relationTo: 'organizers' },
    { name: 'channels', type: 'select', options: channels, hasMany: true },
    { name: 'isActive', type: 'checkbox', defaultValue: true },
  ],
}

const Columns: CollectionConfig = {
  slug: 'columns',
  admin: { useAsTitle: 'title' },
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'campaign', type: 'relationship', relationTo: 'campaigns', required: true },
    { name: 'partnerSite', type: 'relationship', relationTo: 'partner-sites', required: true },
    { name: 'channel', type: 'select', options: channels, required: true },
    { name: 'url', type: 'text' },
    { name: 'hasInteractionWindow', type: 'checkbox' },
  ],
}

const uploadsIn = (dir: string) => ({ staticDir: dir, mimeTypes: ['image/*', 'video/*'] })

const Media = (mediaDir: string): CollectionConfig => ({
  slug: 'media',
  upload: uploadsIn(mediaDir),
  fields: [{ name: 'mediaKind', type: 'select', options: ['image', 'video', 'other'] }],
})

/** What the plugin keeps its labelled copies in (the submission-spec plugin's, in this project). */
const Renditions = (mediaDir: string): CollectionConfig => ({
  slug: 'renditions',
  upload: uploadsIn(path.join(mediaDir, 'renditions')),
  fields: [
    { name: 'original', type: 'relationship', relationTo: 'media', required: true },
    { name: 'name', type: 'text', required: true },
    { name: 'renditionWidth', type: 'number' },
    { name: 'renditionHeight', type: 'number' },
    { name: 'checksum', type: 'text' },
  ],
})

/** A minimal config of its own (not the app's), with the plugin given `pluginOptions` (none by default). */
export const unifiedCampaignTestConfig =
  (pluginOptions?: UnifiedCampaignOptions) => (context: PluginTestContext) =>
    pluginTestConfig(context, {
      collections: [
        Users,
        PartnerAccounts,
        Organizers,
        Campaigns,
        Entries,
        PartnerSites,
        Columns,
        Media(context.folder),
        Renditions(context.folder),
      ],
      plugins: [unifiedCampaign(pluginOptions)],
    })
