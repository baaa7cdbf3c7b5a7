import { createHash } from 'node:crypto'
import { Worker } from 'node:worker_threads'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { applyLabel, hasLabel, isLabelInWording, stripLabel } from './label'

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
    expect(
      applyLabel('【中国梦·大国工匠篇】焊花里的青春', label, {
        position: 'suffix',
        brackets: '（）',
      }),
    ).toBe('焊花里的青春（中国梦·大国工匠篇）')
  })

  it.each([
    ['致敬中国梦·大国工匠篇的劳动者', true],
    ['致敬中国梦 · 大国工匠篇的劳动者【中国梦·大国工匠篇】', true],
    ['【中国梦·大国工匠篇】焊花里的青春', false],
    ['焊花里的青春（中国梦·大国工匠篇）', false],
    ['【中国梦·大国工匠篇】【中国梦.大国工匠篇】焊花里的青春', false],
    ['某省总工会网站·中国梦·大国工匠篇', false],
    ['焊花里的青春', false],
  ])('tells a label inside the wording from a tag: %s', (title, isInWording) => {
    expect(isLabelInWording(title, label)).toBe(isInWording)
  })

  it('recognises the label in its variants and strips it', () => {
    expect(hasLabel('[中国梦 · 大国工匠篇]焊花', label)).toBe(true)
    expect(hasLabel('大国工匠的故事', label)).toBe(false)
    expect(stripLabel('[中国梦 · 大国工匠篇]焊花', label)).toBe('焊花')
  })

  it.each([
    ['at the very end', '焊花里的青春 中国梦·大国工匠篇', label, '焊花里的青春'],
    [
      'at the end after a dash, which stays',
      '焊花里的青春——中国梦・大国工匠篇',
      label,
      '焊花里的青春——',
    ],
    ['split by many spaces of several kinds', '中  国 梦 ·   大国工匠\u3000篇 焊花', label, '焊花'],
    [
      'twice, with separators and another dot',
      '[中国梦·大国工匠篇]｜焊花 | 中国梦．大国工匠篇',
      label,
      '焊花 |',
    ],
    ['after a partial match that overlaps it', '工匠工匠工匠篇', '工匠工匠篇', '工匠'],
    ['right after the start of itself', '大国工匠大国工匠篇：焊花', '大国工匠篇', '大国工匠 焊花'],
    ['of one character, in brackets', '【梦】焊花', '梦', '焊花'],
    ['of one character, inside a word', '追梦人', '梦', '追 人'],
    ['of one character, repeated', '梦 梦梦', '梦', ''],
    ['between emoji', '🎉【中国梦·大国工匠篇】🎉焊花', label, '🎉 🎉焊花'],
    ['right after an emoji', '焊花🎉中国梦·大国工匠篇', label, '焊花🎉'],
    ['ending in an emoji', '工匠🎉 焊花', '工匠🎉', '焊花'],
    ['with a space of its own', '中国梦 大国工匠篇 焊花', '中国梦 大国工匠篇', '焊花'],
  ])('finds and strips the label %s', (_case, title, wanted, bare) => {
    expect(hasLabel(title, wanted)).toBe(true)
    expect(stripLabel(title, wanted)).toBe(bare)
  })

  it.each([
    ['when an emoji of the label is cut in two by a space', '工匠\uD83C \uDF89 焊花', '工匠🎉'],
    ['when the title lacks a space the label has', '中国梦大国工匠篇焊花', '中国梦 大国工匠篇'],
    ['when one character of it is missing', '中国梦·大国工篇', label],
    ['when a space stands for its dot', '中国梦 大国工匠篇', label],
  ])('does not find the label %s', (_case, title, wanted) => {
    expect(hasLabel(title, wanted)).toBe(false)
    expect(stripLabel(title, wanted)).toBe(title)
  })

  it('counts as spaces exactly the characters JavaScript calls white space', () => {
    const units = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code))
    // The whole title is the label exactly when what stands between its characters is a space.
    const misread = units.filter(
      (char) => (stripLabel(`中${char}国`, '中国') === '') !== /\s/.test(char),
    )
    expect(misread).toEqual([])
  })

  it.each([
    ['hasLabel', () => hasLabel('焊花  里的青春', '  '), true],
    ['stripLabel', () => stripLabel('焊花  里的青春', '  '), '焊花 里的青春'],
    ['applyLabel', () => applyLabel('焊花  里的青春', ' ', prefix), '焊花 里的青春'],
  ])('%s leaves the title whole for a blank label', (_fn, call, expected) => {
    expect(call()).toBe(expected)
  })

  it('strips exactly what the former pattern stripped, on 20 000 short titles', () => {
    const random = seeded(20_240_512)
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!
    const labels = [
      label,
      '大国工匠',
      '梦',
      'a b',
      '【a】',
      '(a',
      '"a"',
      '工匠🎉',
      '\uDF89a',
      'a\uD83C',
    ]
    const pieces = [
      '中',
      '国',
      '梦',
      '·',
      '.',
      '・',
      '大',
      '工',
      '匠',
      '篇',
      'a',
      'b',
      ' ',
      ' ',
      '\u3000',
      '\t',
      '【',
      '】',
      '[',
      ']',
      '(',
      ')',
      '"',
      '：',
      '-',
      '|',
      '🎉',
      '\uD83C',
      '\uDF89',
    ]
    const cases = Array.from({ length: 20_000 }, () => {
      const wanted = pick(labels)
      const title = Array.from({ length: Math.floor(random() * 12) }, () =>
        random() < 0.2 ? wanted : pick(pieces),
      ).join('')
      return {
        title,
        wanted,
        now: [
          hasLabel(title, wanted),
          stripLabel(title, wanted),
          applyLabel(title, wanted, prefix),
        ],
        before: formerMatcher({ title, label: wanted }),
      }
    })
    const differences = cases.filter(
      ({ now, before }) => JSON.stringify(now) !== JSON.stringify(before),
    )
    expect(differences.slice(0, 5)).toEqual([])
  })
})

/**
 * Hostile titles and pages of 2 MB (the receipt check's fetch cap), in characters, each with long
 * runs of spaces: the former pattern tried every way to split a run between its `\s*`s, from
 * every start, and took hours. Each call runs in a worker thread, because a call that holds the
 * test's own thread keeps vitest's timeout from firing. The timeout is the only bound; no test
 * measures time.
 */
describe('the work label in 2 MB of hostile text', () => {
  const size = 2 * 1024 * 1024
  const run = ' '.repeat(16_384)
  const rendered = '【中国梦·大国工匠篇】'
  /** `unit` and a run of spaces, again and again up to the size. */
  const repeated = (unit: string) =>
    `${unit}${run}`.repeat(Math.ceil(size / (unit.length + run.length)))
  /** What stripping leaves of a title without the label: its words, one space apart. */
  const collapsed = (title: string) => title.trim().split(/\s+/).join(' ')
  const nearMisses = () => repeated('中国梦·大国工匠')
  const wide = ' '.repeat(size / 16)
  const inputs: {
    name: string
    title: () => string
    isFound: boolean
    bare: (title: string) => string
  }[] = [
    {
      name: 'its first character, then spaces',
      title: () => `中${' '.repeat(size)}`,
      isFound: false,
      bare: () => '中',
    },
    {
      name: 'its first character and many spaces, repeated',
      title: () => repeated('中'),
      isFound: false,
      bare: collapsed,
    },
    {
      name: 'itself without its last character, spaced out, repeated',
      title: () => repeated([...'中国梦·大国工匠'].join(run)),
      isFound: false,
      bare: collapsed,
    },
    {
      name: 'brackets and dots between spaces, repeated',
      title: () => repeated(['【', '·', '．', '】'].join(run)),
      isFound: false,
      bare: collapsed,
    },
    {
      name: 'a near miss in brackets, repeated',
      title: () => repeated('【中国梦·大国工匠扁】'),
      isFound: false,
      bare: collapsed,
    },
    {
      name: 'near misses, then itself at the very end',
      title: () => `${nearMisses()}${label}`,
      isFound: true,
      bare: () => collapsed(nearMisses()),
    },
    {
      name: 'a near miss, then itself, their characters 128 K spaces apart',
      title: () => [...'中国梦·大国工匠', ...label].join(wide),
      isFound: true,
      bare: () => '中 国 梦 · 大 国 工 匠',
    },
  ]
  const calls = inputs.flatMap((input) => [
    { fn: 'hasLabel' as const, input, expected: () => String(input.isFound) },
    { fn: 'stripLabel' as const, input, expected: () => input.bare(input.title()) },
    { fn: 'applyLabel' as const, input, expected: () => `${rendered}${input.bare(input.title())}` },
  ])

  let worker: MatcherWorker
  beforeAll(async () => {
    worker = startMatcherWorker()
    // The worker's first call loads the module; not part of any test's time.
    await worker.call({ fn: 'hasLabel', title: label })
  })
  afterEach(async () => {
    // A call that timed out is still running: start over for the next test.
    if (worker.isBusy()) {
      await worker.terminate()
      worker = startMatcherWorker()
    }
  })
  afterAll(async () => {
    await worker.terminate()
  })

  it.each(calls.map((c) => [c.fn, c.input.name, c]))(
    '%s answers on %s',
    async (_fn, _name, { fn, input, expected }) => {
      const result = await worker.call({ fn, title: input.title() })
      expect(digest(result)).toEqual(digest(expected()))
    },
    10_000,
  )
})

type MatcherCall = { fn: 'hasLabel' | 'stripLabel' | 'applyLabel'; title: string }
type MatcherWorker = {
  call: (call: MatcherCall) => Promise<string>
  isBusy: () => boolean
  terminate: () => Promise<number>
}

/** A worker thread that runs one matcher call at a time, loading ./label through tsx. */
const startMatcherWorker = (): MatcherWorker => {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const loaded = import('tsx/esm/api').then(({ tsImport }) => tsImport(workerData.url, workerData.url))
    parentPort.on('message', async ({ fn, title, label, form }) => {
      const module = await loaded
      parentPort.postMessage(String(fn === 'applyLabel' ? module.applyLabel(title, label, form) : module[fn](title, label)))
    })`
  const worker = new Worker(source, {
    eval: true,
    workerData: { url: new URL('./label.ts', import.meta.url).href },
  })
  let pending: { resolve: (result: string) => void; reject: (err: Error) => void } | null = null
  worker.on('message', (result: string) => pending?.resolve(result))
  worker.on('error', (err) => pending?.reject(err))
  return {
    call: ({ fn, title }) =>
      new Promise((resolve, reject) => {
        pending = {
          resolve: (result) => {
            pending = null
            resolve(result)
          },
          reject,
        }
        worker.postMessage({ fn, title, label, form: prefix })
      }),
    isBusy: () => pending !== null,
    terminate: () => worker.terminate(),
  }
}

/** A long string as its length, ends and hash, so a failure prints a readable difference. */
const digest = (text: string) => ({
  length: text.length,
  head: text.slice(0, 24),
  tail: text.slice(-24),
  sha256: createHash('sha256').update(text).digest('hex'),
})

/** A small seeded generator (mulberry32): the same titles on every run. */
const seeded = (seed: number) => {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The matcher this module replaced, the reference for what a match is. Quadratic or worse on
 * long runs of spaces: used here only on titles of a few dozen characters.
 */
const formerMatcher = ({ title, label: wanted }: { title: string; label: string }) => {
  const dots = '·・•‧∙⋅･.．'
  const pairs = [
    '【】',
    '[]',
    '［］',
    '〖〗',
    '〔〕',
    '「」',
    '『』',
    '()',
    '（）',
    '<>',
    '《》',
    '""',
    '“”',
  ]
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const core = [...wanted.trim()]
    .map((char) => (dots.includes(char) ? `[${escape(dots)}]` : escape(char)))
    .join('\\s*')
  const opens = escape(pairs.map((pair) => [...pair][0]).join(''))
  const closes = escape(pairs.map((pair) => [...pair][1]).join(''))
  const pattern = () => new RegExp(`[${opens}]?\\s*${core}\\s*[${closes}]?[\\s:：\\-—|｜]*`, 'gu')
  const stripped = title.replace(pattern(), ' ').replace(/\s+/g, ' ').trim()
  const rendered = `【${wanted.trim()}】`
  return [pattern().test(title), stripped, stripped ? `${rendered}${stripped}` : rendered]
}
