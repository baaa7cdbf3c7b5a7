import { TZDate } from '@date-fns/tz'
import { addDays, format, startOfDay } from 'date-fns'

/**
 * A deadline in a notice is a calendar day (“9月15日前”), in the campaign's time zone: it closes
 * at the end of that day there. The admin's day picker stores the day as an instant (noon UTC,
 * 20:00 in Beijing), and read as an instant it closed four hours early; these read it as the
 * day it names.
 */

/** Where the campaigns this CMS was built for run. */
export const defaultTimeZone = 'Asia/Shanghai'

/** Whether `timeZone` is an IANA zone the runtime knows (e.g. `Asia/Shanghai`). */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

/** The calendar day a stored deadline names in `timeZone`, as `yyyy-MM-dd`. */
export const deadlineDay = (deadline: Date | string, timeZone = defaultTimeZone): string =>
  format(new TZDate(new Date(deadline).getTime(), timeZone), 'yyyy-MM-dd')

/** The instant a deadline closes: the start of the next day in `timeZone`. */
export const closesAt = (deadline: Date | string, timeZone = defaultTimeZone): Date =>
  new Date(addDays(startOfDay(new TZDate(new Date(deadline).getTime(), timeZone)), 1).getTime())

/** Whether the deadline's day is over in `timeZone` at `now`. */
export const isPastDeadline = (
  deadline: Date | string,
  timeZone = defaultTimeZone,
  now: Date = new Date(),
): boolean => now.getTime() >= closesAt(deadline, timeZone).getTime()
