/** What fetch responses and Node's `IncomingMessage.headers` give us; both are accepted. */
export type HeaderSource =
  Headers | Record<string, string | string[] | undefined> | undefined | null

/** A header's value by case-insensitive name; repeated headers are joined as HTTP does, with ", ". */
export const getHeader = (headers: HeaderSource, name: string): string | undefined => {
  if (!headers) {
    return undefined
  }
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined
  }
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(
    headers as Record<string, string | string[] | undefined>,
  )) {
    if (key.toLowerCase() === wanted && value !== undefined) {
      return Array.isArray(value) ? value.join(', ') : value
    }
  }
  return undefined
}
