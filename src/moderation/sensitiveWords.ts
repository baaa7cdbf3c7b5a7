import AhoCorasick from 'modern-ahocorasick'
import * as OpenCC from 'opencc-js/t2cn'

/**
 * 敏感词 (sensitive words): what an interaction window's comments and contributions are screened
 * against before a moderator sees them. A word carries its action: `block` refuses the text,
 * `hold` keeps it for review (先审后发 whatever the column's mode), `replace` masks the word with
 * ＊. Matching is Aho–Corasick (`modern-ahocorasick`) over the text as a reader sees it, not as it
 * was typed: full-width letters and digits are folded to half-width (NFKC), letters to lower case,
 * traditional characters to simplified (OpenCC), and spaces, punctuation and symbols put between
 * the characters of a word (“赌 博”, “赌·博”, “賭＊博”) are skipped. Hits are mapped back to the
 * text as it was typed, so a replacement masks exactly what was written.
 */

export type WordAction = 'block' | 'hold' | 'replace'

export type SensitiveWord = { word: string; action: WordAction }

export type WordHit = {
  /** The word of the list that matched. */
  word: string
  action: WordAction
  /** What was written, e.g. “賭 博”. */
  written: string
  /** UTF-16 offsets into the text as written; end is exclusive. */
  start: number
  end: number
}

export type Screening = {
  /** The strongest action hit: `block`, then `hold`, then `replace`; `pass` when none. */
  outcome: 'block' | 'hold' | 'replace' | 'pass'
  hits: WordHit[]
  /** The text with every `replace` word masked, one ＊ per character written. */
  text: string
}

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })

/** Characters a writer slips between a word's characters to get past a filter. */
const isFiller = (char: string) => /^[\p{Z}\p{P}\p{S}\p{Cc}\p{Cf}]$/u.test(char)

/**
 * The text as matched, and for each of its characters the offset of the character it came from
 * in the text as written. Converted one character at a time: traditional to simplified is
 * (nearly always) one to one, and a match must map back to exact offsets.
 */
export const normalizeForMatching = (text: string): { folded: string; origins: number[] } => {
  let folded = ''
  const origins: number[] = []
  let offset = 0
  for (const char of text) {
    const start = offset
    offset += char.length
    if (isFiller(char)) {
      continue
    }
    for (const part of toSimplified(char.normalize('NFKC').toLowerCase())) {
      if (isFiller(part)) {
        continue
      }
      folded += part
      for (let i = 0; i < part.length; i++) {
        origins.push(start)
      }
    }
  }
  origins.push(offset)
  return { folded, origins }
}

/**
 * How much of the folded text one search takes. The matcher walks the text by grapheme
 * (Intl.Segmenter), which on Node 20 slows with the square of the text's length past a few tens of
 * thousands of characters (20 000 take 50 ms, 160 000 take 35 s): searched a window at a time, a
 * long text costs time in proportion to its length.
 */
export const searchWindow = 8_192

type Found = { start: number; end: number; data?: SensitiveWord }

/**
 * Leftmost-longest matches over the whole text, a window at a time: each window reaches past its
 * end by the longest word, so a word across the boundary is found whole; a match belongs to the
 * window it starts in, and one overlapping the match before it is dropped, as a single search would.
 */
const searchInWindows = (
  matcher: AhoCorasick<SensitiveWord>,
  folded: string,
  longest: number,
): Found[] => {
  const found: Found[] = []
  let lastEnd = 0
  for (let from = 0; from < folded.length; from += searchWindow) {
    let to = Math.min(folded.length, from + searchWindow + Math.max(0, longest - 1))
    // Never split a surrogate pair at either edge.
    if (/[\uDC00-\uDFFF]/.test(folded[to] ?? '')) {
      to += 1
    }
    const start = /[\uDC00-\uDFFF]/.test(folded[from] ?? '') ? from + 1 : from
    for (const match of matcher.search(folded.slice(start, to), { strategy: 'leftmost-longest' })) {
      const at = start + match.start
      if (at >= from + searchWindow || at < lastEnd) {
        continue
      }
      found.push({ start: at, end: start + match.end, data: match.data })
      lastEnd = start + match.end
    }
  }
  return found
}

const strength: Record<Screening['outcome'], number> = { pass: 0, replace: 1, hold: 2, block: 3 }

/**
 * A word list compiled once, to screen any number of texts. Words are normalised as texts are;
 * a word listed twice keeps its strongest action.
 */
export const compileWords = (words: SensitiveWord[]) => {
  const byFolded = new Map<string, SensitiveWord>()
  for (const each of words) {
    const folded = normalizeForMatching(each.word.trim()).folded
    const known = byFolded.get(folded)
    if (folded && (!known || strength[each.action] > strength[known.action])) {
      byFolded.set(folded, each)
    }
  }
  const longest = Math.max(0, ...[...byFolded.keys()].map((pattern) => pattern.length))
  const matcher =
    byFolded.size > 0
      ? new AhoCorasick([...byFolded].map(([pattern, data]) => ({ pattern, data })))
      : null

  /** Every hit in the text (the longest at each place, never overlapping), and the outcome. */
  const screen = (text: string): Screening => {
    if (!matcher || !text) {
      return { outcome: 'pass', hits: [], text }
    }
    const { folded, origins } = normalizeForMatching(text)
    const hits: WordHit[] = searchInWindows(matcher, folded, longest).map((match) => {
      const start = origins[match.start]!
      // The end of the last character matched, as written.
      const lastStart = origins[match.end - 1]!
      const end = lastStart + String.fromCodePoint(text.codePointAt(lastStart)!).length
      return {
        word: match.data!.word,
        action: match.data!.action,
        written: text.slice(start, end),
        start,
        end,
      }
    })
    let masked = text
    for (const hit of [...hits].reverse()) {
      if (hit.action === 'replace') {
        masked = `${masked.slice(0, hit.start)}${'＊'.repeat([...hit.written].length)}${masked.slice(hit.end)}`
      }
    }
    const outcome = hits.reduce<Screening['outcome']>(
      (strongest, hit) => (strength[hit.action] > strength[strongest] ? hit.action : strongest),
      'pass',
    )
    return { outcome, hits, text: masked }
  }
  return { screen, size: byFolded.size }
}
