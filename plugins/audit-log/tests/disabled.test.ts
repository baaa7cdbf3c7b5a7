import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Doc, PluginTestApp } from '../../../tests/helpers/pluginApp'

import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { auditTestConfig, defaultTestPluginOptions } from './helpers/config'

let app: PluginTestApp
let admin: Doc
let adminToken: string

const password = 'correct-horse-battery-2'
const audit = 'audit-log'

const tablesOf = async (databaseUrl: string): Promise<string[]> => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    )
    return rows.map((row) => row.table_name)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'audit_log_disabled',
    config: auditTestConfig({ ...defaultTestPluginOptions, enabled: false }),
  })
  admin = await app.local.create({
    collection: 'users',
    data: { email: 'admin@disabled.test', password, role: 'admin' },
    overrideAccess: true,
  })
  adminToken = await app.login({ email: admin.email, password })
})

afterAll(async () => {
  await app?.close()
})

describe('with enabled: false', () => {
  it('keeps the audit collection, its relationship table and the jobs schema of the purge task', async () => {
    const tables = await tablesOf(app.databaseUrl)

    expect(tables).toEqual(
      expect.arrayContaining(['audit_log', 'audit_log_rels', 'payload_jobs', 'payload_jobs_stats']),
    )
    const res = await app.call('GET', `/api/${audit}`, { token: adminToken })
    expect(res).toMatchObject({ status: 200, body: { totalDocs: 0 } })
  })

  it('records nothing: no login, failed login, role change, delete, publish, API key or partner read', async () => {
    const failedLogin = await app.call('POST', '/api/users/login', {
      body: { email: 'nobody@disabled.test', password: 'guess-1' },
    })
    const created = await app.call('POST', '/api/users', {
      body: { email: 'u@disabled.test', password },
      token: adminToken,
    })
    const promoted = await app.call('PATCH', `/api/users/${created.body.doc.id}`, {
      body: { role: 'admin' },
      token: adminToken,
    })
    const published = await app.call('POST', '/api/posts', {
      body: { title: 'p', _status: 'published' },
      token: adminToken,
    })
    const deleted = await app.call('DELETE', `/api/posts/${published.body.doc.id}`, {
      token: adminToken,
    })
    const keyed = await app.call('POST', '/api/partner-accounts', {
      body: { name: 'Partner', enableAPIKey: true, apiKey: 'ak-disabled-0001' },
      token: adminToken,
    })
    const read = await app.call('GET', '/api/posts', { apiKey: 'ak-disabled-0001' })

    expect(
      [failedLogin, created, promoted, published, deleted, keyed, read].map((res) => res.status),
    ).toEqual([401, 201, 200, 201, 200, 201, 200])
    expect((await app.local.count({ collection: audit, overrideAccess: true })).totalDocs).toBe(0)
  })

  it('keeps the purge task and its schedule, and the task deletes nothing', async () => {
    const old = await app.local.create({
      collection: audit,
      data: {
        action: 'login',
        actorLabel: 'kept',
        createdAt: new Date(Date.now() - 400 * 24 * 60 * 60 * 1000).toISOString(),
      },
      overrideAccess: true,
    })

    await app.payload.jobs.queue({ task: 'purgeAuditLog' as never, input: {} as never })
    await app.payload.jobs.run({ limit: 10 })

    expect(
      app.config.jobs.tasks?.find((task) => task.slug === 'purgeAuditLog')?.schedule,
    ).toHaveLength(1)
    expect(
      await app.local.findByID({ collection: audit, id: old.id, overrideAccess: true }),
    ).toMatchObject({ actorLabel: 'kept' })
  })

  it('still refuses writes to entries', async () => {
    const res = await app.call('POST', `/api/${audit}`, {
      body: { action: 'login', summary: 'forged' },
      token: adminToken,
    })

    expect(res.status).toBe(403)
  })
})
