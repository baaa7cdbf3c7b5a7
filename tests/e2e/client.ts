import { inject } from 'vitest'

import type { Api } from '../helpers/api'

import { apiClient } from '../helpers/api'

/** Who a request is sent as. */
export type Caller = 'admin' | 'anonymous'

/**
 * A REST/GraphQL client for the e2e run's built server (tests/helpers/api.ts), as its first admin
 * (the run's one token: no login of its own) or anonymous. `headers` go with every request (e.g.
 * `accept-language`).
 */
export const e2eClient = ({
  as = 'admin',
  headers = {},
}: { as?: Caller; headers?: Record<string, string> } = {}): Promise<Api> =>
  apiClient(inject('e2eBaseUrl'), null, {
    ...headers,
    ...(as === 'admin' ? { Authorization: `JWT ${inject('e2eAdminToken')}` } : {}),
  })
