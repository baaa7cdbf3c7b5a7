/**
 * An allow-list HTML sanitiser for bodies we push to partner sites, who publish them as they
 * are. Its safety does not depend on parsing HTML the way browsers do: every tag in the output
 * is one it wrote itself, every text run and attribute value is decoded and then escaped again,
 * and the only attribute is an `href` checked to be an absolute http(s) URL after decoding.
 * Anything it does not understand comes out as escaped text or not at all.
 */

const allowedTags = new Set(['p', 'br', 'strong', 'em', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'a'])

// Presentational synonyms editors paste from Word and WeChat.
const renamedTags: Record<string, string> = { b: 'strong', i: 'em' }

// Their content is code or markup in another language, never text to keep.
const droppedWithContent = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'select',
  'svg',
  'math',
  'xmp',
  'head',
])

export const sanitizeHtml = (input: string): string => {
  const html = input.replace(/\0/g, '')
  const out: string[] = []
  const open: string[] = []
  // Every tag ends in `>`: past the last one, a `<` is text without looking further, so a page of
  // `</a` with no `>` is not searched to its end once per `<`.
  const lastGt = html.lastIndexOf('>')
  // Where a start tag cannot begin because a failed one read it as part of an attribute name (see readStartTag).
  const cannotStart = new Set<number>()
  let index = 0
  while (index < html.length) {
    const lt = html.indexOf('<', index)
    if (lt === -1) {
      out.push(escapeText(decodeEntities(html.slice(index))))
      break
    }
    if (lt > index) {
      out.push(escapeText(decodeEntities(html.slice(index, lt))))
    }
    index = lt
    if (html.startsWith('<!--', index)) {
      const end = html.indexOf('-->', index + 4)
      index = end === -1 ? html.length : end + 3
      continue
    }
    if (html.startsWith('<![CDATA[', index)) {
      const end = html.indexOf(']]>', index + 9)
      index = end === -1 ? html.length : end + 3
      continue
    }
    if (html.startsWith('<!', index) || html.startsWith('<?', index)) {
      const end = html.indexOf('>', index)
      index = end === -1 ? html.length : end + 1
      continue
    }
    if (index > lastGt) {
      out.push('&lt;')
      index += 1
      continue
    }
    // An end tag: `</`, a name, anything up to the next `>`.
    if (html.charCodeAt(index + 1) === slash && isAsciiLetter(html.charCodeAt(index + 2))) {
      const nameEnd = asciiAlphanumericEnd(html, index + 3)
      const name = normaliseName(html.slice(index + 2, nameEnd))
      // There is a `>` after `index` (it is not past lastGt), and none in `</name`.
      index = html.indexOf('>', nameEnd) + 1
      const at = open.lastIndexOf(name)
      if (at !== -1) {
        while (open.length > at) {
          out.push(`</${open.pop()}>`)
        }
      }
      continue
    }
    const startTag = cannotStart.has(index) ? null : readStartTag({ html, index, cannotStart })
    if (!startTag) {
      out.push('&lt;')
      index += 1
      continue
    }
    index = startTag.end
    const name = normaliseName(startTag.name)
    if (droppedWithContent.has(name)) {
      const close = new RegExp(`</${name}[\\s/>]`, 'ig')
      close.lastIndex = index
      const found = close.exec(html)
      const end = found ? html.indexOf('>', found.index) : -1
      index = end === -1 ? html.length : end + 1
      continue
    }
    if (!allowedTags.has(name)) {
      continue
    }
    if (name === 'br') {
      out.push('<br>')
      continue
    }
    if (name === 'a') {
      const href = safeHref(readAttribute(startTag.attributes, 'href'))
      // Nested links are invalid HTML that browsers untangle unpredictably; keep only the outer one.
      if (!href || open.includes('a')) {
        continue
      }
      out.push(`<a href="${escapeAttribute(href)}" rel="noopener">`)
      open.push('a')
      continue
    }
    out.push(`<${name}>`)
    open.push(name)
  }
  while (open.length > 0) {
    out.push(`</${open.pop()}>`)
  }
  return out.join('')
}

/** Text as HTML: `&`, `<`, `>` and quotes escaped. */
export const escapeText = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)

/** An absolute http(s) URL in its normalised form, or null: no javascript:, data:, relative or protocol-relative links. */
export const safeHref = (value: string | null | undefined): string | null => {
  if (!value) {
    return null
  }
  let url: URL
  try {
    // The WHATWG parser drops the tabs, newlines and leading controls browsers also ignore (`java\tscript:`).
    url = new URL(value)
  } catch {
    return null
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
}

type StartTag = {
  /** The tag name as written. */
  name: string
  /** The text of its attributes, for readAttribute. */
  attributes: string
  /** Index just after its `>`. */
  end: number
}

/**
 * The start tag at `index` (a `<`), or null. It reads what the pattern
 * `<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>`
 * matched, but by hand, in one pass: as a pattern it was tried again from every `<` inside the
 * attributes of a tag that never closed (attribute names may hold `<`, as in browsers), which is
 * quadratic. A start tag that fails here records in `cannotStart` every `<` it read inside an
 * attribute name: a tag starting there reaches the same state at the end of its name and fails
 * the same way. The `<`s it read inside quoted values stay open; at most three readings (outside,
 * inside `"…"`, inside `'…'`) then ever cover one character, so the whole page is read in linear time.
 */
const readStartTag = ({ html, index, cannotStart }: { html: string; index: number; cannotStart: Set<number> }): StartTag | null => {
  if (!isAsciiLetter(html.charCodeAt(index + 1))) {
    return null
  }
  const nameEnd = asciiAlphanumericEnd(html, index + 2)
  const inNames: number[] = []
  let attributesEnd = nameEnd
  let i = nameEnd
  for (;;) {
    let next = i
    while (isSpace(html.charCodeAt(next))) {
      next++
    }
    if (next === i || !isAttributeNameChar(html.charCodeAt(next))) {
      // No further attribute: the tag ends here with an optional `/` and `>`, or it is not a tag.
      const gt = html.charCodeAt(next) === slash ? next + 1 : next
      if (html.charCodeAt(gt) === greaterThan) {
        return { name: html.slice(index + 1, nameEnd), attributes: html.slice(nameEnd, attributesEnd), end: gt + 1 }
      }
      for (const lt of inNames) {
        cannotStart.add(lt)
      }
      return null
    }
    while (isAttributeNameChar(html.charCodeAt(next))) {
      if (html.charCodeAt(next) === lessThan) {
        inNames.push(next)
      }
      next++
    }
    i = next
    attributesEnd = next
    while (isSpace(html.charCodeAt(next))) {
      next++
    }
    if (html.charCodeAt(next) !== equals) {
      continue
    }
    next++
    while (isSpace(html.charCodeAt(next))) {
      next++
    }
    const quote = html.charCodeAt(next)
    if (quote === doubleQuote || quote === singleQuote) {
      const close = html.indexOf(html[next]!, next + 1)
      // An unclosed value is no value; what follows the name (`=`) then ends nothing.
      next = close === -1 ? i : close + 1
    } else {
      const valueStart = next
      while (isUnquotedValueChar(html.charCodeAt(next))) {
        next++
      }
      // `=` with no value after it: as above.
      next = next === valueStart ? i : next
    }
    i = next
    attributesEnd = next
  }
}

const slash = 0x2f
const lessThan = 0x3c
const equals = 0x3d
const greaterThan = 0x3e
const doubleQuote = 0x22
const singleQuote = 0x27
const backtick = 0x60

const isAsciiLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
const isAsciiAlphanumeric = (code: number) => isAsciiLetter(code) || (code >= 0x30 && code <= 0x39)

/** The index after the run of ASCII letters and digits that starts at `from`. */
const asciiAlphanumericEnd = (text: string, from: number): number => {
  let i = from
  while (isAsciiAlphanumeric(text.charCodeAt(i))) {
    i++
  }
  return i
}

/** `\s` of a regular expression; NaN (past the end) is not. */
const isSpace = (code: number) =>
  code === 0x20 ||
  (code >= 0x09 && code <= 0x0d) ||
  code === 0xa0 ||
  code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 ||
  code === 0x2029 ||
  code === 0x202f ||
  code === 0x205f ||
  code === 0x3000 ||
  code === 0xfeff

/** `[^\s/>"'=]`, past the end excluded. */
const isAttributeNameChar = (code: number) =>
  !Number.isNaN(code) && !isSpace(code) && code !== slash && code !== greaterThan && code !== doubleQuote && code !== singleQuote && code !== equals

/** `[^\s"'=<>\`]`, past the end excluded. */
const isUnquotedValueChar = (code: number) =>
  !Number.isNaN(code) &&
  !isSpace(code) &&
  code !== doubleQuote &&
  code !== singleQuote &&
  code !== equals &&
  code !== lessThan &&
  code !== greaterThan &&
  code !== backtick

const normaliseName = (name: string): string => {
  const lower = name.toLowerCase()
  return renamedTags[lower] ?? lower
}

const readAttribute = (attributes: string, wanted: string): string | null => {
  const pattern = /([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
  for (const match of attributes.matchAll(pattern)) {
    if (match[1]!.toLowerCase() === wanted) {
      return decodeEntities(match[2] ?? match[3] ?? match[4] ?? '')
    }
  }
  return null
}

const escapeAttribute = (value: string): string => escapeText(value)

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  ldquo: '\u201c',
  rdquo: '\u201d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  middot: '\u00b7',
  times: '\u00d7',
  copy: '\u00a9',
  colon: ':',
  tab: '\t',
  newline: '\n',
}

// Numeric references decode with or without the semicolon, as browsers do; unknown names stay literal.
const decodeEntities = (text: string): string =>
  text.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z]{2,8});)(;?)/g, (whole, dec, hex, name, semicolon) => {
    if (name !== undefined) {
      // Own keys only: `&toString;` must not reach Object.prototype.
      return Object.hasOwn(namedEntities, name) ? namedEntities[name] + semicolon : whole
    }
    const code = dec !== undefined ? Number(dec) : parseInt(hex, 16)
    const isValid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    return isValid ? String.fromCodePoint(code) : '\ufffd'
  })
