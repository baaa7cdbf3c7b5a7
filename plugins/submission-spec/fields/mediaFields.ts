import type { Field } from 'payload'

export const mediaKindOptions = [
  { value: 'video', label: { zh: '视频', en: 'Video' } },
  { value: 'audio', label: { zh: '音频', en: 'Audio' } },
  { value: 'image', label: { zh: '图片', en: 'Image' } },
  { value: 'document', label: { zh: '文档', en: 'Document' } },
  { value: 'unknown', label: { zh: '未知', en: 'Unknown' } },
]

export const processingStatuses = [
  { value: 'pending', label: { zh: '处理中', en: 'Pending' } },
  { value: 'done', label: { zh: '已完成', en: 'Done' } },
  { value: 'failed', label: { zh: '失败', en: 'Failed' } },
]

/**
 * What the plugin adds to the media collection: what the file really is (measured, not claimed)
 * and how its processing went. Exported so an app can place them itself.
 */
export const mediaFields = (): Field[] => [
  {
    name: 'mediaKind',
    type: 'select',
    options: mediaKindOptions,
    index: true,
    label: { zh: '实际类型', en: 'Measured kind' },
    admin: { readOnly: true, position: 'sidebar' },
  },
  {
    name: 'probe',
    type: 'json',
    label: { zh: '检测结果', en: 'Probe' },
    admin: {
      readOnly: true,
      description: { zh: '从文件内容测得：格式、时长、分辨率、编码、字幕流。', en: 'Measured from the bytes: container, duration, size, codecs, subtitles.' },
    },
  },
  {
    name: 'processing',
    type: 'group',
    label: { zh: '后台处理', en: 'Processing' },
    admin: { position: 'sidebar' },
    fields: [
      { name: 'status', type: 'select', options: processingStatuses, label: { zh: '状态', en: 'Status' }, admin: { readOnly: true } },
      { name: 'error', type: 'text', label: { zh: '错误', en: 'Error' }, admin: { readOnly: true } },
    ],
  },
  {
    name: 'sha256',
    type: 'text',
    label: { zh: '校验和（SHA-256）', en: 'Checksum (SHA-256)' },
    admin: {
      readOnly: true,
      position: 'sidebar',
      description: {
        zh: '上传时由文件内容算出；推送给合作网站时随链接发送，供对方校验下载的文件。',
        en: 'Computed from the bytes at upload; sent with every pushed link so partners can check their download.',
      },
    },
  },
  {
    name: 'thumbnailURL',
    type: 'text',
    label: { zh: '缩略图', en: 'Thumbnail' },
    admin: { hidden: true },
  },
]
