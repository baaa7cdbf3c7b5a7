import type { Access, CollectionConfig, Where } from 'payload'

import path from 'node:path'

import type { ResolvedOptions } from '../types'

import { secureFileHeaders } from '../utilities/fileHeaders'
import { answerMissingFile, explainMissingFile } from '../utilities/missingFile'

/**
 * Derived files of an upload (image sizes, a video's poster frame), each linked to its
 * original, which is never touched. Made by the processing job, read-only for everyone else;
 * read (list and `/file/`) by whoever may read the original (`readMedia`, the media
 * collection's own read rule); deleted by hand only by whom `access.deleteRenditions` admits.
 */
export const renditionsCollection = ({
  options: { slugs, renditionsDir, deleteRenditions },
  readMedia,
}: {
  options: ResolvedOptions
  readMedia?: Access
}): CollectionConfig => ({
  slug: slugs.renditions,
  labels: {
    singular: { zh: '衍生文件', en: 'Rendition' },
    plural: { zh: '衍生文件', en: 'Renditions' },
  },
  admin: {
    useAsTitle: 'filename',
    defaultColumns: ['filename', 'original', 'name', 'width', 'height'],
    group: { zh: '内容', en: 'Content' },
    description: {
      zh: '后台任务由原始文件生成的缩略图、封面和视频海报帧；原始文件保持不变。',
      en: 'Thumbnails, covers and poster frames made from the originals by background jobs; originals stay untouched.',
    },
  },
  access: {
    read: async (args) => {
      // Payload's default for a collection without a read rule: anyone logged in.
      const result = readMedia ? await readMedia(args) : Boolean(args.req.user)
      return typeof result === 'object' ? throughOriginal(result) : result
    },
    create: () => false,
    update: () => false,
    delete: deleteRenditions,
  },
  upload: {
    staticDir: path.resolve(renditionsDir),
    mimeTypes: ['image/*', 'video/*'],
    modifyResponseHeaders: secureFileHeaders,
    // A copy that is gone (replaced, or its file lost) answers 404, not Payload's 500 or 403.
    handlers: [answerMissingFile(renditionsDir)],
  },
  hooks: { afterError: [explainMissingFile] },
  fields: [
    {
      name: 'original',
      type: 'relationship',
      relationTo: slugs.media,
      required: true,
      index: true,
      label: { zh: '原始文件', en: 'Original' },
    },
    { name: 'name', type: 'text', required: true, index: true, label: { zh: '规格', en: 'Size' } },
    {
      type: 'row',
      fields: [
        { name: 'renditionWidth', type: 'number', label: { zh: '宽', en: 'Width' } },
        { name: 'renditionHeight', type: 'number', label: { zh: '高', en: 'Height' } },
      ],
    },
    {
      name: 'checksum',
      type: 'text',
      label: { zh: '校验和（SHA-256）', en: 'Checksum (SHA-256)' },
    },
  ],
})

/** A `Where` on media made a `Where` on renditions: every path goes through `original`. */
export const throughOriginal = (where: Where): Where =>
  Object.fromEntries(
    Object.entries(where).map(([key, value]) => {
      if ((key === 'and' || key === 'or') && Array.isArray(value)) {
        return [key, value.map((part) => throughOriginal(part as Where))]
      }
      return [key === 'id' ? 'original' : `original.${key}`, value]
    }),
  ) as Where
