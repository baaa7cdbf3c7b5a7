import type { Field } from 'payload'

/**
 * The entry's syndication state, what pushes and feeds follow: `pubstatus` usable once it is
 * published and selected (精品), canceled when either is taken back; `version` counts the
 * changes partners received; `changedAt` orders the feed; `responsibleEditor` is who partners
 * print as the work's editor.
 */
export const entryFields = ({ usersSlug }: { usersSlug: string }): Field[] => [
  {
    name: 'syndication',
    type: 'group',
    label: { zh: '全网推送', en: 'Syndication' },
    admin: { position: 'sidebar', readOnly: true },
    access: { update: () => false, create: () => false },
    fields: [
      {
        name: 'pubstatus',
        type: 'select',
        options: [
          { value: 'usable', label: { zh: '推送中', en: 'Usable' } },
          { value: 'canceled', label: { zh: '已撤稿', en: 'Canceled (taken down)' } },
        ],
        index: true,
        label: { zh: '推送状态', en: 'Status' },
      },
      { name: 'version', type: 'number', defaultValue: 0, label: { zh: '版本', en: 'Version' } },
      { name: 'changedAt', type: 'date', index: true, label: { zh: '变更时间', en: 'Changed at' } },
      {
        // Who partners print as 责任编辑: the selecting editor, kept after the selection is taken
        // back so the takedown names them too. Staff read it here; partners get it in the push.
        name: 'responsibleEditor',
        type: 'text',
        label: { zh: '责任编辑', en: 'Responsible editor' },
        access: { read: ({ req }) => req.user?.collection === usersSlug },
      },
    ],
  },
]
