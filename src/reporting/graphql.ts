import type { GraphQLExtension, PayloadRequest } from 'payload'

import { GraphQLJSON } from '@payloadcms/graphql/types'
import { APIError } from 'payload'

import { campaignProgress, ProgressRefusal } from './progress'

/**
 * `CampaignProgress(id: Int!): JSON` — the progress matrix of `GET /api/campaigns/:id/progress`,
 * same shape and same readers, for sites and tools that speak GraphQL.
 */
export const reportingQueries: GraphQLExtension = (GraphQL) => ({
  CampaignProgress: {
    type: GraphQLJSON,
    args: { id: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLInt) } },
    resolve: async (_: unknown, { id }: { id: number }, context: { req: PayloadRequest }) => {
      try {
        return await campaignProgress({ req: context.req, campaignId: id })
      } catch (err) {
        if (err instanceof ProgressRefusal) {
          throw new APIError(err.message, err.status, undefined, true)
        }
        throw err
      }
    },
  },
})
