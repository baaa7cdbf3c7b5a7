import type { CollectionConfig } from 'payload'

import { requireHostedCampaign } from '../src/access/guards'
import { hiddenUnlessRole, sensitiveWordRules } from '../src/access/rules'
import { sensitiveWordEndpoints } from '../src/moderation/wordEndpoints'
import { forgetWordLists, keepBaseListToOffice, keyWordInList } from '../src/moderation/wordLists'
import { groups } from './groups'

export const wordActions = [
  { value: 'block', label: { zh: '屏蔽（拒收）', en: 'Block (refuse)' } },
  { value: 'hold', label: { zh: '待审（先审后发）', en: 'Hold for review' } },
  { value: 'replace', label: { zh: '替换为＊', en: 'Replace with ＊' } },
]

/**
 * 敏感词: a word of the national base list (no campaign) or of one campaign's list, with what it
 * does to a comment or contribution that contains it. A campaign's window screens against both.
 * A word is listed once per list, as a reader sees it (“賭博” and “赌 博” are one word).
 */
export const SensitiveWords: CollectionConfig<'sensitive-words'> = {
  slug: 'sensitive-words',
  labels: {
    singular: { zh: '敏感词', en: 'Sensitive word' },
    plural: { zh: '敏感词库', en: 'Sensitive words' },
  },
  admin: {
    useAsTitle: 'word',
    defaultColumns: ['word', 'action', 'campaign', 'updatedAt'],
    group: groups.campaigns,
    hidden: hiddenUnlessRole('admin', 'organizer', 'unit-editor'),
    // 检测文字 and 批量导入 above the list.
    components: { beforeListTable: ['/admin/WordListTools#WordListTools'] },
    description: {
      zh: '不选主题活动即为全国基础词库；批量导入：POST /api/sensitive-words/import（CSV 或 XLSX：词语, 处理方式）。',
      en: 'No campaign: the national base list. Bulk import: POST /api/sensitive-words/import (CSV or XLSX: word, action).',
    },
  },
  access: sensitiveWordRules,
  endpoints: sensitiveWordEndpoints,
  hooks: {
    beforeChange: [keepBaseListToOffice, requireHostedCampaign(), keyWordInList],
    afterChange: [forgetWordLists],
    afterDelete: [forgetWordLists],
  },
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'word',
          type: 'text',
          required: true,
          maxLength: 50,
          label: { zh: '词语', en: 'Word' },
        },
        {
          name: 'action',
          type: 'select',
          required: true,
          defaultValue: 'hold',
          options: wordActions,
          label: { zh: '处理方式', en: 'Action' },
        },
        {
          name: 'campaign',
          type: 'relationship',
          relationTo: 'campaigns',
          index: true,
          label: { zh: '主题活动（空为全国基础词库）', en: 'Campaign (none: national base list)' },
        },
      ],
    },
    { name: 'note', type: 'text', label: { zh: '备注', en: 'Note' } },
    // The list and the word as matched, set on every save: one row per word a reader would see.
    { name: 'listKey', type: 'text', unique: true, admin: { hidden: true } },
  ],
}
