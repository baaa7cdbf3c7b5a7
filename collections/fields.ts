import type { DateField } from 'payload'

/** Admin settings for a calendar date (no time of day), shown the way Chinese documents write it. */
export const dateOnly: DateField['admin'] = {
  date: { pickerAppearance: 'dayOnly', displayFormat: 'yyyy年M月d日' },
}
