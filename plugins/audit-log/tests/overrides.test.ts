/**
 * An app's override of the audit collection (`overrides.auditLog`): a field of its own filled by
 * its hook on every entry the plugin writes, another admin group, reading narrowed to admins.
 * Writing stays refused to everyone, even when the override (untyped, as from plain JavaScript)
 * tries to allow it.
 */
import type { CollectionBeforeChangeHook } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { AuditLogCollectionOverride } from '../types'
import type { PluginTestApp } from '../../../tests/helpers/pluginApp'

import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { auditTestConfig, defaultTestPluginOptions } from './helpers/config'

let app: PluginTestApp
let adminToken: string
let editorToken: string

const password = 'correct-horse-battery-3'

/** The app's: which of its instances wrote the entry. */
const stampInstance: CollectionBeforeChangeHook = ({ data }) => ({ ...data, instance: 'cms-1' })

const override = {
  admin: { group: { zh: '安全', en: 'Security' } },
  access: {
    // The test config's users (the app's generated types know other accounts).
    read: ({ req }) => (req.user as { role?: string } | null)?.role === 'admin',
    // Not in the type: the plugin sets the write rules back to false whatever it is given.
    create: () => true,
    delete: () => true,
  },
  fields: ({ defaultFields }) => [...defaultFields, { name: 'instance', type: 'text' }],
  hooks: { beforeChange: [stampInstance] },
} as AuditLogCollectionOverride

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'audit_log_overrides',
    config: auditTestConfig({ ...defaultTestPluginOptions, overrides: { auditLog: override } }),
  })
  for (const [email, role] of [
    ['admin@overrides.test', 'admin'],
    ['editor@overrides.test', 'unit-editor'],
  ]) {
    await app.local.create({ collection: 'users', data: { email, password, role } })
  }
  adminToken = await app.login({ email: 'admin@overrides.test', password })
  editorToken = await app.login({ email: 'editor@overrides.test', password })
})

afterAll(async () => {
  await app?.close()
})

describe('an override of the audit collection', () => {
  it('lists the log in the app’s admin group instead of adminGroup', () => {
    const collection = app.config.collections.find(({ slug }) => slug === 'audit-log')!
    expect(collection.admin.group).toEqual({ zh: '安全', en: 'Security' })
  })

  it('stores the app’s field, filled by its hook on the entries the plugin writes, for whom the app lets read', async () => {
    const read = await app.call('GET', '/api/audit-log?where[action][equals]=login&sort=id', {
      token: adminToken,
    })

    expect(read.status).toBe(200)
    expect(
      read.body.docs.map(({ actorLabel, instance }: Record<string, string>) => ({
        actorLabel,
        instance,
      })),
    ).toEqual([
      { actorLabel: 'admin@overrides.test', instance: 'cms-1' },
      { actorLabel: 'editor@overrides.test', instance: 'cms-1' },
    ])
    expect((await app.call('GET', '/api/audit-log', { token: editorToken })).status).toBe(403)
  })

  it('keeps entries immutable for every role', async () => {
    const { docs } = await app.local.find({ collection: 'audit-log', limit: 1 })
    const created = await app.call('POST', '/api/audit-log', {
      token: adminToken,
      body: { action: 'login', actorLabel: 'forged@overrides.test' },
    })
    expect(created.status).toBe(403)
    const entry = `/api/audit-log/${docs[0]!.id}`
    expect((await app.call('PATCH', entry, { token: adminToken, body: {} })).status).toBe(403)
    expect((await app.call('DELETE', entry, { token: adminToken })).status).toBe(403)
  })
})
