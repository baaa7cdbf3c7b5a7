/**
 * The forgot-password mail links to the admin's reset page with an absolute URL on the address
 * the server listens on, with SERVER_URL unset (Payload's link was relative then: dead in a
 * mail client), and never on a host the requester named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'
import type { Mailbox } from '../helpers/smtp'

import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'
import { startMailbox } from '../helpers/smtp'

/** One account per test: Payload sends one account at most one reset mail every 15 s. */
const editors = ['reset-a@test.local', 'reset-b@test.local', 'reset-c@test.local']

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mailbox: Mailbox

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({
    name: 'http_password_reset',
    env: { ...mailbox.env, SERVER_URL: '', CSRF_ORIGINS: '', CORS_ORIGINS: '' },
  })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  for (const email of editors) {
    await booted.payload.create({
      collection: 'users',
      data: { email, password: 'first-password-123', name: '单位编辑', role: 'unit-editor' },
    })
  }
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await mailbox?.close()
})

/** Asks for a reset mail for `email` as a person on the login page does, naming `host`; returns the mail's link. */
const resetLink = async ({ email, host }: { email: string; host?: string }) => {
  const before = mailbox.messages.length
  const res = await fetch(`${server.url}/api/users/forgot-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(host ? { host } : {}) },
    body: JSON.stringify({ email }),
  })
  expect(res.status).toBe(200)
  const mail = await mailbox.waitFor(
    (m) => mailbox.messages.indexOf(m) >= before && JSON.stringify(m.to).includes(email),
  )
  const href = /href="([^"]+)"/.exec(String(mail.html))?.[1]
  expect(href).toBeDefined()
  return href!
}

describe('the password-reset mail, without SERVER_URL', () => {
  it('links to the admin’s reset page with an absolute URL on this server’s address', async () => {
    const link = await resetLink({ email: editors[0]! })
    expect(link).toMatch(new RegExp(`^${server.url}/admin/reset/[0-9a-f]+$`))
  })

  it('carries a token that resets the password', async () => {
    const link = await resetLink({ email: editors[1]! })
    const token = new URL(link).pathname.split('/').at(-1)
    const res = await fetch(`${server.url}/api/users/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'second-password-456' }),
    })
    expect(res.status).toBe(200)
    const login = await fetch(`${server.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: editors[1], password: 'second-password-456' }),
    })
    expect(login.status).toBe(200)
  })

  it('ignores the host the requester named', async () => {
    const link = await resetLink({ email: editors[2]!, host: 'attacker.example' })
    expect(new URL(link).host).toBe(new URL(server.url).host)
  })
})
