import type { Field } from 'payload'

import type { ResolvedOptions } from '../types'

import { resolveOptions } from '../types'

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
 * What the plugin adds to the media collection: what the file really is (measured, not claimed),
 * how its processing went, what was removed from the public copy, who uploaded it and which
 * documents use it (what read rules go by). Exported so an app can place them itself.
 */
export const mediaFields = (
  { slugs, readUsage }: Pick<ResolvedOptions, 'slugs' | 'readUsage'> = resolveOptions({}),
): Field[] => [
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
      description: {
        zh: '从文件内容测得：格式、时长、分辨率、编码、字幕流。',
        en: 'Measured from the bytes: container, duration, size, codecs, subtitles.',
      },
    },
  },
  {
    name: 'processing',
    type: 'group',
    label: { zh: '后台处理', en: 'Processing' },
    admin: { position: 'sidebar' },
    fields: [
      {
        name: 'status',
        type: 'select',
        options: processingStatuses,
        label: { zh: '状态', en: 'Status' },
        admin: { readOnly: true },
      },
      {
        name: 'error',
        type: 'text',
        label: { zh: '错误', en: 'Error' },
        admin: { readOnly: true },
      },
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
    name: 'originalFile',
    type: 'group',
    label: { zh: '原始文件', en: 'Original file' },
    admin: {
      position: 'sidebar',
      description: {
        zh: '公开的文件已去除拍摄位置等元数据；原件另存，只有工作人员可下载。',
        en: 'The public file has its metadata (such as where it was taken) removed; the original is kept for staff.',
      },
    },
    access: { read: readUsage },
    fields: [
      {
        name: 'isKept',
        type: 'checkbox',
        label: { zh: '原件另存', en: 'Original kept apart' },
        admin: { readOnly: true },
      },
      {
        name: 'hadLocation',
        type: 'checkbox',
        label: { zh: '原件含拍摄位置', en: 'Original recorded a location' },
        admin: { readOnly: true },
      },
      {
        name: 'removed',
        type: 'text',
        label: { zh: '已去除', en: 'Removed' },
        admin: { readOnly: true },
      },
      {
        name: 'stripFailedAt',
        type: 'date',
        label: { zh: '去除元数据失败于', en: 'Stripping failed at' },
        admin: {
          readOnly: true,
          date: { pickerAppearance: 'dayAndTime' },
          description: {
            zh: '此文件在去除元数据之前就已存入，后台任务未能处理它：它不会公开，请重新上传。',
            en: 'Stored before uploads were stripped, and the background job could not strip it: it stays private; upload it again.',
          },
        },
      },
      {
        name: 'stripError',
        type: 'text',
        label: { zh: '失败原因', en: 'Why it failed' },
        admin: { readOnly: true },
      },
    ],
  },
  {
    name: 'uploadedBy',
    type: 'relationship',
    relationTo: slugs.users,
    label: { zh: '上传人', en: 'Uploaded by' },
    access: { read: readUsage },
    admin: { readOnly: true, position: 'sidebar' },
  },
  {
    name: 'usage',
    type: 'group',
    label: { zh: '使用情况', en: 'Used by' },
    admin: {
      position: 'sidebar',
      description: {
        zh: '由引用此文件的作品、人物、活动和通知自动填写，决定谁能看到此文件。',
        en: 'Kept up to date from the works, profiles, campaigns and notices that use the file; decides who may see it.',
      },
    },
    access: { read: readUsage },
    fields: [
      {
        name: 'isPublic',
        type: 'checkbox',
        index: true,
        label: { zh: '已公开', en: 'Public' },
        admin: {
          readOnly: true,
          description: { zh: '被已发布的内容使用', en: 'Used by published content' },
        },
      },
      {
        name: 'units',
        type: 'relationship',
        relationTo: slugs.organizers,
        hasMany: true,
        label: { zh: '所属单位', en: 'Units' },
        admin: { readOnly: true },
      },
      {
        name: 'campaigns',
        type: 'relationship',
        relationTo: slugs.campaigns,
        hasMany: true,
        label: { zh: '主题活动', en: 'Campaigns' },
        admin: { readOnly: true },
      },
      {
        name: 'judges',
        type: 'relationship',
        relationTo: slugs.users,
        hasMany: true,
        label: { zh: '评委', en: 'Judges' },
        admin: { readOnly: true },
      },
    ],
  },
  {
    name: 'thumbnailURL',
    type: 'text',
    label: { zh: '缩略图', en: 'Thumbnail' },
    admin: { hidden: true },
  },
]
