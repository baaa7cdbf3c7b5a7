import type { CollectionConfig } from 'payload'

import path from 'node:path'

import { hiddenUnlessRole, mediaRules } from '../src/access/rules'
import { groups } from './groups'

/** Uploaded originals and their image sizes, stored on disk under `media/`. */
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
    imageSizes: [
      { name: 'thumbnail', width: 300, height: 300, position: 'centre' },
      { name: 'card', width: 768, height: 432, position: 'centre' },
    ],
    adminThumbnail: 'thumbnail',
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      label: { zh: '替代文字', en: 'Alt text' },
    },
  ],
}
