import { describe, expect, it } from 'vitest'

import { applyLabel, hasLabel, stripLabel } from './label'

const label = '中国梦·大国工匠篇'
const prefix = { position: 'prefix' as const, brackets: '【】' }

describe('the work label in titles', () => {
  it.each([
    ['焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
    ['【中国梦·大国工匠篇】焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
    ['[中国梦·大国工匠篇]焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
    ['[中国梦.大国工匠篇] 焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
    ['［中国梦・大国工匠篇］焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
    ['中国梦·大国工匠篇：焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
    ['焊花里的青春【中国梦·大国工匠篇】', '【中国梦·大国工匠篇】焊花里的青春'],
    ['【中国梦·大国工匠篇】【中国梦·大国工匠篇】焊花里的青春', '【中国梦·大国工匠篇】焊花里的青春'],
  ])('puts it in front of %j exactly once', (title, expected) => {
    expect(applyLabel(title, label, prefix)).toBe(expected)
  })

  it('puts it behind the title when the campaign wants a suffix', () => {
    expect(applyLabel('【中国梦·大国工匠篇】焊花里的青春', label, { position: 'suffix', brackets: '（）' })).toBe('焊花里的青春（中国梦·大国工匠篇）')
  })

  it('recognises the label in its variants and strips it', () => {
    expect(hasLabel('[中国梦 · 大国工匠篇]焊花', label)).toBe(true)
    expect(hasLabel('大国工匠的故事', label)).toBe(false)
    expect(stripLabel('[中国梦 · 大国工匠篇]焊花', label)).toBe('焊花')
  })
})
