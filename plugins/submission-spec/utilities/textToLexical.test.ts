import { describe, expect, it } from 'vitest'

import { textToLexical } from './textToLexical'

/** The text of each block of the document, with its tag. */
const blocks = (text: string) =>
  (
    textToLexical(text).root.children as unknown as {
      type: string
      tag?: string
      children: { text: string }[]
    }[]
  ).map((block) => ({
    tag: block.tag ?? block.type,
    text: block.children[0]!.text,
  }))

describe('textToLexical', () => {
  it('makes a paragraph of each block between blank lines and joins its lines', () => {
    expect(blocks('一、活动主题\n\n网聚职工 \n 正能量。\n \n（一）参与方式')).toEqual([
      { tag: 'h2', text: '一、活动主题' },
      { tag: 'paragraph', text: '网聚职工正能量。' },
      { tag: 'h3', text: '（一）参与方式' },
    ])
  })

  it('keeps the spaces inside a line', () => {
    expect(blocks('大国 工匠\u3000篇\n焊花')).toEqual([
      { tag: 'paragraph', text: '大国 工匠\u3000篇焊花' },
    ])
  })

  // A recommendation's story comes from the public. The former line joining was tried from every
  // space of a run without a break: minutes for this. The timeout is the bound; no test measures time.
  it('reads a story of 256 K spaces in one line', () => {
    const spaces = ' '.repeat(256 * 1024)
    expect(blocks(`甲${spaces}乙\n丙`)[0]!.text === `甲${spaces}乙丙`).toBe(true)
  }, 10_000)
})
