import type { Config, Plugin } from 'payload'

import { onChangesElsewhere } from '../../plugins/shared/changeNotices'
import { columnEndpoints } from './endpoints'
import { columnQueries } from './graphql'
import { invalidateOnChange, invalidateOnDelete, pullTouches } from './hooks'
import { markChanged } from './pullCache'

export { invalidateColumnPull } from './pullCache'

/**
 * Columns pulled by sites (docs/columns.md): the pull and feed endpoints on `columns`, the
 * `ColumnPull` GraphQL query, and the hooks that make a cached pull stale when anything it shows
 * changes. After the plugins that add collections it watches (renditions). A change another
 * instance tells of names only its collection: every pull is built again.
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
      onInit: async (payload) => {
        onChangesElsewhere(payload, (changed) => {
          if ([...Object.keys(pullTouches), 'interactions'].some(changed)) {
            markChanged(payload, ['*'])
          }
        })
        await config.onInit?.(payload)
      },
      graphQL: {
        ...config.graphQL,
        queries: (GraphQL, context) => ({
          ...(queries?.(GraphQL, context) ?? {}),
          ...columnQueries(GraphQL, context),
        }),
      },
    }
  }
