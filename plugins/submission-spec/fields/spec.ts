import type { Field, GroupField } from 'payload'

import type { FieldsOverride } from '../../shared/collectionOverride'
import type { SpecMediaKind } from '../utilities/checkSpec'

/** The kinds of work a call may accept (`spec.mediaKinds`), as the admin offers them. */
export const specMediaKinds: { value: SpecMediaKind; label: Record<string, string> }[] = [
  { value: 'video', label: { zh: '视频', en: 'Video' } },
  { value: 'image', label: { zh: '图片', en: 'Image' } },
  { value: 'audio', label: { zh: '音频', en: 'Audio' } },
  { value: 'text', label: { zh: '文字', en: 'Text' } },
]

/**
 * The `spec` group of a sub-project, the 作品要求 the plugin checks every entry against
 * (`SubmissionSpec`): add it to the sub-projects collection instead of writing the group by
 * hand, so its fields are always those the plugin reads. `fields` adds an app's own fields
 * (notes for editors), as in the plugins' overrides: `({ defaultFields }) => [...defaultFields,
 * notes]`; keep `defaultFields`, the check reads them.
 */
export const specField = ({
  fields,
  uploadMaxMB,
}: {
  fields?: FieldsOverride
  /**
   * The largest upload the server takes (its body cap), in MB: a call may not promise more, or
   * its works would be cut off by the server with a message about the server's cap, not the call's.
   */
  uploadMaxMB?: number
} = {}): GroupField => {
  const defaultFields: Field[] = [
    {
      type: 'row',
      fields: [
        {
          name: 'mediaKinds',
          type: 'select',
          hasMany: true,
          options: specMediaKinds,
          label: { zh: '作品形式', en: 'Media kinds' },
        },
        {
          name: 'containers',
          type: 'text',
          hasMany: true,
          label: { zh: '文件格式', en: 'Containers' },
          admin: { description: { zh: '如 mp4、jpeg', en: 'E.g. mp4, jpeg' } },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'minDurationSeconds',
          type: 'number',
          min: 0,
          label: { zh: '最短时长（秒）', en: 'Min duration (s)' },
        },
        {
          name: 'maxDurationSeconds',
          type: 'number',
          min: 0,
          label: { zh: '最长时长（秒）', en: 'Max duration (s)' },
        },
        {
          name: 'maxFileSizeMB',
          type: 'number',
          min: 0,
          label: { zh: '文件上限（MB）', en: 'Max file size (MB)' },
          ...(uploadMaxMB
            ? {
                validate: (value: null | number | number[] | undefined) =>
                  typeof value === 'number' && value > uploadMaxMB
                    ? `文件上限 ${value} MB 超过服务器的上传上限 ${uploadMaxMB} MB（UPLOAD_MAX_MB），作品会被服务器拒收：请改小，或请管理员调高上传上限 / ${value} MB is above the server's upload cap of ${uploadMaxMB} MB (UPLOAD_MAX_MB): works that size would be refused by the server; lower it, or have the cap raised`
                    : true,
              }
            : {}),
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'maxDurationIsExclusive',
          type: 'checkbox',
          label: { zh: '时长须小于上限（不含上限）', en: 'Duration below the maximum (exclusive)' },
          admin: {
            description: {
              zh: '通知写“小于 3 分钟”时勾选；“不超过 3 分钟”则不勾选。',
              en: 'Tick for “小于 3 分钟” (less than); leave for “不超过” (at most).',
            },
          },
        },
        {
          name: 'maxFileSizeIsExclusive',
          type: 'checkbox',
          label: {
            zh: '文件须小于上限（不含上限）',
            en: 'File size below the maximum (exclusive)',
          },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'minTextLength',
          type: 'number',
          min: 0,
          label: { zh: '最少字数', en: 'Min characters' },
        },
        {
          name: 'maxTextLength',
          type: 'number',
          min: 0,
          label: { zh: '最多字数', en: 'Max characters' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'minPhotoCount',
          type: 'number',
          min: 1,
          label: { zh: '组照最少张数', en: 'Min photos in a series' },
        },
        {
          name: 'minImageLongSide',
          type: 'number',
          min: 1,
          label: { zh: '图片长边不少于（像素）', en: 'Image long side at least (px)' },
        },
        {
          name: 'minImageShortSide',
          type: 'number',
          min: 1,
          label: { zh: '图片短边不少于（像素）', en: 'Image short side at least (px)' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'audibleAudioRequired',
          type: 'checkbox',
          label: { zh: '须声音清楚（有音轨且非全程静音）', en: 'Audible sound required' },
        },
        {
          name: 'cameraOriginalRequired',
          type: 'checkbox',
          label: {
            zh: '图片须为原图（带相机 EXIF，非截图）',
            en: 'Camera originals only (EXIF, no screenshots)',
          },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'subtitlesRequired',
          type: 'checkbox',
          label: { zh: '须配字幕', en: 'Subtitles required' },
        },
        {
          name: 'authenticityRequired',
          type: 'checkbox',
          label: { zh: '须声明真人真事', en: 'Authenticity declaration required' },
        },
        {
          name: 'originalityRequired',
          type: 'checkbox',
          label: { zh: '须声明原创', en: 'Originality declaration required' },
        },
      ],
    },
    {
      name: 'declarations',
      type: 'array',
      label: { zh: '其他须声明事项', en: 'Other declarations required' },
      labels: {
        singular: { zh: '声明事项', en: 'Declaration' },
        plural: { zh: '声明事项', en: 'Declarations' },
      },
      admin: {
        description: {
          zh: '投稿者须逐条勾选确认，如“作品不涉及商业广告”。未确认的作品不能提交。',
          en: 'Each must be confirmed by the submitter, word for word; a work without one is not submitted.',
        },
      },
      fields: [
        {
          name: 'text',
          type: 'text',
          required: true,
          label: { zh: '声明内容', en: 'Text' },
        },
      ],
    },
  ]
  return {
    name: 'spec',
    type: 'group',
    label: { zh: '作品要求', en: 'Submission spec' },
    admin: {
      description: {
        zh: '每件作品保存时都按此检查。',
        en: 'Every entry is checked against this on save.',
      },
    },
    fields: fields ? fields({ defaultFields }) : defaultFields,
  }
}
