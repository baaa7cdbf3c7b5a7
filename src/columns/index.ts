import type { Config, Plugin } from 'payload'

import { columnEndpoints } from './endpoints'
import { columnQueries } from './graphql'
import { invalidateOnChange, invalidateOnDelete, pullTouches } from './hooks'

export { invalidateColumnPull } from './pullCache'

/**
 * Columns pulled by sites (docs/columns.md): the pull and feed endpoints on `columns`, the
 * `ColumnPull` GraphQL query, and the hooks that make a cached pull stale when anything it shows
 * changes. After the plugins that add collections it watches (renditions).
 */
export const columnPulls =
  (): Plugin =>
  (config: Config): Config => {
    const queries = config.graphQL?.queries
    return {
      ...config,
      collections: (config.collections ?? []).map((collection) => {
        const touches = pullTouches[collection.slug]
        if (!touches) {
          return collection
        }
        return {
          ...collection,
          endpoints: [
            ...(collection.endpoints || []),
            ...(collection.slug === 'columns' ? columnEndpoints : []),
          ],
          hooks: {
            ...collection.hooks,
            afterChange: [...(collection.hooks?.afterChange ?? []), invalidateOnChange(touches)],
            afterDelete: [...(collection.hooks?.afterDelete ?? []), invalidateOnDelete(touches)],
          },
        }
      }),
      graphQL: {
        ...config.graphQL,
        queries: (GraphQL, context) => ({
          ...(queries?.(GraphQL, context) ?? {}),
          ...columnQueries(GraphQL, context),
        }),
      },
    }
  }
