/**
 * A column's sections (栏目), each with its own rule: what the pull resolves it to is
 * src/columns/pull.ts's.
 */
export const sectionKinds = [
  { value: 'pinned', label: { zh: '置顶', en: 'Pinned' } },
  { value: 'notices', label: { zh: '最新通知', en: 'Latest notices' } },
  { value: 'works', label: { zh: '作品', en: 'Works' } },
  { value: 'craftsmen', label: { zh: '大国工匠', en: 'Craftsmen' } },
  { value: 'picked', label: { zh: '精选列表', en: 'Hand-picked list' } },
]

export type SectionKind = 'pinned' | 'notices' | 'works' | 'craftsmen' | 'picked'

/** Items a section shows when its editor sets no number. */
export const defaultSectionLimit = 10

/** Most items one section may show: a pull stays one bounded request. */
export const maxSectionLimit = 50
