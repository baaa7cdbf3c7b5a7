import type { GraphQLExtension, PayloadRequest } from 'payload'

import { GraphQLJSON } from '@payloadcms/graphql/types'

import { notFound } from '../lib/refusal'
import { columnPull, noSuchColumn } from './answers'

/** `ColumnPull(id: Int!): JSON` — the document `GET /api/columns/:id/pull` answers, for GraphQL sites. */
export const columnQueries: GraphQLExtension = (GraphQL) => ({
  ColumnPull: {
    type: GraphQLJSON,
    args: { id: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLInt) } },
    resolve: async (_: unknown, { id }: { id: number }, context: { req: PayloadRequest }) => {
      const pulled = id > 0 ? await columnPull(context.req.payload, id) : null
      if (!pulled || pulled.status === 404) {
        throw notFound(noSuchColumn)
      }
      return pulled.doc
    },
  },
})
