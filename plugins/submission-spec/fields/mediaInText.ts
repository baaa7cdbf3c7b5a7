import type { CollectionBeforeChangeHook, Field } from 'payload'

import type { ResolvedOptions } from '../types'

import { uploadsInRichText } from '../utilities/richTextMedia'

/** Name of the field that lists the media a document shows in its rich text. */
export const mediaInTextFieldName = 'mediaInText'

/**
 * The media a document shows in its rich text (upload nodes in `notices.body`,
 * `featured-workers.story` …), kept at every save by `findMediaInText`, so the files a published
 * text shows can be found from the file (`recomputeMediaUsage`) and made public with it. Never
 * sent, shown or accepted: bookkeeping, like `usage` on media.
 */
export const mediaInTextField = ({ slugs }: Pick<ResolvedOptions, 'slugs'>): Field => ({
  name: mediaInTextFieldName,
  type: 'relationship',
  relationTo: slugs.media,
  hasMany: true,
  label: { zh: '正文中的媒体', en: 'Media shown in the text' },
  access: { read: () => false, create: () => false, update: () => false },
  admin: { hidden: true, readOnly: true },
})

/**
 * Fills `mediaInText` from the rich-text fields of what is saved (the stored document with the
 * change applied, as a partial update sends only what changed). Last of the `beforeChange` hooks.
 */
export const findMediaInText =
  ({ slugs }: Pick<ResolvedOptions, 'slugs'>): CollectionBeforeChangeHook =>
  ({ collection, data, originalDoc }) => ({
    ...data,
    [mediaInTextFieldName]: uploadsInRichText({
      fields: collection.fields,
      doc: { ...(originalDoc ?? {}), ...data },
      relationTo: slugs.media,
    }),
  })
