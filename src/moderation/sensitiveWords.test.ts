import { describe, expect, it } from 'vitest'

import { compileWords, normalizeForMatching, searchWindow } from './sensitiveWords'

const words = compileWords([
  { word: '赌博', action: 'block' },
  { word: '代开发票', action: 'hold' },
  { word: '傻瓜', action: 'replace' },
  { word: 'VPN', action: 'hold' },
])

describe('sensitive words as a reader sees them', () => {
  it('blocks a listed word, saying where it was written', () => {
    const text = '网上赌博害人不浅'
    expect(words.screen(text)).toEqual({
      outcome: 'block',
      hits: [{ word: '赌博', action: 'block', written: '赌博', start: 2, end: 4 }],
      text,
    })
  })

  it.each([
    ['traditional characters', '網上賭博', '賭博'],
    ['a space between the characters', '网上赌 博', '赌 博'],
    ['punctuation between them', '网上赌·博', '赌·博'],
    ['a full-width symbol between them', '网上赌＊博', '赌＊博'],
    ['traditional, spaced, with a zero-width joiner', '網上賭\u200d 博', '賭\u200d 博'],
  ])('finds it written with %s', (_how, text, written) => {
    const { outcome, hits } = words.screen(text)
    expect(outcome).toBe('block')
    expect(hits.map((hit) => hit.written)).toEqual([written])
  })

  it('folds full-width letters and case', () => {
    expect(words.screen('翻墙用ｖｐｎ').hits).toMatchObject([{ word: 'VPN', written: 'ｖｐｎ' }])
    expect(words.screen('翻墙用Vpn').outcome).toBe('hold')
  })

  it('masks a replace word exactly as written, one ＊ per character, offsets after an emoji intact', () => {
    expect(words.screen('😀你这个傻 瓜！').text).toBe('😀你这个＊＊＊！')
    expect(words.screen('😀你这个傻瓜').hits).toEqual([
      { word: '傻瓜', action: 'replace', written: '傻瓜', start: 5, end: 7 },
    ])
  })

  it('answers the strongest action of all the hits', () => {
    expect(words.screen('傻瓜才代开发票').outcome).toBe('hold')
    expect(words.screen('傻瓜才代开发票去赌博').outcome).toBe('block')
    expect(words.screen('职工好网民').outcome).toBe('pass')
  })

  it('keeps the strongest action of a word listed twice, and passes anything with an empty list', () => {
    const twice = compileWords([
      { word: '赌博', action: 'replace' },
      { word: '賭博', action: 'block' },
    ])
    expect(twice.size).toBe(1)
    expect(twice.screen('赌博').outcome).toBe('block')
    expect(compileWords([]).screen('赌博')).toEqual({ outcome: 'pass', hits: [], text: '赌博' })
  })

  it('maps every matched character back to where it was written', () => {
    const { folded, origins } = normalizeForMatching('Ａ 賭·b')
    expect(folded).toBe('a赌b')
    expect(origins).toEqual([0, 2, 4, 5])
  })
})

describe('a long text, searched a window at a time', () => {
  it('finds every word wherever it falls, across the windows’ edges too, as one search would', () => {
    const filler = '劳动光荣技能宝贵创造伟大'
    let text = ''
    const expected: { start: number; written: string }[] = []
    // Words near the start, across the first three windows' edges, and far in.
    for (const at of [10, searchWindow - 1, searchWindow * 2 - 2, searchWindow * 3, 50_000]) {
      while (text.length < at) {
        text += filler[text.length % filler.length]
      }
      expected.push({ start: text.length, written: '代开发票' })
      text += '代开发票'
    }
    while (text.length < 200_000) {
      text += filler[text.length % filler.length]
    }
    const { hits, outcome } = words.screen(text)
    expect(outcome).toBe('hold')
    expect(hits.map(({ start, written }) => ({ start, written }))).toEqual(expected)
  })

  it('keeps adjacent and overlapping candidates as a single leftmost-longest search does', () => {
    const overlapping = compileWords([
      { word: '发票', action: 'replace' },
      { word: '代开发票', action: 'hold' },
      { word: '票据', action: 'replace' },
    ])
    const text = `${'工'.repeat(searchWindow - 2)}代开发票据`
    expect(overlapping.screen(text).hits.map((hit) => hit.written)).toEqual(['代开发票'])
  })
})
