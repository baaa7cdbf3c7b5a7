/** The schemes a link in a text may use; a link without a scheme (`/path`, `#part`) is relative. */
export const allowedLinkSchemes = ['http', 'https', 'mailto', 'tel'] as const

/**
 * Named character references that can hide a scheme: the colon, the characters a browser drops
 * from a URL (tab, newline) or around it (spaces), and `&amp;` for double encoding. Letters have
 * no named references, only numeric ones, which are all decoded.
 */
const namedReferences: Record<string, string> = {
  colon: ':',
  Tab: '\t',
  NewLine: '\n',
  nbsp: '\u00a0',
  amp: '&',
  AMP: '&',
}

/** Numeric references, with or without the `;` and with any leading zeros (browsers accept both), and the names above. */
const references = /&(?:#0*(\d{1,7});?|#[xX]0*([0-9a-fA-F]{1,6});?|([A-Za-z]+);)/g

const decodeReferences = (text: string): string =>
  text.replace(
    references,
    (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) {
        return namedReferences[name] ?? whole
      }
      const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    },
  )

/** Controls, spaces and invisible characters: a browser drops some of them from a scheme, old ones dropped more. */
const invisible =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g

/** The scheme a browser (or a careless HTML renderer) would read from `url`, lower-cased, or null. */
const schemesOf = (url: string): string[] => {
  const readings = new Set<string>([url])
  // Each round undoes one layer of encoding: `&amp;#106;` is `&#106;` is `j`.
  let decoded = url
  for (let round = 0; round < 4; round += 1) {
    const next = decodeReferences(decoded)
    readings.add(next)
    try {
      readings.add(decodeURIComponent(next))
    } catch {
      // Not percent-encoded text: the other readings stand.
    }
    if (next === decoded) {
      break
    }
    decoded = next
  }
  const schemes: string[] = []
  for (const reading of readings) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(reading.replace(invisible, ''))?.[1]
    if (scheme) {
      schemes.push(scheme.toLowerCase())
    }
  }
  return schemes
}

/** How a URL is shown in a message: controls made visible, long ones cut. */
const shown = (url: string) => {
  const visible = JSON.stringify(url).slice(1, -1)
  return visible.length > 80 ? `${visible.slice(0, 80)}…` : visible
}

/**
 * Why a link URL may not be stored, or null when it may: `javascript:`, `data:`, `vbscript:` and
 * every other scheme but http, https, mailto and tel are refused, however they are written —
 * any case, with tabs, newlines, controls or spaces inside, HTML-entity or percent encoded.
 */
export const linkUrlProblem = (url: string): string | null => {
  const refused = schemesOf(url).find(
    (scheme) => !(allowedLinkSchemes as readonly string[]).includes(scheme),
  )
  if (!refused) {
    return null
  }
  return (
    `链接“${shown(url)}”使用了不允许的 ${refused}: 协议，只能链接 http、https、mailto、tel 地址或站内相对地址 / ` +
    `the link "${shown(url)}" uses the ${refused}: scheme; only http, https, mailto and tel links and relative addresses are allowed`
  )
}
