/**
 * The path under /api/ as Payload will route it, or null for any other path. Decoded, lower-cased
 * and with dot segments resolved, so `/api/USERS/%6Cogin/` or `/api/x/../users/login` cannot pass
 * for another route here while Next and Payload still route it to the login.
 */
export const apiSegments = (path: string): string[] | null => {
  let decoded = path
  try {
    decoded = decodeURIComponent(path)
  } catch {
    // Undecodable: compare it as it is.
  }
  const segments: string[] = []
  for (const segment of decoded.toLowerCase().split('/')) {
    if (segment === '..') {
      segments.pop()
    } else if (segment !== '' && segment !== '.') {
      segments.push(segment)
    }
  }
  return segments[0] === 'api' ? segments.slice(1) : null
}
