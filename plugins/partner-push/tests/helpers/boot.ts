import type { Payload, SanitizedConfig } from 'payload'

import { REST_GET, REST_POST } from '@payloadcms/next/routes'
import { getPayload } from 'payload'
import { inject } from 'vitest'

import type { PartnerPushOptions } from '../../types'

import { createTestDatabase } from '../../../../tests/helpers/database'
import { buildPartnerPushTestConfig } from './config'

/** A document of any collection of the test config (the app's generated types do not know them). */
export type Doc = Record<string, any> & { id: number }
type Args = Record<string, unknown>

/** The Local API without the app's generated collection types. */
export type LooseLocalAPI = {
  create: (args: Args) => Promise<Doc>
  find: (args: Args) => Promise<{ docs: Doc[] }>
  findByID: (args: Args) => Promise<Doc>
  update: (args: Args) => Promise<Doc>
}

/** Who calls: a user's token, a partner account's API key, or nobody. */
export type Caller = { token?: string; apiKey?: string }

export type PartnerPushTestApp = {
  close: () => Promise<void>
  config: SanitizedConfig
  local: LooseLocalAPI
  payload: Payload
  /** One REST request through Payload's own route handlers (the ones Next mounts); the body as text and, when it is JSON, parsed. */
  rest: (
    method: 'GET' | 'POST',
    path: string,
    options?: Caller & { body?: unknown },
  ) => Promise<{ body: any; status: number; text: string }>
  /** Logs a user in over REST and returns the token. */
  login: (credentials: { email: string; password: string }) => Promise<string>
}

/** Public address the test config gives Payload (`serverURL`): where partners are told files and feeds are. */
export const testServerURL = 'https://cms.partner-push.test'

/** Boots the plugin's own test config on a fresh database. */
export const bootPartnerPushTestApp = async ({
  name,
  pluginOptions,
}: {
  name: string
  pluginOptions: PartnerPushOptions
}): Promise<PartnerPushTestApp> => {
  const databaseUrl = await createTestDatabase({
    adminUrl: inject('pgAdminUrl'),
    runId: inject('runId'),
    name,
  })
  const config = await buildPartnerPushTestConfig({
    databaseUrl,
    serverURL: testServerURL,
    pluginOptions,
  })
  const payload = await getPayload({ config })
  const handlers = { GET: REST_GET(config), POST: REST_POST(config) }
  const rest: PartnerPushTestApp['rest'] = async (
    method,
    apiPath,
    { token, apiKey, body } = {},
  ) => {
    const request = new Request(`http://localhost/api${apiPath}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { Authorization: `JWT ${token}` } : {}),
        ...(apiKey ? { Authorization: `partner-accounts API-Key ${apiKey}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const slug = new URL(request.url).pathname
      .slice('/api/'.length)
      .split('/')
      .map(decodeURIComponent)
    const response = await handlers[method](request, { params: Promise.resolve({ slug }) })
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      parsed = null
    }
    return { status: response.status, body: parsed, text }
  }
  return {
    config,
    payload,
    local: payload as unknown as LooseLocalAPI,
    rest,
    login: async (credentials) => {
      const { body, status } = await rest('POST', '/users/login', { body: credentials })
      if (!body?.token) {
        throw new Error(`login as ${credentials.email} failed (${status})`)
      }
      return body.token as string
    },
    close: () => payload.destroy(),
  }
}
