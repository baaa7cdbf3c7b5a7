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
    endTagPattern.lastIndex = index
    const endTag = endTagPattern.exec(html)
    if (endTag) {
      index = endTagPattern.lastIndex
      const name = normaliseName(endTag[1]!)
      const at = open.lastIndexOf(name)
      if (at !== -1) {
        while (open.length > at) {
          out.push(`</${open.pop()}>`)
        }
      }
      continue
    }
    startTagPattern.lastIndex = index
    const startTag = startTagPattern.exec(html)
    if (!startTag) {
      out.push('&lt;')
      index += 1
      continue
    }
    index = startTagPattern.lastIndex
    const name = normaliseName(startTag[1]!)
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
      const href = safeHref(readAttribute(startTag[2] ?? '', 'href'))
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

const endTagPattern = /<\/([a-zA-Z][a-zA-Z0-9]*)[^>]*>/y
const startTagPattern = /<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y

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
