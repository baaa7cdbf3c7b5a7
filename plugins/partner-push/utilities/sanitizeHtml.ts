/**
 * What the HTML we send partners is built with. It is never the author's markup: a work's text
 * is a textarea's plain text, escaped whole and wrapped in the `<p>` and `<br>` we write
 * (`bodyHtmlFromText`), and links are URLs we checked. So there is no HTML to sanitise; if one
 * day authors' HTML is to be sent, run it through the `sanitize-html` package, not a parser here.
 */

/** Text as HTML: `&`, `<`, `>` and quotes escaped. */
export const escapeText = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  )

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
