import type { CollectionConfig } from 'payload'

import path from 'node:path'

import { hiddenUnlessRole, mediaRules } from '../src/access/rules'
import { groups } from './groups'

/** Uploaded originals, stored on disk under `media/` and never altered. */
export const Media: CollectionConfig<'media'> = {
  slug: 'media',
  labels: {
    singular: { zh: '媒体', en: 'Media' },
    plural: { zh: '媒体库', en: 'Media' },
  },
  admin: {
    group: groups.content,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
  },
  access: mediaRules,
  upload: {
    staticDir: path.resolve(process.env.MEDIA_DIR ?? 'media'),
    mimeTypes: ['image/*', 'video/*', 'audio/*', 'application/pdf'],
    // Image sizes and video poster frames are made in the background by the submission-spec
    // plugin's job, as renditions beside the untouched original.
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      label: { zh: '替代文字', en: 'Alt text' },
    },
  ],
}
