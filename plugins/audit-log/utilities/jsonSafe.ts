/** Longest text stored in one entry field; details beyond `maxDetailsLength` are cut too. */
export const maxTextLength = 2_000
const maxDetailsLength = 16_000

/** PostgreSQL text and jsonb refuse NUL characters; a hostile value must not break the write. */
const stripNul = (value: string) =>
  value.includes('\u0000') ? value.replaceAll('\u0000', '') : value

/** A string fit for a text column: no NULs, at most `max` characters. */
export const clipText = (value: unknown, max = maxTextLength): null | string => {
  if (value === null || value === undefined) {
    return null
  }
  const text = stripNul(String(value))
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * A copy of `value` that survives JSON (dates as ISO strings, no cycles, no functions, no NULs),
 * replaced by a truncated preview when it is larger than an audit entry should hold.
 */
export const toJsonSafe = (value: unknown): unknown => {
  const seen = new WeakSet<object>()
  let json: string | undefined
  try {
    json = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'string') {
        return stripNul(item)
      }
      if (typeof item === 'bigint') {
        return item.toString()
      }
      if (typeof item === 'function' || typeof item === 'symbol') {
        return undefined
      }
      if (item && typeof item === 'object') {
        if (seen.has(item)) {
          return '[circular]'
        }
        seen.add(item)
      }
      return item
    })
  } catch {
    return { unserializable: true }
  }
  if (json === undefined) {
    return null
  }
  if (json.length > maxDetailsLength) {
    return { truncated: true, preview: json.slice(0, maxDetailsLength) }
  }
  return JSON.parse(json) as unknown
}
