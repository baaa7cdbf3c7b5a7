import type { CollectionConfig } from 'payload'

import {
  explainUnitRefusals,
  refuseDeletingUnitInUse,
  requireParentInSubtree,
} from '../../src/access/guards'
import { hiddenUnlessRole, organizerRules } from '../../src/access/rules'
import { groups } from '../groups'
import { keepDescendantPaths } from './hooks/keepDescendantPaths'
import { setPath } from './hooks/setPath'

export const organizerKinds = [
  { value: 'cac', label: { zh: '网信办', en: 'Cyberspace office' } },
  { value: 'federation', label: { zh: '总工会', en: 'Federation of trade unions' } },
  { value: 'industry-union', label: { zh: '产业工会', en: 'Industry union' } },
  { value: 'central-news-site', label: { zh: '中央重点新闻网站', en: 'Central key news site' } },
  { value: 'commercial-site', label: { zh: '商业网站', en: 'Commercial site' } },
  { value: 'union-site', label: { zh: '工会网站', en: 'Union site' } },
  { value: 'publisher', label: { zh: '出版社', en: 'Publisher' } },
  { value: 'enterprise', label: { zh: '企业', en: 'Enterprise' } },
  { value: 'other', label: { zh: '其他', en: 'Other' } },
]

export const organizerLevels = [
  { value: 'national', label: { zh: '全国', en: 'National' } },
  { value: 'provincial', label: { zh: '省级', en: 'Provincial' } },
  { value: 'city', label: { zh: '市级', en: 'City' } },
  { value: 'county', label: { zh: '县级', en: 'County' } },
  { value: 'grassroots', label: { zh: '基层', en: 'Grassroots' } },
]

/**
 * 单位: a body in the reporting hierarchy (county → city → province → national) or a site
 * taking part. `path` (`/1/4/9/`) stores the chain of ancestors so that "everything under
 * this unit" is one indexed string match, kept right when a parent changes.
 */
export const Organizers: CollectionConfig<'organizers'> = {
  slug: 'organizers',
  labels: { singular: { zh: '单位', en: 'Organizer' }, plural: { zh: '单位', en: 'Organizers' } },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'kind', 'level', 'parent', 'region'],
    group: groups.directory,
    hidden: hiddenUnlessRole('admin', 'organizer'),
    description: {
      zh: '主办、承办、参与和报送单位，按上下级组成层级（县 → 市 → 省 → 全国）。',
      en: 'Hosts, participants and reporting units, in a county → city → province → national hierarchy.',
    },
  },
  access: organizerRules,
  fields: [
    { name: 'name', type: 'text', required: true, unique: true, label: { zh: '名称', en: 'Name' } },
    { name: 'shortName', type: 'text', label: { zh: '简称', en: 'Short name' } },
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: organizerKinds,
          label: { zh: '类别', en: 'Kind' },
        },
        {
          name: 'level',
          type: 'select',
          required: true,
          options: organizerLevels,
          label: { zh: '级别', en: 'Level' },
        },
      ],
    },
    {
      name: 'parent',
      type: 'relationship',
      relationTo: 'organizers',
      label: { zh: '上级单位', en: 'Parent organizer' },
      admin: { description: { zh: '报送时的上一级。', en: 'Where this unit reports to.' } },
    },
    { name: 'region', type: 'text', label: { zh: '地区', en: 'Region' } },
    { name: 'website', type: 'text', label: { zh: '网址', en: 'Website' } },
    { name: 'reportingMailbox', type: 'email', label: { zh: '报送邮箱', en: 'Reporting mailbox' } },
    {
      name: 'path',
      type: 'text',
      index: true,
      label: { zh: '层级路径', en: 'Hierarchy path' },
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: { zh: '自动维护', en: 'Maintained automatically' },
      },
    },
  ],
  hooks: {
    beforeOperation: [explainUnitRefusals],
    // Where an organizer may place a unit is settled before its path is computed from the parent.
    beforeChange: [requireParentInSubtree, setPath],
    afterChange: [keepDescendantPaths],
    beforeDelete: [refuseDeletingUnitInUse],
  },
}
