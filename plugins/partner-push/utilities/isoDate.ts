/** `2026-11-20`, or `2026-11-20T08:00`, `…T08:00:00`, `…T08:00:00.123` with `Z` or an offset (`+08:00`, `+0800`). */
const isoDateOrDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2})))?$/i

/**
 * The instant an ISO 8601 date (midnight UTC) or date-time with an offset names, or null for
 * anything else. `Date.parse` takes `1`, `2026`, `Tue, 1 Dec 2026` or a time without an offset
 * (the server's local time, a different instant on every server) and rolls `2026-02-30` over
 * to March; this refuses them all.
 */
export const parseIsoDateOrDateTime = (value: string): Date | null => {
  const match = isoDateOrDateTime.exec(value.trim())
  if (!match) {
    return null
  }
  const [
    ,
    year,
    month,
    day,
    hour = '0',
    minute = '0',
    second = '0',
    ,
    offsetHours = '0',
    offsetMinutes = '0',
  ] = match.map((part) => part ?? undefined)
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  const isRealDay =
    calendar.getUTCFullYear() === Number(year) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day)
  const isRealTime =
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59
  if (!isRealDay || !isRealTime) {
    return null
  }
  const date = new Date(value.trim())
  return Number.isNaN(date.getTime()) ? null : date
}
