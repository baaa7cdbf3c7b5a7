import { inject } from 'vitest'

import type { Api } from '../helpers/api'

import { apiClient } from '../helpers/api'

/** Who a request is sent as. */
export type Caller = 'admin' | 'anonymous'

/**
 * A REST/GraphQL client for the e2e run's built server (tests/helpers/api.ts), logged in as its
 * first admin or anonymous. `headers` go with every request (e.g. `accept-language`).
 */
export const e2eClient = ({
  as = 'admin',
  headers = {},
}: { as?: Caller; headers?: Record<string, string> } = {}): Promise<Api> =>
  apiClient(inject('e2eBaseUrl'), as === 'admin' ? inject('e2eAdmin') : null, headers)
