import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'
import type { AccessFixture } from './fixture'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'
import { waitUntil } from '../helpers/wait'
import { buildAccessFixture } from './fixture'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let fx: AccessFixture
let admin: Api

beforeAll(async () => {
  booted = await bootPayload({ name: 'audit_app' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  fx = await buildAccessFixture(booted.payload)
  admin = await apiClient(http.url)
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const entries = async (action: string) =>
  (
    await booted.payload.find({
      collection: 'audit-log',
      where: { action: { equals: action } },
      sort: '-createdAt',
      depth: 0,
    })
  ).docs

it('records a failed login through the app with the client address Express saw', async () => {
  // A forged x-real-ip is replaced by the Express layer.
  const res = await fetch(`${http.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-real-ip': '203.0.113.9' },
    body: JSON.stringify({ email: 'judge@linfen.test', password: 'not-the-password' }),
  })
  expect(res.status).toBe(401)
  const failed = await waitUntil(async () =>
    (await entries('login-failed')).find((e) => e.actorLabel === 'judge@linfen.test'),
  )
  expect(failed.ip).toBe('127.0.0.1')
  expect(JSON.stringify(failed)).not.toContain('not-the-password')
})

it('records a role change with the old and the new role', async () => {
  const { status } = await admin.patch(`/api/users/${fx.users.judge}`, {
    role: 'unit-editor',
    organizer: fx.organizers.huozhou,
  })
  expect(status).toBe(200)
  const [change] = await entries('role-change')
  expect(change!.summary).toContain('judge')
  expect(change!.summary).toContain('unit-editor')
  const [moved] = await entries('organizer-change')
  expect(moved).toMatchObject({ targetCollection: 'users', targetId: String(fx.users.judge) })
})

it('records a delete', async () => {
  const { status } = await admin.delete(`/api/contacts/${fx.contacts.shanghai}`)
  expect(status).toBe(200)
  const [deleted] = await entries('delete')
  expect(deleted).toMatchObject({
    targetCollection: 'contacts',
    targetId: String(fx.contacts.shanghai),
  })
})

it('records a partner’s read once per request', async () => {
  const before = (await entries('partner-read')).length
  const res = await fetch(`${http.url}/api/entries?limit=10`, {
    headers: { Authorization: `partner-accounts API-Key ${fx.partnerApiKey}` },
  })
  expect(res.status).toBe(200)
  expect((await entries('partner-read')).length).toBe(before + 1)
})

it('lets no one edit or delete an entry, not even an admin', async () => {
  const [entry] = await entries('role-change')
  expect((await admin.patch(`/api/audit-log/${entry!.id}`, { summary: '篡改' })).status).toBe(403)
  expect((await admin.delete(`/api/audit-log/${entry!.id}`)).status).toBe(403)
  expect((await booted.payload.findByID({ collection: 'audit-log', id: entry!.id })).summary).toBe(
    entry!.summary,
  )
})
