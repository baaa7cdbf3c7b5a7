/**
 * An app's overrides of the collections the plugin adds (`overrides.deliveries`,
 * `overrides.receipts`), in a Payload app of its own: a field and a hook of the app's on the
 * delivery log, another admin group, the receipts opened for reading; the rest stays the plugin's.
 */
import type { CollectionBeforeChangeHook } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { PluginTestApp } from '../../../tests/helpers/pluginApp'

import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { partnerPushTestConfig } from './helpers/config'

let app: PluginTestApp
let token: string

/** The app's: every delivery gets a ticket of its help desk, unless one is given. */
const fileTicket: CollectionBeforeChangeHook = ({ data }) => ({
  ...data,
  ticket: data.ticket ?? `推送-${data.webhookId}`,
})

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'partner_push_overrides',
    config: partnerPushTestConfig({
      overrides: {
        deliveries: {
          admin: { group: { zh: '推送', en: 'Push' } },
          fields: ({ defaultFields }) => [...defaultFields, { name: 'ticket', type: 'text' }],
          hooks: { beforeChange: [fileTicket] },
        },
        receipts: { access: { read: () => true } },
      },
    }),
  })
  const credentials = { email: 'office@push.test', password: 'correct-horse-battery-8' }
  await app.local.create({ collection: 'users', data: credentials })
  token = await app.login(credentials)
})

afterAll(async () => {
  await app?.close()
})

describe('overrides of the collections partner-push adds', () => {
  it('moves the delivery log to the app’s admin group, keeping the plugin’s title, buttons and fields', () => {
    const deliveries = app.config.collections.find(({ slug }) => slug === 'deliveries')!

    expect(deliveries.admin.group).toEqual({ zh: '推送', en: 'Push' })
    expect(deliveries.admin.useAsTitle).toBe('webhookId')
    expect(deliveries.admin.components?.beforeListTable).toHaveLength(1)
    const names = deliveries.fields.flatMap((field) => ('name' in field ? [field.name] : []))
    expect(names).toEqual(
      expect.arrayContaining(['webhookId', 'attempts', 'deliveryActions', 'ticket']),
    )
  })

  it('stores the app’s field on a delivery, filled by the app’s hook, and returns it over REST', async () => {
    const site = await app.local.create({ collection: 'partner-sites', data: { name: '新华网' } })
    const entry = await app.local.create({ collection: 'entries', data: { title: '焊花里的青春' } })
    const delivery = await app.local.create({
      collection: 'deliveries',
      data: {
        partnerSite: site.id,
        entry: entry.id,
        event: 'publish',
        version: 1,
        webhookId: 'msg_1',
      },
    })

    const { status, body } = await app.call('GET', `/api/deliveries/${delivery.id}?depth=0`, {
      token,
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ webhookId: 'msg_1', state: 'pending', ticket: '推送-msg_1' })
  })

  it('keeps the history read-only: the app opened the receipts for reading, not for writing', async () => {
    expect((await app.call('GET', '/api/receipts')).status).toBe(200)
    expect((await app.call('POST', '/api/receipts', { token, body: {} })).status).toBe(403)
    // Not overridden: the delivery log is still the plugin's (read by users of the admin, written by none).
    expect((await app.call('GET', '/api/deliveries')).status).toBe(403)
    const created = await app.call('POST', '/api/deliveries', {
      token,
      body: { event: 'publish', version: 1, webhookId: 'msg_forged' },
    })
    expect(created.status).toBe(403)
  })
})
