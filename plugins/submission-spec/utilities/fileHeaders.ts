/**
 * Headers every served file gets: `nosniff`, so a browser never reads a picture that is also
 * HTML (a polyglot) as a page, and `Content-Disposition: attachment` for anything that is not a
 * picture, video or sound (SVG, which can hold scripts, included): a PDF or an unknown file is
 * downloaded, never rendered on our origin.
 */
export const secureFileHeaders = ({ headers }: { headers: Headers }): Headers => {
  headers.set('X-Content-Type-Options', 'nosniff')
  if (!isInlineType(headers.get('Content-Type'))) {
    headers.set('Content-Disposition', 'attachment')
  }
  return headers
}

/** Pictures (but SVG), video and sound may be shown inline. */
export const isInlineType = (contentType: string | null | undefined): boolean => {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()
  return /^(image|video|audio)\/[a-z0-9.+-]+$/.test(type) && type !== 'image/svg+xml'
}
