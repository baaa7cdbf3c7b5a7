import type { CollectionConfig } from 'payload'

import { postgresAdapter } from '@payloadcms/db-postgres'
import os from 'node:os'
import path from 'node:path'
import { buildConfig } from 'payload'

import type { PartnerPushOptions } from '../../types'

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

const Media: CollectionConfig = {
  slug: 'media',
  // Nothing is uploaded in these tests.
  upload: { staticDir: path.join(os.tmpdir(), 'partner-push-test-media') },
  fields: [],
}

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

/** A minimal config of its own (not the app's): the collections above and the plugin. */
export const buildPartnerPushTestConfig = ({
  databaseUrl,
  serverURL,
  pluginOptions,
}: {
  databaseUrl: string
  serverURL: string
  pluginOptions: PartnerPushOptions
}) =>
  buildConfig({
    secret: 'partner-push-plugin-test-secret',
    serverURL,
    admin: { user: 'users' },
    collections: [Users, PartnerSites, PartnerAccounts, Campaigns, Media, Renditions, Entries],
    db: postgresAdapter({
      pool: { connectionString: databaseUrl, max: 5 },
      // A fresh database per test file; the schema is pushed, no migrations.
      push: true,
    }),
    telemetry: false,
    logger: { options: { level: process.env.LOG_LEVEL || 'warn' } },
    plugins: [partnerPush(pluginOptions)],
  })
