import type { Payload, SanitizedConfig } from 'payload'

import { getPayload } from 'payload'
import { inject } from 'vitest'

import type { AuditLogOptions } from '../../types'

import { createTestDatabase } from '../../../../tests/helpers/database'
import { buildAuditTestConfig } from './config'
import { serveApi } from './server'

/** A document of any collection of the test config (the app's generated types do not know them). */
export type Doc = Record<string, any> & { id: number }
type Args = Record<string, unknown>

/** The Local API without the app's generated collection types. */
export type LooseLocalAPI = {
  count: (args: Args) => Promise<{ totalDocs: number }>
  create: (args: Args) => Promise<Doc>
  delete: (args: Args) => Promise<Doc>
  find: (args: Args) => Promise<{ docs: Doc[]; totalDocs: number }>
  findByID: (args: Args) => Promise<Doc>
  login: (args: Args) => Promise<{ token?: string; user: Doc }>
  update: (args: Args) => Promise<Doc>
}

export type AuditTestApp = {
  close: () => Promise<void>
  config: SanitizedConfig
  databaseUrl: string
  local: LooseLocalAPI
  payload: Payload
  url: string
}

/** Boots the plugin's own test config on a fresh database and serves its REST and GraphQL API. */
export const bootAuditTestApp = async ({
  name,
  pluginOptions,
}: {
  name: string
  pluginOptions?: AuditLogOptions
}): Promise<AuditTestApp> => {
  const databaseUrl = await createTestDatabase({
    adminUrl: inject('pgAdminUrl'),
    runId: inject('runId'),
    name,
  })
  const config = await buildAuditTestConfig({ databaseUrl, pluginOptions })
  const payload = await getPayload({ config })
  const http = await serveApi(config)
  return {
    config,
    databaseUrl,
    payload,
    local: payload as unknown as LooseLocalAPI,
    url: http.url,
    close: async () => {
      await http.close()
      await payload.destroy()
    },
  }
}

export type CallOptions = {
  apiKey?: string
  body?: unknown
  headers?: Record<string, string>
  token?: string
}

/** One HTTP request to the test app; JSON in and out. */
export const call = async (
  url: string,
  method: string,
  path: string,
  { apiKey, body, headers = {}, token }: CallOptions = {},
): Promise<{ body: any; status: number }> => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { Authorization: `JWT ${token}` } : {}),
      ...(apiKey ? { Authorization: `partner-accounts API-Key ${apiKey}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** Logs in over REST and returns the token. */
export const loginToken = async (
  url: string,
  credentials: { email: string; password: string },
): Promise<string> => {
  const { body, status } = await call(url, 'POST', '/api/users/login', { body: credentials })
  if (!body?.token) {
    throw new Error(`login as ${credentials.email} failed (${status})`)
  }
  return body.token as string
}
