/**
 * The work label (作品标识) in titles. Editors type it in many ways: half-width brackets,
 * another middle dot, stray spaces. All of them are recognised as the label, stripped, and the
 * campaign's canonical form is put back exactly once.
 */

export type LabelForm = {
  /** Where the label stands. */
  position: 'prefix' | 'suffix'
  /** The brackets around it, e.g. `【】`; empty for none. */
  brackets: string
}

/** Middle dots people use for `·` in `中国梦·大国工匠篇`. */
const dots = '·・•‧∙⋅･.．'
/** Bracket pairs that may wrap a label, full- and half-width. */
const bracketPairs = ['【】', '[]', '［］', '〖〗', '〔〕', '「」', '『』', '()', '（）', '<>', '《》', '""', '“”']

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A pattern matching the label in any of its spellings, with optional brackets and separators around it. */
const labelPattern = (label: string): RegExp => {
  const core = [...label.trim()]
    .map((char) => (dots.includes(char) ? `[${escape(dots)}]` : escape(char)))
    .join('\\s*')
  const opens = escape(bracketPairs.map((pair) => [...pair][0]).join(''))
  const closes = escape(bracketPairs.map((pair) => [...pair][1]).join(''))
  return new RegExp(`[${opens}]?\\s*${core}\\s*[${closes}]?[\\s:：\\-—|｜]*`, 'gu')
}

/** The label as the campaign writes it in titles, e.g. `【中国梦·大国工匠篇】`. */
export const renderLabel = (label: string, { brackets }: LabelForm): string => {
  const [open = '', close = ''] = [...brackets]
  return `${open}${label.trim()}${close}`
}

/** True when the title carries the label in any spelling. */
export const hasLabel = (title: string, label: string): boolean => labelPattern(label).test(title)

/** The title with every spelling of the label removed. */
export const stripLabel = (title: string, label: string): string =>
  title.replace(labelPattern(label), ' ').replace(/\s+/g, ' ').trim()

/** The title with the label in its canonical form, once, where the campaign wants it. */
export const applyLabel = (title: string, label: string, form: LabelForm): string => {
  const bare = stripLabel(title, label)
  const rendered = renderLabel(label, form)
  if (!bare) {
    return rendered
  }
  return form.position === 'prefix' ? `${rendered}${bare}` : `${bare}${rendered}`
}
