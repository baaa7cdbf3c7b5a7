import type { CollectionConfig } from 'payload'

import path from 'node:path'

import { mediaRules } from '../src/access/media'
import { hiddenUnlessRole } from '../src/access/rules'
import { groups } from './groups'

/**
 * Uploads, stored as published in `MEDIA_DIR`, or under `media/` in the S3 bucket when
 * `S3_BUCKET` is set (`src/storage`; served through `/api/media/file/<name>` either way): the
 * submission-spec plugin removes location metadata before a file is stored and keeps the
 * untouched original apart for staff. Read as the documents that use a file allow (see
 * `src/access/media.ts`).
 */
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
    // Unused while uploads are in S3 (the storage plugin turns local storage off).
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
