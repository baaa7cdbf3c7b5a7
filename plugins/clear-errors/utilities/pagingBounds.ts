import type { BaseDatabaseAdapter, DatabaseAdapterObj as DatabaseAdapterResult } from 'payload'

import { APIError } from 'payload'

/**
 * The largest page and limit accepted: the offset `(page - 1) * limit` then stays inside
 * PostgreSQL's bigint, so no value of either can turn into a database error.
 */
export const maxPaging = 2_147_483_647

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/**
 * Why a `page` or `limit` cannot be used, or null when it can. Query parameters are judged as
 * sent (`"abc"`, `"-5"`, `"1.5"`), numbers as given to the Local API or GraphQL; undefined means
 * "not given" and is fine.
 */
export const pagingProblem = ({
  name,
  value,
}: {
  name: 'limit' | 'page'
  value: unknown
}): string | null => {
  if (value === undefined) {
    return null
  }
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN
  if (name === 'page') {
    return Number.isInteger(number) && number >= 1 && number <= maxPaging
      ? null
      : `页码应为 1 到 ${maxPaging} 之间的整数，收到“${shown(value)}” / page must be a whole number from 1 to ${maxPaging}, got "${shown(value)}"`
  }
  return Number.isInteger(number) && number >= 0 && number <= maxPaging
    ? null
    : `每页条数应为 0 到 ${maxPaging} 之间的整数（0 表示不分页），收到“${shown(value)}” / limit must be a whole number from 0 to ${maxPaging} (0: all), got "${shown(value)}"`
}

/** The adapter methods that page: a negative offset from any of them is a PostgreSQL error. */
const pagedMethods = [
  'find',
  'findDistinct',
  'findGlobalVersions',
  'findVersions',
  'queryDrafts',
] as const

/**
 * The database adapter, refusing a page below 1 or a negative limit with a 400 before the query.
 * It is the one place every read passes — REST, GraphQL (`Notices(page: -5)`), `/versions`, the
 * Local API and Payload's own collections — so none of them can answer 500 for it.
 */
export const withPagingBounds = (db: DatabaseAdapterResult): DatabaseAdapterResult => ({
  ...db,
  init: (args) => {
    const adapter = db.init(args)
    for (const method of pagedMethods) {
      const original = adapter[method] as (
        this: BaseDatabaseAdapter,
        query: { limit?: number; page?: number },
      ) => Promise<unknown>
      ;(adapter as unknown as Record<string, unknown>)[method] = async function (
        this: BaseDatabaseAdapter,
        query: { limit?: number; page?: number },
      ) {
        const problem =
          pagingProblem({ name: 'page', value: query.page }) ??
          pagingProblem({ name: 'limit', value: query.limit })
        if (problem) {
          throw new APIError(problem, 400)
        }
        return original.call(this, query)
      }
    }
    return adapter
  },
})
