/** Admin navigation groups, in the order editors meet them. */
export const groups = {
  campaigns: { zh: '活动', en: 'Campaigns' },
  content: { zh: '内容', en: 'Content' },
  partners: { zh: '参与网站', en: 'Partners' },
  directory: { zh: '单位与联系人', en: 'Units & contacts' },
  system: { zh: '系统', en: 'System' },
}
