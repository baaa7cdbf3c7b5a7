import type { CollectionConfig } from 'payload'

import path from 'node:path'
import sharp from 'sharp'

import type { PluginTestContext } from '../../../../tests/helpers/pluginApp'
import type { SubmissionSpecOptions } from '../../types'

import { pluginTestConfig } from '../../../../tests/helpers/pluginApp'
import { specField, submissionSpec } from '../../index'

/** Staff accounts: no roles, the plugin's defaults need none. */
const Users: CollectionConfig = {
  slug: 'users',
  auth: true,
  fields: [{ name: 'name', type: 'text' }],
}

/** The upload collection the plugin measures and strips; nothing of its own but alt text. */
const media = (staticDir: string): CollectionConfig => ({
  slug: 'media',
  upload: { staticDir },
  fields: [{ name: 'alt', type: 'text' }],
})

/** Units a work is filed under: the target of the plugin's `usage.units` on media. */
const Organizers: CollectionConfig = {
  slug: 'organizers',
  fields: [{ name: 'name', type: 'text', required: true }],
}

/** The target of `usage.campaigns` on media; a sub-project's call is open while its campaign is `active`. */
const Campaigns: CollectionConfig = {
  slug: 'campaigns',
  fields: [
    { name: 'name', type: 'text', required: true },
    {
      name: 'status',
      type: 'select',
      options: ['draft', 'active', 'closed'],
      defaultValue: 'active',
    },
  ],
}

/** A call for works with its 作品要求: the plugin's own `spec` group (`SubmissionSpec`). */
const SubProjects: CollectionConfig = {
  slug: 'sub-projects',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'campaign', type: 'relationship', relationTo: 'campaigns' },
    specField(),
  ],
}

/** Works: what the spec check reads (sub-project, files, text, declaration, status). */
const Entries: CollectionConfig = {
  slug: 'entries',
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'subProject', type: 'relationship', relationTo: 'sub-projects', required: true },
    { name: 'media', type: 'upload', relationTo: 'media', hasMany: true },
    { name: 'text', type: 'textarea' },
    { name: 'isAuthentic', type: 'checkbox' },
    { name: 'isOriginal', type: 'checkbox' },
    { name: 'declarations', type: 'text', hasMany: true },
    {
      name: 'status',
      type: 'select',
      options: ['draft', 'submitted', 'published'],
      defaultValue: 'draft',
    },
  ],
}

/**
 * A minimal Payload app of its own (not this project's): users, media, units, campaigns,
 * sub-projects with a spec and entries, and the plugin with its default options but for the two
 * folders it writes to (the defaults lie in the working directory).
 */
export const submissionSpecTestConfig =
  (pluginOptions: SubmissionSpecOptions = {}) =>
  ({ databaseUrl, folder }: PluginTestContext) =>
    pluginTestConfig(
      { databaseUrl, folder },
      {
        collections: [
          Users,
          media(path.join(folder, 'media')),
          Organizers,
          Campaigns,
          SubProjects,
          Entries,
        ],
        sharp,
        plugins: [
          submissionSpec({
            originalsDir: path.join(folder, 'media-originals'),
            renditionsDir: path.join(folder, 'renditions'),
            ...pluginOptions,
          }),
        ],
      },
    )
