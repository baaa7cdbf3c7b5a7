import type { Payload, SanitizedConfig } from 'payload'

import { REST_GET, REST_PATCH, REST_POST } from '@payloadcms/next/routes'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'
import { inject } from 'vitest'

import type { UnifiedCampaignOptions } from '../../types'

import { createTestDatabase } from '../../../../tests/helpers/database'
import { buildUnifiedCampaignTestConfig } from './config'

/** A document of any collection of the test config (the app's generated types do not know them). */
export type Doc = Record<string, any> & { id: number }
type Args = Record<string, unknown>

/** The Local API without the app's generated collection types. */
export type LooseLocalAPI = {
  create: (args: Args) => Promise<Doc>
  findByID: (args: Args) => Promise<Doc>
  update: (args: Args) => Promise<Doc>
}

/** Who calls: a user's token, a partner account's API key, or nobody. */
export type Caller = { token?: string; apiKey?: string }

export type UnifiedCampaignTestApp = {
  close: () => Promise<void>
  config: SanitizedConfig
  local: LooseLocalAPI
  payload: Payload
  /** One REST request through Payload's own route handlers (the ones Next mounts); JSON in and out. */
  rest: (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    options?: Caller & { body?: unknown },
  ) => Promise<{ body: any; status: number }>
  /** Logs a user in over REST and returns the token. */
  login: (credentials: { email: string; password: string }) => Promise<string>
}

/** Boots the plugin's own test config on a fresh database, its uploads in a folder of its own. */
export const bootUnifiedCampaignTestApp = async ({
  name,
  pluginOptions,
}: {
  name: string
  pluginOptions?: UnifiedCampaignOptions
}): Promise<UnifiedCampaignTestApp> => {
  const databaseUrl = await createTestDatabase({
    adminUrl: inject('pgAdminUrl'),
    runId: inject('runId'),
    name,
  })
  const mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'unified-campaign-'))
  const config = await buildUnifiedCampaignTestConfig({ databaseUrl, mediaDir, pluginOptions })
  const payload = await getPayload({ config })
  const handlers = { GET: REST_GET(config), POST: REST_POST(config), PATCH: REST_PATCH(config) }
  const rest: UnifiedCampaignTestApp['rest'] = async (
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
    return { status: response.status, body: text ? JSON.parse(text) : null }
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
    close: async () => {
      await payload.destroy()
      await fs.rm(mediaDir, { recursive: true, force: true })
    },
  }
}
