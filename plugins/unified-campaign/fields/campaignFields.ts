import type { CollectionSlug, Field, FieldAccess, FieldHook, PayloadRequest } from 'payload'

import type { SelectAccess } from '../types'

export const ruleModes = [
  { value: 'enforce', label: { zh: '强制（拒绝或自动处理）', en: 'Enforce' } },
  { value: 'warn', label: { zh: '提醒（允许但计入合规报告）', en: 'Warn' } },
  { value: 'off', label: { zh: '关闭', en: 'Off' } },
]

const rule = (
  name: string,
  zh: string,
  en: string,
  defaultValue: string,
  description: { zh: string; en: string },
): Field => ({
  name,
  type: 'select',
  options: ruleModes,
  defaultValue,
  label: { zh, en },
  admin: { description },
})

/** 四个统一 settings of a campaign: one mode per rule, and how the label is written. */
export const campaignFields = (): Field[] => [
  {
    name: 'unification',
    type: 'group',
    label: { zh: '四个统一', en: 'The four unifications' },
    fields: [
      {
        type: 'row',
        fields: [
          rule('themeRule', '统一活动主题', 'Unified theme', 'enforce', {
            zh: '作品、专栏、通知和大国工匠须属于本活动才能发布。',
            en: 'Entries, columns, notices and profiles need a campaign to be published.',
          }),
          rule('columnsRule', '统一专栏和互动窗口', 'Columns and interaction windows', 'warn', {
            zh: '每个参与网站在 PC 和两微一端开设专栏并设互动窗口。',
            en: 'Every participant has a column on each of its channels, with an interaction window.',
          }),
        ],
      },
      {
        type: 'row',
        fields: [
          rule('labelRule', '统一作品标识和片头', 'Work label and intro clip', 'enforce', {
            zh: '发布时自动在标题加上作品标识；视频作品加片头。',
            en: 'The label is put into titles on publish; video works get the intro clip.',
          }),
          rule('bestWorksRule', '统一推送精品', 'Push of the best works', 'enforce', {
            zh: '只推送全国办公室选定的精品。',
            en: 'Only works the national office selected are pushed.',
          }),
        ],
      },
      {
        type: 'row',
        fields: [
          {
            name: 'labelPosition',
            type: 'select',
            defaultValue: 'prefix',
            options: [
              { value: 'prefix', label: { zh: '标题前', en: 'Before the title' } },
              { value: 'suffix', label: { zh: '标题后', en: 'After the title' } },
            ],
            label: { zh: '标识位置', en: 'Label position' },
          },
          {
            name: 'labelBrackets',
            type: 'text',
            defaultValue: '【】',
            label: { zh: '标识括号', en: 'Label brackets' },
            admin: {
              description: { zh: '如 【】；留空则不加括号。', en: 'E.g. 【】; empty for none.' },
            },
          },
        ],
      },
      {
        name: 'watermarkPhotos',
        type: 'checkbox',
        defaultValue: false,
        label: { zh: '照片加标识水印', en: 'Watermark photos with the label' },
        admin: {
          description: {
            zh: '图片作品另存一份右下角带作品标识的衍生文件（原图不变）；标识修改后自动重做。',
            en: 'Photo works get a rendition with the label in the corner (the original stays); redone when the label changes.',
          },
        },
      },
    ],
  },
]

export const bestWorkStatuses = [
  { value: 'recommended', label: { zh: '已推荐', en: 'Recommended' } },
  { value: 'selected', label: { zh: '精品（已选定）', en: 'Selected (精品)' } },
]

/**
 * When and by whom a work became 精品, however it got there (the select endpoint, or the status
 * set by hand in the admin): stamped on the move to `selected`, kept while it stays selected,
 * cleared when it leaves.
 */
const stampSelection =
  (stamp: (args: { req: PayloadRequest }) => unknown): FieldHook =>
  ({ value, siblingData, previousSiblingDoc, req, field }) => {
    if (siblingData?.status !== 'selected') {
      return null
    }
    if (previousSiblingDoc?.status === 'selected') {
      return (
        value ??
        (previousSiblingDoc as Record<string, unknown>)[(field as { name: string }).name] ??
        null
      )
    }
    return value ?? stamp({ req })
  }

/**
 * Recommendation and selection of an entry as a best work (精品). `select` is who may set them by
 * hand (the plugin's `access.select`), `users` the collection of who selects (`selectedBy`).
 */
export const entryFields = ({
  select,
  users,
}: {
  select: SelectAccess
  users: CollectionSlug
}): Field[] => {
  const canSelect: FieldAccess = ({ req }) => select({ req })
  return [
    {
      name: 'bestWork',
      type: 'group',
      label: { zh: '精品', en: 'Best work' },
      admin: { position: 'sidebar' },
      // Set through the recommend/select endpoints; only who may select moves it by hand.
      access: { update: canSelect, create: canSelect },
      fields: [
        {
          name: 'status',
          type: 'select',
          options: bestWorkStatuses,
          index: true,
          label: { zh: '状态', en: 'Status' },
        },
        {
          name: 'selectedAt',
          type: 'date',
          label: { zh: '选定时间', en: 'Selected at' },
          admin: { readOnly: true },
          hooks: { beforeChange: [stampSelection(() => new Date().toISOString())] },
        },
        {
          name: 'selectedBy',
          type: 'relationship',
          relationTo: users,
          label: { zh: '选定人', en: 'Selected by' },
          admin: { readOnly: true },
          hooks: {
            beforeChange: [
              stampSelection(({ req }) => (req.user?.collection === users ? req.user.id : null)),
            ],
          },
        },
        { name: 'reason', type: 'textarea', label: { zh: '选定理由', en: 'Reason' } },
      ],
    },
    {
      name: 'recommendations',
      type: 'array',
      label: { zh: '推荐记录', en: 'Recommendations' },
      labels: {
        singular: { zh: '推荐记录', en: 'Recommendation' },
        plural: { zh: '推荐记录', en: 'Recommendations' },
      },
      admin: { readOnly: true },
      access: { update: canSelect, create: canSelect },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'by', type: 'text', label: { zh: '推荐方', en: 'By' } },
            {
              name: 'kind',
              type: 'select',
              options: [
                { value: 'partner', label: { zh: '参与网站', en: 'Partner site' } },
                { value: 'union', label: { zh: '工会', en: 'Union' } },
              ],
              label: { zh: '类别', en: 'Kind' },
            },
            { name: 'at', type: 'date', label: { zh: '时间', en: 'At' } },
          ],
        },
        { name: 'reason', type: 'textarea', label: { zh: '推荐理由', en: 'Reason' } },
      ],
    },
  ]
}
