import type { Config } from 'payload'

import type { ClearErrorsOptions } from './types'

import { verificationDisabledEndpoint } from './endpoints/verificationDisabled'
import { explainFieldErrors } from './hooks/explainFieldErrors'
import { withPagingBounds } from './utilities/pagingBounds'

export { pagingProblem } from './utilities/pagingBounds'
export type { ClearErrorsOptions } from './types'

/**
 * Every bad input gets a 4xx that says why, in the request's language and with our bilingual
 * reasons: field errors carry their reasons in `errors[0].message` (REST and GraphQL), a page
 * below 1 or a negative limit is a 400 wherever it comes from, and `verify/:token` on a
 * collection without e-mail verification is a 404 instead of a crash. Add it last, so it sees
 * every collection the other plugins added.
 */
export const clearErrors =
  (options: ClearErrorsOptions = {}) =>
  (incomingConfig: Config): Config => {
    if (options.enabled === false) {
      return incomingConfig
    }
    return {
      ...incomingConfig,
      db: withPagingBounds(incomingConfig.db),
      collections: (incomingConfig.collections ?? []).map((collection) =>
        // Payload routes verify/:token for every auth collection, verification on or not.
        collection.auth &&
        collection.endpoints !== false &&
        !(typeof collection.auth === 'object' && collection.auth.verify)
          ? {
              ...collection,
              endpoints: [verificationDisabledEndpoint, ...(collection.endpoints ?? [])],
            }
          : collection,
      ),
      hooks: {
        ...incomingConfig.hooks,
        afterError: [...(incomingConfig.hooks?.afterError ?? []), explainFieldErrors],
      },
    }
  }
