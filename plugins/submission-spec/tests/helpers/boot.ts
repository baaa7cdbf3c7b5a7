import type { Payload, SanitizedConfig } from 'payload'

import { REST_GET, REST_PATCH, REST_POST } from '@payloadcms/next/routes'
import { getPayload } from 'payload'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'

import type { SubmissionSpecOptions } from '../../types'

import { createTestDatabase } from '../../../../tests/helpers/database'
import { buildSubmissionSpecTestConfig } from './config'

/** A document of the test config (the app's generated types do not know its collections). */
export type Doc = Record<string, any> & { id: number }
type Args = Record<string, unknown>

/** The Local API without the app's generated collection types. */
export type LooseLocalAPI = {
  count: (args: Args) => Promise<{ totalDocs: number }>
  create: (args: Args) => Promise<Doc>
  findByID: (args: Args) => Promise<Doc>
}

export type SubmissionSpecTestApp = {
  close: () => Promise<void>
  /** Where the app's files live: `media`, `media-originals`, `renditions`. */
  folder: string
  local: LooseLocalAPI
  payload: Payload
  /** One request to Payload's REST API, through the route handlers Next mounts. */
  rest: (request: RestRequest) => Promise<{ body: any; status: number }>
}

export type RestRequest = {
  method: 'GET' | 'PATCH' | 'POST'
  /** Under `/api`, e.g. `/media`. */
  path: string
  token?: string
  /** Sent as JSON. */
  json?: unknown
  /** Sent as multipart. */
  form?: FormData
}

/** Boots the plugin's own test config on a fresh database and a fresh folder. */
export const bootSubmissionSpecTestApp = async ({
  name,
  pluginOptions,
}: {
  name: string
  pluginOptions?: SubmissionSpecOptions
}): Promise<SubmissionSpecTestApp> => {
  const databaseUrl = await createTestDatabase({
    adminUrl: inject('pgAdminUrl'),
    runId: inject('runId'),
    name,
  })
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'submission-spec-app-'))
  const config = await buildSubmissionSpecTestConfig({ databaseUrl, folder, pluginOptions })
  const payload = await getPayload({ config })
  return {
    folder,
    payload,
    local: payload as unknown as LooseLocalAPI,
    rest: restOf(config),
    close: async () => {
      await payload.destroy()
      await fs.rm(folder, { recursive: true, force: true })
    },
  }
}

type WebHandler = (
  request: Request,
  args: { params: Promise<{ slug: string[] }> },
) => Promise<Response>

const restOf = (config: SanitizedConfig) => {
  const handlers: Record<RestRequest['method'], WebHandler> = {
    GET: REST_GET(config),
    PATCH: REST_PATCH(config),
    POST: REST_POST(config),
  }
  return async ({ method, path: apiPath, token, json, form }: RestRequest) => {
    const headers = new Headers(token ? { Authorization: `JWT ${token}` } : {})
    if (json !== undefined) {
      headers.set('content-type', 'application/json')
    }
    const request = new Request(`http://localhost/api${apiPath}`, {
      method,
      headers,
      body: form ?? (json === undefined ? undefined : JSON.stringify(json)),
    })
    const slug = new URL(request.url).pathname
      .slice('/api/'.length)
      .split('/')
      .map(decodeURIComponent)
    const response = await handlers[method](request, { params: Promise.resolve({ slug }) })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null }
  }
}
