import type { Config, Payload, SanitizedConfig } from 'payload'

import { postgresAdapter } from '@payloadcms/db-postgres'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buildConfig, getPayload } from 'payload'
import { inject } from 'vitest'

import { serveApi } from './apiServer'
import { createTestDatabase } from './database'

/**
 * One harness for the plugins' own tests: a minimal Payload app of the plugin's test config on a
 * fresh database and a fresh folder, its REST and GraphQL API served over HTTP by Payload's own
 * route handlers. Each plugin keeps only its collections and options (tests/helpers/config.ts).
 */

/** A document of the test config (the app's generated types do not know its collections). */
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

/** Who calls and with what: a user's token or an API key (of `partner-accounts` by default). */
export type CallOptions = {
  apiKey?: string
  /** The auth collection the API key belongs to. */
  apiKeyCollection?: string
  /** Sent as JSON. */
  body?: unknown
  /** Sent as multipart. */
  form?: FormData
  headers?: Record<string, string>
  token?: string
}

/** The answer: the body as text and, when it is JSON, parsed (`null` otherwise). */
export type CallResult = { body: any; headers: Headers; status: number; text: string }

export type PluginTestApp = {
  /** One HTTP request to the app, e.g. `call('GET', '/api/posts')`. */
  call: (method: string, path: string, options?: CallOptions) => Promise<CallResult>
  close: () => Promise<void>
  config: SanitizedConfig
  databaseUrl: string
  /** A fresh folder of this app's own, for uploads and whatever the plugin writes to disk. */
  folder: string
  local: LooseLocalAPI
  /** Logs a user of `users` in over REST and returns the token. */
  login: (credentials: { email: string; password: string }) => Promise<string>
  payload: Payload
  url: string
}

export type PluginTestContext = { databaseUrl: string; folder: string }

/**
 * A plugin's minimal config: its collections and plugins on the test database (schema pushed,
 * no migrations), `users` as the admin's users, quiet logs.
 */
export const pluginTestConfig = (
  { databaseUrl }: PluginTestContext,
  config: Omit<Config, 'db' | 'secret'> & { secret?: string },
): Promise<SanitizedConfig> =>
  buildConfig({
    secret: 'plugin-test-secret',
    admin: { user: 'users' },
    telemetry: false,
    logger: { options: { level: process.env.LOG_LEVEL || 'warn' } },
    ...config,
    db: postgresAdapter({ pool: { connectionString: databaseUrl, max: 5 }, push: true }),
  })

/** Boots a plugin's test config (built for this database and folder) and serves its API. */
export const bootPluginTestApp = async ({
  name,
  config: buildTestConfig,
}: {
  /** Names the database and folder (one per test file). */
  name: string
  config: (context: PluginTestContext) => Promise<SanitizedConfig>
}): Promise<PluginTestApp> => {
  const databaseUrl = await createTestDatabase({
    adminUrl: inject('pgAdminUrl'),
    runId: inject('runId'),
    name,
  })
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), `${name}-`))
  const config = await buildTestConfig({ databaseUrl, folder })
  const payload = await getPayload({ config })
  const http = await serveApi(config)
  const call: PluginTestApp['call'] = async (method, apiPath, options = {}) => {
    const { apiKey, apiKeyCollection = 'partner-accounts', body, form, token } = options
    const headers = new Headers(options.headers)
    if (token) {
      headers.set('Authorization', `JWT ${token}`)
    } else if (apiKey) {
      headers.set('Authorization', `${apiKeyCollection} API-Key ${apiKey}`)
    }
    if (body !== undefined) {
      headers.set('content-type', 'application/json')
    }
    const response = await fetch(`${http.url}${apiPath}`, {
      method,
      headers,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      parsed = null
    }
    return { status: response.status, headers: response.headers, body: parsed, text }
  }
  return {
    call,
    config,
    databaseUrl,
    folder,
    payload,
    local: payload as unknown as LooseLocalAPI,
    url: http.url,
    login: async (credentials) => {
      const { body, status } = await call('POST', '/api/users/login', { body: credentials })
      if (!body?.token) {
        throw new Error(`login as ${credentials.email} failed (${status})`)
      }
      return body.token as string
    },
    close: async () => {
      await http.close()
      await payload.destroy()
      await fs.rm(folder, { recursive: true, force: true })
    },
  }
}
