import type { CollectionConfig } from 'payload'

import { hiddenUnlessRole, scoreSheetRules } from '../src/access/rules'
import { scoreSheetEndpoints } from '../src/judging/endpoints'
import { scoreSheetHooks } from '../src/judging/sheets'
import { groups } from './groups'

export const sheetStatuses = [
  { value: 'assigned', label: { zh: '待评', en: 'To score' } },
  { value: 'submitted', label: { zh: '已提交', en: 'Submitted' } },
  { value: 'conflict', label: { zh: '回避', en: 'Conflict of interest' } },
]

/**
 * 评分表: one judge's scores for one work in one round, one score per criterion of the round's
 * rubric. Written by the assignment, filled in by its judge while the round is open, locked once
 * submitted; the organizer may reopen it with a reason (`POST /api/score-sheets/:id/reopen`),
 * which the audit log keeps. A judge who finds a conflict of interest declares it instead.
 */
export const ScoreSheets: CollectionConfig<'score-sheets'> = {
  slug: 'score-sheets',
  labels: {
    singular: { zh: '评分表', en: 'Score sheet' },
    plural: { zh: '评分表', en: 'Score sheets' },
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'judge', 'status', 'total', 'submittedAt'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'judge'),
  },
  access: scoreSheetRules,
  hooks: scoreSheetHooks,
  endpoints: scoreSheetEndpoints,
  // One sheet per judge, work and round: assigning twice never doubles a judge's say.
  indexes: [{ fields: ['round', 'entry', 'judge'], unique: true }],
  fields: [
    { name: 'title', type: 'text', label: { zh: '名称', en: 'Title' }, admin: { hidden: true } },
    {
      type: 'row',
      fields: [
        {
          name: 'round',
          type: 'relationship',
          relationTo: 'judging-rounds',
          required: true,
          index: true,
          label: { zh: '评审轮次', en: 'Round' },
          admin: { readOnly: true },
        },
        {
          name: 'entry',
          type: 'relationship',
          relationTo: 'entries',
          required: true,
          index: true,
          label: { zh: '作品', en: 'Entry' },
          admin: { readOnly: true },
        },
        {
          name: 'judge',
          type: 'relationship',
          relationTo: 'users',
          required: true,
          index: true,
          label: { zh: '评委', en: 'Judge' },
          admin: { readOnly: true },
        },
      ],
    },
    {
      name: 'campaign',
      type: 'relationship',
      relationTo: 'campaigns',
      label: { zh: '主题活动', en: 'Campaign' },
      // The round's, for access: the campaign's hosts manage its sheets.
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'assigned',
      options: sheetStatuses,
      label: { zh: '状态', en: 'Status' },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'scores',
      type: 'array',
      label: { zh: '评分', en: 'Scores' },
      labels: { singular: { zh: '评分项', en: 'Score' }, plural: { zh: '评分', en: 'Scores' } },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'criterion',
              type: 'text',
              required: true,
              label: { zh: '评分项', en: 'Criterion' },
            },
            {
              name: 'score',
              type: 'number',
              required: true,
              min: 0,
              label: { zh: '得分', en: 'Score' },
            },
          ],
        },
      ],
    },
    {
      name: 'total',
      type: 'number',
      label: { zh: '加权总分', en: 'Weighted total' },
      // Σ weight × score ÷ Σ weight × maximum, as a score out of 100: rubrics compare.
      admin: { readOnly: true, position: 'sidebar' },
    },
    { name: 'comment', type: 'textarea', label: { zh: '评语', en: 'Comment' } },
    {
      name: 'conflictReason',
      type: 'text',
      label: { zh: '回避原因', en: 'Conflict of interest' },
      admin: { readOnly: true },
    },
    {
      name: 'submittedAt',
      type: 'date',
      label: { zh: '提交时间', en: 'Submitted at' },
      admin: { readOnly: true, position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'reopenings',
      type: 'array',
      label: { zh: '退回记录', en: 'Reopened' },
      labels: {
        singular: { zh: '退回', en: 'Reopening' },
        plural: { zh: '退回记录', en: 'Reopened' },
      },
      admin: { readOnly: true },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'at', type: 'date', label: { zh: '时间', en: 'At' } },
            {
              name: 'by',
              type: 'relationship',
              relationTo: 'users',
              label: { zh: '退回人', en: 'By' },
            },
            { name: 'reason', type: 'text', label: { zh: '原因', en: 'Reason' } },
          ],
        },
      ],
    },
  ],
}
