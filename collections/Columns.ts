import type { CollectionConfig } from 'payload'

import { mediaKindOptions } from '../plugins/submission-spec/fields/mediaFields'
import {
  explainRefusals,
  requireHostedCampaign,
  requireParticipatingUnit,
} from '../src/access/guards'
import { columnRules, hiddenUnlessRole } from '../src/access/rules'
import { checkColumn, requireColumnScope } from '../src/columns/guards'
import { maxSectionLimit, sectionKinds } from '../src/columns/sections'
import { forgetWindowColumn } from '../src/moderation/windowColumn'
import { groups } from './groups'
import { channels } from './PartnerSites'

/** Where a column is shown by this app (the reference page); also its admin preview. */
const columnPath = (id: unknown) => (id ? `/columns/${String(id)}` : null)

/**
 * 专栏: a campaign's column on one channel (PC or 两微一端), composed by an editor — title with the
 * campaign label, banner, introduction and ordered sections — and pulled by sites
 * (`GET /api/columns/:id/pull`, src/columns). It belongs to a unit (a union's own column, served
 * here) or to a partner site (its column elsewhere), never both. Drafts and scheduled publishing as
 * for notices: sites only ever see the published version.
 */
export const Columns: CollectionConfig<'columns'> = {
  slug: 'columns',
  labels: { singular: { zh: '专栏', en: 'Column' }, plural: { zh: '专栏', en: 'Columns' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'unit', 'partnerSite', 'channel', 'campaign', '_status'],
    group: groups.content,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
    preview: (doc) => columnPath(doc.id),
    livePreview: { url: ({ data }) => columnPath(data?.id) ?? '' },
  },
  versions: {
    drafts: { schedulePublish: true },
    maxPerDoc: 50,
  },
  access: columnRules,
  hooks: {
    beforeOperation: [
      explainRefusals<'columns'>({
        create:
          '只有全国办公室、活动组织者和单位编辑可以新建专栏 / only the national office, organizers and unit editors add columns',
        update:
          '专栏只能由其主题活动的主办单位、全国办公室或本单位的单位编辑修改 / a column is changed by its campaign’s hosts, the national office, or the editors of its own unit',
        delete:
          '专栏只能由其主题活动的主办单位、全国办公室或本单位的单位编辑删除 / a column is deleted by its campaign’s hosts, the national office, or the editors of its own unit',
      }),
    ],
    beforeChange: [
      requireHostedCampaign(),
      requireColumnScope,
      checkColumn,
      requireParticipatingUnit({ unitField: 'unit', label: '单位' }),
    ],
    // The interaction window reads its column from memory: a change is seen by the next comment.
    afterChange: [forgetWindowColumn],
    afterDelete: [forgetWindowColumn],
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      required: true,
      label: { zh: '专栏名称', en: 'Title' },
      admin: {
        description: {
          zh: '发布时按主题活动的设置带上作品标识。',
          en: 'Publishing puts the campaign label in, as the campaign sets it.',
        },
      },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          required: true,
          label: { zh: '主题活动', en: 'Campaign' },
        },
        {
          name: 'channel',
          type: 'select',
          required: true,
          options: channels,
          label: { zh: '渠道', en: 'Channel' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'unit',
          type: 'relationship',
          relationTo: 'organizers',
          label: { zh: '单位（本系统提供的专栏）', en: 'Unit (a column served here)' },
          admin: {
            description: {
              zh: '工会自己的专栏填单位；合作网站的专栏填参与网站；二者只填其一。',
              en: 'A union’s own column names its unit; a partner’s column its site; exactly one.',
            },
          },
        },
        {
          name: 'partnerSite',
          type: 'relationship',
          relationTo: 'partner-sites',
          label: { zh: '参与网站', en: 'Partner site' },
        },
      ],
    },
    { name: 'url', type: 'text', label: { zh: '专栏地址', en: 'URL' } },
    { name: 'banner', type: 'upload', relationTo: 'media', label: { zh: '题图', en: 'Banner' } },
    { name: 'intro', type: 'textarea', label: { zh: '导语', en: 'Introduction' } },
    {
      name: 'sections',
      type: 'array',
      label: { zh: '栏目', en: 'Sections' },
      labels: { singular: { zh: '栏目', en: 'Section' }, plural: { zh: '栏目', en: 'Sections' } },
      admin: {
        description: {
          zh: '按顺序显示；置顶栏目总在最前。',
          en: 'Shown in this order; pinned sections always come first.',
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'kind',
              type: 'select',
              required: true,
              options: sectionKinds,
              label: { zh: '类型', en: 'Kind' },
            },
            { name: 'title', type: 'text', label: { zh: '栏目名称', en: 'Title' } },
            {
              name: 'limit',
              type: 'number',
              defaultValue: 10,
              min: 1,
              max: maxSectionLimit,
              label: { zh: '条数', en: 'Items' },
            },
          ],
        },
        {
          name: 'items',
          type: 'relationship',
          relationTo: ['entries', 'notices', 'featured-workers'],
          hasMany: true,
          label: { zh: '选定内容', en: 'Items' },
          admin: { condition: (_, row) => ['pinned', 'picked'].includes(row?.kind) },
        },
        {
          type: 'row',
          admin: { condition: (_, row) => row?.kind === 'works' },
          fields: [
            {
              name: 'subProject',
              type: 'relationship',
              relationTo: 'sub-projects',
              label: { zh: '子项目（可选）', en: 'Sub-project (optional)' },
            },
            {
              name: 'mediaKind',
              type: 'select',
              options: mediaKindOptions,
              label: { zh: '只要此类文件（可选）', en: 'Only this kind of file (optional)' },
            },
            {
              name: 'selectedOnly',
              type: 'checkbox',
              label: { zh: '只要精品', en: 'Selected works only' },
            },
          ],
        },
      ],
    },
    {
      name: 'hasInteractionWindow',
      type: 'checkbox',
      label: { zh: '设有互动窗口', en: 'Has an interaction window' },
      admin: {
        description: {
          zh: '网民跟帖评论、提供原创图文的窗口。',
          en: 'Where netizens comment and contribute.',
        },
      },
    },
    {
      name: 'interactionWindow',
      type: 'group',
      label: { zh: '互动窗口', en: 'Interaction window' },
      admin: { condition: (data) => Boolean(data?.hasInteractionWindow) },
      fields: [
        {
          name: 'moderation',
          type: 'select',
          defaultValue: 'pre',
          options: [
            { value: 'pre', label: { zh: '先审后发', en: 'Approved before shown' } },
            { value: 'post', label: { zh: '先发后审', en: 'Shown, then reviewed' } },
          ],
          label: { zh: '审核方式', en: 'Moderation' },
          admin: {
            description: {
              zh: '先发后审只能由主题活动的主办单位或全国办公室开启。',
              en: 'Only the campaign’s hosts or the national office turn on post-moderation.',
            },
          },
        },
        {
          type: 'row',
          fields: [
            {
              name: 'comments',
              type: 'checkbox',
              defaultValue: true,
              label: { zh: '接受跟帖评论', en: 'Takes comments' },
            },
            {
              name: 'contributions',
              type: 'checkbox',
              defaultValue: true,
              label: { zh: '接受原创图文', en: 'Takes contributions' },
            },
          ],
        },
      ],
    },
  ],
}
