import type { CollectionConfig, FieldAccess } from 'payload'

import { recommendationWrite } from '../../plugins/unified-campaign'
import {
  requireParticipatingUnit,
  requireReportingScope,
  unitStatuses,
} from '../../src/access/guards'
import { actorOf } from '../../src/access/roles'
import { blindForJudges } from '../../src/judging/blind'
import { batchWrite } from '../../src/reporting/batches'
import { entryVoteEndpoints } from '../../src/voting/endpoints'
import { entryRules, hiddenUnlessRole, privateField, staffOnly } from '../../src/access/rules'
import { groups } from '../groups'
import { setCampaignFromSubProject } from './hooks/setCampaignFromSubProject'

export const entryForms = [
  { value: 'graphic', label: { zh: '图文', en: 'Pictures and text' } },
  { value: 'video', label: { zh: '视频', en: 'Video' } },
  { value: 'h5', label: { zh: 'H5 页面', en: 'H5 page' } },
  { value: 'panorama', label: { zh: '360°/VR 全景', en: '360°/VR panorama' } },
]

export const entrySources = [
  { value: 'self-submitted', label: { zh: '个人自主提交', en: 'Self-submitted' } },
  { value: 'union-reported', label: { zh: '工会报送', en: 'Reported by a union' } },
  { value: 'netizen-recommended', label: { zh: '网民推荐', en: 'Recommended by a netizen' } },
  // 择优制作成宣传作品: made from what a netizen contributed in a column's interaction window.
  {
    value: 'netizen-contribution',
    label: { zh: '网民原创图文（互动窗口）', en: 'Netizen contribution (interaction window)' },
  },
]

/** A work's path: screening (初步筛选), reporting upward (报送), review (评审), awards, publication. */
export const entryStatuses = [
  { value: 'draft', label: { zh: '草稿', en: 'Draft' } },
  { value: 'submitted', label: { zh: '已提交', en: 'Submitted' } },
  { value: 'screened-in', label: { zh: '初筛通过', en: 'Screened in' } },
  { value: 'screened-out', label: { zh: '初筛未通过', en: 'Screened out' } },
  { value: 'reported', label: { zh: '已报送', en: 'Reported upward' } },
  { value: 'in-review', label: { zh: '评审中', en: 'In review' } },
  { value: 'awarded', label: { zh: '获奖', en: 'Awarded' } },
  { value: 'not-awarded', label: { zh: '未获奖', en: 'Not awarded' } },
  { value: 'published', label: { zh: '已发布', en: 'Published' } },
]

export const awardTiers = [
  { value: 'first', label: { zh: '一等奖', en: 'First prize' } },
  { value: 'second', label: { zh: '二等奖', en: 'Second prize' } },
  { value: 'third', label: { zh: '三等奖', en: 'Third prize' } },
  { value: 'excellence', label: { zh: '优秀奖', en: 'Honourable mention' } },
]

/** Judges are assigned, and awards given, by the campaign's organizers and the national office. */
const organizersOnly: FieldAccess = ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind)

/**
 * Judges never query on who made or sent a work: in a blind round the list would answer what the
 * reads leave out (`blindForJudges`). Reading a work (a document at hand) is the hook's to blind.
 */
const notQueriedByJudges: FieldAccess = ({ req, doc }) =>
  Boolean(doc) || actorOf(req).kind !== 'judge'

/** Private to the office staff whose subtree or hosted campaigns hold the work. */
const privateToReach = privateField({ unitField: 'submittingUnit' })

/** 作品: a work submitted to a sub-project (its 作品要求 are checked by the submission-spec plugin). */
export const Entries: CollectionConfig<'entries'> = {
  slug: 'entries',
  labels: { singular: { zh: '作品', en: 'Entry' }, plural: { zh: '作品', en: 'Entries' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'subProject', 'submittingUnit', 'status', 'awardTier'],
    group: groups.content,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor', 'judge'),
  },
  fields: [
    { name: 'title', type: 'text', required: true, label: { zh: '标题', en: 'Title' } },
    {
      type: 'row',
      fields: [
        {
          name: 'subProject',
          type: 'relationship',
          relationTo: 'sub-projects',
          required: true,
          label: { zh: '子项目', en: 'Sub-project' },
        },
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          label: { zh: '主题活动', en: 'Campaign' },
          admin: {
            description: { zh: '由子项目自动填写', en: 'Taken from the sub-project' },
            readOnly: true,
          },
        },
      ],
    },
    {
      name: 'authors',
      type: 'array',
      label: { zh: '作者', en: 'Authors' },
      access: { read: notQueriedByJudges },
      labels: { singular: { zh: '作者', en: 'Author' }, plural: { zh: '作者', en: 'Authors' } },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'name', type: 'text', required: true, label: { zh: '姓名', en: 'Name' } },
            { name: 'unit', type: 'text', label: { zh: '单位', en: 'Unit' } },
            { name: 'job', type: 'text', label: { zh: '岗位', en: 'Job' } },
          ],
        },
        {
          type: 'row',
          fields: [
            // Authors' contact data stays inside the office: never judges, partners or the public.
            {
              name: 'mobile',
              type: 'text',
              label: { zh: '手机', en: 'Mobile' },
              access: { read: privateToReach },
            },
            {
              name: 'email',
              type: 'email',
              label: { zh: '电子邮箱', en: 'E-mail' },
              access: { read: privateToReach },
            },
          ],
        },
      ],
    },
    {
      name: 'submittingUnit',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '报送单位', en: 'Submitting unit' },
      access: { read: notQueriedByJudges },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'form',
          type: 'select',
          options: entryForms,
          label: { zh: '作品形式', en: 'Form' },
        },
        {
          name: 'source',
          type: 'select',
          options: entrySources,
          label: { zh: '来源', en: 'Source' },
        },
      ],
    },
    {
      name: 'media',
      type: 'upload',
      relationTo: 'media',
      hasMany: true,
      label: { zh: '媒体文件', en: 'Media' },
    },
    {
      name: 'text',
      type: 'textarea',
      label: { zh: '作品正文', en: 'Text' },
      admin: {
        description: {
          zh: '征文、书评、网言网语等文字作品的正文，按字数要求检查。',
          en: 'Checked against the character limits.',
        },
      },
    },
    { name: 'description', type: 'textarea', label: { zh: '作品简介', en: 'Description' } },
    {
      type: 'row',
      fields: [
        {
          name: 'isAuthentic',
          type: 'checkbox',
          label: { zh: '声明：真人真事', en: 'Declared true people and events' },
        },
        {
          name: 'isOriginal',
          type: 'checkbox',
          label: { zh: '声明：原创', en: 'Declared original' },
        },
      ],
    },
    {
      name: 'declarations',
      type: 'text',
      hasMany: true,
      label: { zh: '已确认的其他声明', en: 'Other declarations made' },
      admin: {
        description: {
          zh: '子项目“其他须声明事项”中投稿者确认的各条，原文照录。',
          en: 'The sub-project’s further declarations the submitter confirmed, word for word.',
        },
      },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'draft',
          options: entryStatuses,
          index: true,
          label: { zh: '状态', en: 'Status' },
        },
        {
          name: 'awardTier',
          type: 'select',
          options: awardTiers,
          label: { zh: '奖项', en: 'Award' },
          access: { create: organizersOnly, update: organizersOnly },
        },
      ],
    },
    {
      name: 'judges',
      type: 'relationship',
      relationTo: 'users',
      hasMany: true,
      label: { zh: '评委', en: 'Judges' },
      filterOptions: { role: { equals: 'judge' } },
      admin: {
        description: {
          zh: '评委只能看到分配给自己的作品。',
          en: 'A judge sees only the entries assigned to it.',
        },
      },
      access: { read: privateToReach, create: organizersOnly, update: organizersOnly },
    },
    {
      name: 'reportPath',
      type: 'array',
      label: { zh: '报送路径', en: 'Path upward' },
      labels: {
        singular: { zh: '报送记录', en: 'Step' },
        plural: { zh: '报送路径', en: 'Path upward' },
      },
      // Written by the report batches only; who reported the work, to whom, when.
      access: { read: staffOnly, update: () => false, create: () => false },
      admin: {
        readOnly: true,
        description: {
          zh: '逐级报送记录，提交报送批次时自动填写',
          en: 'Each level that reported it upward, written when a report batch is submitted',
        },
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'from',
              type: 'relationship',
              relationTo: 'organizers',
              label: { zh: '报送单位', en: 'From' },
            },
            {
              name: 'to',
              type: 'relationship',
              relationTo: 'organizers',
              label: { zh: '报送至', en: 'To' },
            },
            {
              name: 'batch',
              type: 'relationship',
              relationTo: 'report-batches',
              label: { zh: '报送批次', en: 'Batch' },
            },
            { name: 'at', type: 'date', label: { zh: '时间', en: 'At' } },
          ],
        },
      ],
    },
    {
      name: 'origin',
      type: 'relationship',
      relationTo: 'entries',
      label: { zh: '来源作品', en: 'Reported from' },
      // The work in the campaign below that was reported into this one (向全总推荐).
      access: { read: staffOnly, update: () => false, create: () => false },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'internalNotes',
      type: 'textarea',
      label: { zh: '内部备注', en: 'Internal notes' },
      access: { read: privateToReach },
    },
  ],
  access: entryRules,
  endpoints: entryVoteEndpoints,
  indexes: [
    // The dashboard's and the progress matrix's counts read this index, not the works themselves.
    { fields: ['campaign', 'submittingUnit', 'subProject', 'status', 'createdAt'] },
    // A campaign's published works, last changed first (the partner list, `sort=-updatedAt`):
    // without it PostgreSQL walks every work by `updatedAt` (bench/explain.ts, national size).
    { fields: ['campaign', 'status', 'updatedAt'] },
  ],
  hooks: {
    afterRead: [blindForJudges],
    beforeChange: [
      setCampaignFromSubProject,
      requireReportingScope({
        unitField: 'submittingUnit',
        label: '报送单位',
        hostDecisions: {
          statuses: entryStatuses
            .map(({ value }) => value)
            .filter((value) => !unitStatuses.includes(value)),
          fields: ['awardTier', 'judges'],
        },
        isTrustedWrite: (req) => Boolean(req.context[recommendationWrite]),
      }),
      requireParticipatingUnit({
        unitField: 'submittingUnit',
        label: '报送单位',
        // A recommendation, and a work reported into the parent campaign, land above the unit's own.
        isTrustedWrite: (req) =>
          Boolean(req.context[recommendationWrite] || req.context[batchWrite]),
      }),
    ],
  },
}
