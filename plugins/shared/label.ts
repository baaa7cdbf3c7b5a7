/**
 * The work label (作品标识) in titles. Editors type it in many ways: half-width brackets,
 * another middle dot, stray spaces. All of them are recognised as the label, stripped, and the
 * campaign's canonical form is put back exactly once.
 *
 * The matcher reads untrusted text (receipt pages up to 2 MB, titles from partners and the
 * public), so it is one linear pass and never a regular expression: the pattern it replaces,
 * `[open]?\s*中\s*国\s*…\s*[close]?[\s:：-—|｜]*`, made V8 backtrack quadratically and a 120 KB page
 * held the server for 56 s. It finds exactly what that pattern found: the label's characters in
 * order with only spaces between them (any middle dot for a dot), then an open bracket and spaces
 * before it, and spaces, a close bracket and separators after it, the leftmost match first.
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
const bracketPairs = [
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
/** What may follow a label (after its close bracket) to set it off from the title, besides spaces. */
const separators = ':：-—|｜'
/** What `\s` and `String.prototype.trim` call white space: the same set in every JavaScript engine. */
const spaces =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'

const isSpaceBit = 1
const isDotBit = 2
const isOpenBit = 4
const isCloseBit = 8
const isSeparatorBit = 16
/** Every character the matcher treats specially is one UTF-16 unit, so one table lookup classifies it. */
const classes = new Uint8Array(0x10000)
const mark = (chars: string, bit: number) => {
  for (const char of chars) {
    classes[char.charCodeAt(0)]! |= bit
  }
}
mark(spaces, isSpaceBit)
mark(dots, isDotBit)
mark(bracketPairs.map((pair) => pair[0]).join(''), isOpenBit)
mark(bracketPairs.map((pair) => pair[1]).join(''), isCloseBit)
mark(separators, isSeparatorBit)
/** The one dot every dot is compared as. */
const dot = '·'.charCodeAt(0)

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff

/**
 * A label prepared for matching. The text is compared with its spaces dropped and every dot read
 * as `·`, so the label is kept the same way, with what lay between its characters recorded apart.
 */
type Matcher = {
  /** The label's UTF-16 units without its spaces, every dot as `·`. */
  units: Uint16Array
  /** Knuth–Morris–Pratt failure table of `units`: the scan never steps back in the text. */
  fail: Int32Array
  /**
   * What the text must hold between unit `j - 1` and unit `j`, for the `j`s that need more than
   * "any spaces, or none": `''` for the two halves of one character (nothing may come between),
   * otherwise the spaces the label itself has there, which the text must contain in that order.
   */
  gaps: { index: number; spaces: string }[]
  /** The label starts with a lone low surrogate, which never matches the second half of a character of the text. */
  hasLoneLowFirst: boolean
  /** The label ends with a lone high surrogate, which never matches the first half of a character of the text. */
  hasLoneHighLast: boolean
  /** Whether an occurrence needs `isPlaced`: false for the usual label, whose characters need no more than order. */
  needsPlacing: boolean
  /**
   * The text indexes of the last characters read, reused by every search with this matcher; its
   * size is a power of two at least the label's, so an index wraps with `mask`, not a division.
   */
  ring: Int32Array
  mask: number
}

/** A stretch of the text: an occurrence of the label's characters, or a whole match. */
type Span = {
  /** Index of its first character. */
  start: number
  /** Index just after its last character. */
  end: number
}

/** The label as the campaign writes it in titles, e.g. `【中国梦·大国工匠篇】`. */
export const renderLabel = (label: string, { brackets }: LabelForm): string => {
  const [open = '', close = ''] = [...brackets]
  return `${open}${label.trim()}${close}`
}

/**
 * True when the title carries the label in any spelling. A blank label is in every title, as the
 * empty string is in every string (and as the old pattern found it), so no report flags a title for it.
 */
export const hasLabel = (title: string, label: string): boolean => {
  const matcher = prepare(label)
  return matcher === null || findOccurrence({ text: title, from: 0, matcher }) !== null
}

/**
 * The title with every spelling of the label removed, its spaces collapsed and trimmed. A blank
 * label removes nothing (the old pattern put a space between every two characters).
 */
export const stripLabel = (title: string, label: string): string => {
  const matcher = prepare(label)
  const kept: string[] = []
  let from = 0
  while (matcher) {
    const match = findMatch({ text: title, from, matcher })
    if (!match) {
      break
    }
    kept.push(title.slice(from, match.start))
    from = match.end
  }
  kept.push(title.slice(from))
  return collapseSpaces(kept.join(' '))
}

/**
 * True when an occurrence of the label stands inside the title's wording, with words before and
 * after it (致敬中国梦·大国工匠篇的劳动者): part of what the title says, not a tag to move. Other
 * occurrences of the label around it are not words.
 */
export const isLabelInWording = (title: string, label: string): boolean => {
  const matcher = prepare(label)
  const spans: Span[] = []
  for (let from = 0; matcher;) {
    const match = findMatch({ text: title, from, matcher })
    if (!match) {
      break
    }
    spans.push(match)
    from = match.end
  }
  // Whether the text between the occurrences holds words: gap i lies before spans[i], the last
  // gap after them all.
  const gaps = [
    ...spans.map((span, i) => [spans[i - 1]?.end ?? 0, span.start]),
    [spans.at(-1)?.end ?? 0, title.length],
  ]
  const hasWords = gaps.map(([start, end]) => title.slice(start, end).trim() !== '')
  // Words somewhere after gap i, for each i, read once from the end.
  const wordsAfter: boolean[] = []
  for (let i = hasWords.length - 1, seen = false; i >= 0; i--) {
    wordsAfter[i] = seen
    seen ||= hasWords[i]!
  }
  let wordsBefore = false
  return spans.some((_, i) => {
    wordsBefore ||= hasWords[i]!
    return wordsBefore && wordsAfter[i]!
  })
}

/** The title with the label in its canonical form, once, where the campaign wants it. A blank label adds nothing. */
export const applyLabel = (title: string, label: string, form: LabelForm): string => {
  const bare = stripLabel(title, label)
  if (!label.trim()) {
    return bare
  }
  const rendered = renderLabel(label, form)
  if (!bare) {
    return rendered
  }
  return form.position === 'prefix' ? `${rendered}${bare}` : `${bare}${rendered}`
}

/** The label prepared for matching; null for a blank label. */
const prepare = (label: string): Matcher | null => {
  const units: number[] = []
  const gaps: Matcher['gaps'] = []
  let pendingSpaces = ''
  for (const char of label.trim()) {
    const code = char.charCodeAt(0)
    if (char.length === 1 && classes[code]! & isSpaceBit) {
      pendingSpaces += char
      continue
    }
    if (pendingSpaces) {
      gaps.push({ index: units.length, spaces: pendingSpaces })
      pendingSpaces = ''
    }
    if (char.length === 2) {
      units.push(code)
      gaps.push({ index: units.length, spaces: '' })
      units.push(char.charCodeAt(1))
    } else {
      units.push(classes[code]! & isDotBit ? dot : code)
    }
  }
  if (!units.length) {
    return null
  }
  const fail = new Int32Array(units.length)
  for (let i = 1, k = 0; i < units.length; i++) {
    while (k > 0 && units[i] !== units[k]) {
      k = fail[k - 1]!
    }
    if (units[i] === units[k]) {
      k++
    }
    fail[i] = k
  }
  // A pair starts high and ends low, so a low unit first or a high unit last is a lone half.
  const hasLoneLowFirst = isLowSurrogate(units[0]!)
  const hasLoneHighLast = isHighSurrogate(units.at(-1)!)
  const mask = 2 ** Math.ceil(Math.log2(units.length)) - 1
  return {
    units: Uint16Array.from(units),
    fail,
    gaps,
    hasLoneLowFirst,
    hasLoneHighLast,
    needsPlacing: gaps.length > 0 || hasLoneLowFirst || hasLoneHighLast,
    ring: new Int32Array(mask + 1),
    mask,
  }
}

/**
 * The leftmost match at or after `from`, as the old pattern chose it: an open bracket and spaces
 * before the label's characters, spaces, a close bracket and separators after them.
 */
const findMatch = ({
  text,
  from,
  matcher,
}: {
  text: string
  from: number
  matcher: Matcher
}): Span | null => {
  const found = findOccurrence({ text, from, matcher })
  if (!found) {
    return null
  }
  let { end } = found
  // Spaces before the label belong to the match, and an open bracket before those spaces.
  let start = found.start
  while (start > from && classes[text.charCodeAt(start - 1)]! & isSpaceBit) {
    start--
  }
  if (start > from && classes[text.charCodeAt(start - 1)]! & isOpenBit) {
    start--
  } else if (start === found.start && classes[text.charCodeAt(start)]! & isOpenBit) {
    // A label that begins with a bracket character: read as the optional open bracket, that
    // character may introduce a second occurrence right after it, which the old pattern preferred.
    const next = occurrenceAt({ text, at: skipSpaces(text, start + 1), matcher })
    if (next) {
      end = next.end
    }
  }
  end = skipSpaces(text, end)
  if (end < text.length && classes[text.charCodeAt(end)]! & isCloseBit) {
    end++
  }
  while (end < text.length && classes[text.charCodeAt(end)]! & (isSpaceBit | isSeparatorBit)) {
    end++
  }
  return { start, end }
}

/**
 * The leftmost occurrence of the label's characters that starts at or after `from`. One pass of
 * Knuth–Morris–Pratt over the text with spaces skipped and dots folded; the indexes of the last
 * characters read are kept in a ring, so an occurrence is placed in the text without stepping back.
 */
const findOccurrence = ({
  text,
  from,
  matcher,
}: {
  text: string
  from: number
  matcher: Matcher
}): Span | null => {
  const { units, fail, ring, mask } = matcher
  const length = units.length
  let read = 0
  let matched = 0
  for (let i = from; i < text.length; i++) {
    let unit = text.charCodeAt(i)
    const kind = classes[unit]!
    if (kind & isSpaceBit) {
      continue
    }
    if (kind & isDotBit) {
      unit = dot
    }
    ring[read & mask] = i
    read++
    while (matched > 0 && units[matched] !== unit) {
      matched = fail[matched - 1]!
    }
    if (units[matched] === unit) {
      matched++
    }
    if (matched === length) {
      const base = read - length
      if (!matcher.needsPlacing || isPlaced({ text, matcher, base })) {
        return { start: ring[base & mask]!, end: i + 1 }
      }
      matched = fail[length - 1]!
    }
  }
  return null
}

/** The occurrence of the label's characters that starts exactly at `at`, if there is one. */
const occurrenceAt = ({
  text,
  at,
  matcher,
}: {
  text: string
  at: number
  matcher: Matcher
}): Span | null => {
  const { units, ring } = matcher
  let i = at
  for (let j = 0; j < units.length; j++) {
    i = j === 0 ? i : skipSpaces(text, i)
    if (i >= text.length) {
      return null
    }
    const unit = text.charCodeAt(i)
    if ((classes[unit]! & isDotBit ? dot : unit) !== units[j]) {
      return null
    }
    ring[j] = i
    i++
  }
  return !matcher.needsPlacing || isPlaced({ text, matcher, base: 0 })
    ? { start: at, end: i }
    : null
}

/**
 * Whether characters found in order (unit `j` at the text index in `ring[(base + j) & mask]`,
 * only spaces between them) are the label: the halves of one character side by side, the label's
 * own spaces present, and neither end cutting a character of the text in two.
 */
const isPlaced = ({
  text,
  matcher,
  base,
}: {
  text: string
  matcher: Matcher
  base: number
}): boolean => {
  const at = (j: number) => matcher.ring[(base + j) & matcher.mask]!
  for (const gap of matcher.gaps) {
    const after = at(gap.index - 1) + 1
    const before = at(gap.index)
    if (
      gap.spaces === ''
        ? before !== after
        : !containsInOrder({ text, from: after, to: before, wanted: gap.spaces })
    ) {
      return false
    }
  }
  const start = at(0)
  const last = at(matcher.units.length - 1)
  if (matcher.hasLoneLowFirst && start > 0 && isHighSurrogate(text.charCodeAt(start - 1))) {
    return false
  }
  return !(matcher.hasLoneHighLast && isLowSurrogate(text.charCodeAt(last + 1)))
}

/** Whether `text[from, to)` holds the characters of `wanted` in that order, others between them. */
const containsInOrder = ({
  text,
  from,
  to,
  wanted,
}: {
  text: string
  from: number
  to: number
  wanted: string
}): boolean => {
  let w = 0
  for (let i = from; i < to && w < wanted.length; i++) {
    if (text.charCodeAt(i) === wanted.charCodeAt(w)) {
      w++
    }
  }
  return w === wanted.length
}

/**
 * Every run of spaces as one space, none at either end: what `.replace(/\s+/g, ' ').trim()` gives,
 * in one pass that copies only around the runs that change, because V8's replace pays for every
 * match and a page of one-character words has a million of them.
 */
const collapseSpaces = (text: string): string => {
  const pieces: string[] = []
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    if (!(classes[text.charCodeAt(i)]! & isSpaceBit)) {
      continue
    }
    const run = i
    i = skipSpaces(text, i)
    const isAtEdge = run === 0 || i === text.length
    if (!isAtEdge && i - run === 1 && text.charCodeAt(run) === 0x20) {
      continue
    }
    pieces.push(text.slice(copied, run))
    if (!isAtEdge) {
      pieces.push(' ')
    }
    copied = i
  }
  pieces.push(text.slice(copied))
  return pieces.join('')
}

const skipSpaces = (text: string, from: number): number => {
  let i = from
  while (i < text.length && classes[text.charCodeAt(i)]! & isSpaceBit) {
    i++
  }
  return i
}
