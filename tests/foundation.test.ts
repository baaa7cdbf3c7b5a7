import { readdirSync } from 'node:fs'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from './helpers/payload'

import { migrations } from '../src/migrations/index'
import { serveApp } from './helpers/http'
import { bootPayload, testAdmin } from './helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>

beforeAll(async () => {
  booted = await bootPayload({ name: 'foundation' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const login = async () => {
  const res = await fetch(`${http.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(testAdmin),
  })
  return {
    status: res.status,
    body: (await res.json()) as { token?: string; user?: { email: string } },
  }
}

describe('a fresh database', () => {
  it('is migrated on boot: every migration in src/migrations/index.ts has run, and no schema push', async () => {
    // All rows, the dev-push marker (batch -1) included: a pushed database is not a migrated one.
    const { docs } = await booted.payload.find({
      collection: 'payload-migrations',
      limit: 0,
      pagination: false,
    })
    expect(docs.map((m) => m.name).sort()).toEqual(migrations.map((m) => m.name).sort())
  })

  it('has no migration file left out of src/migrations/index.ts (boot runs only the index)', () => {
    // `payload migrate:status` lists the files; boot applies the index: a file missing from it never runs.
    const files = readdirSync(booted.payload.db.migrationDir)
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.slice(0, -'.ts'.length))
    expect(files.sort()).toEqual(migrations.map((m) => m.name).sort())
  })

  it('gets the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const { docs } = await booted.payload.find({ collection: 'users' })
    expect(docs).toHaveLength(1)
    expect(docs[0]).toMatchObject({ email: testAdmin.email, role: 'admin' })
  })
})

describe('over HTTP', () => {
  it('answers /healthz without touching the database', async () => {
    const res = await fetch(`${http.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('answers /readyz with 200 when the database is reachable', async () => {
    const res = await fetch(`${http.url}/readyz`)
    expect(res.status).toBe(200)
  })

  it('logs the admin in over REST and knows who it is', async () => {
    const { status, body } = await login()
    expect(status).toBe(200)
    expect(body.token).toBeTruthy()
    const me = await fetch(`${http.url}/api/users/me`, {
      headers: { Authorization: `JWT ${body.token}` },
    })
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(testAdmin.email)
  })

  it('refuses a wrong password', async () => {
    const res = await fetch(`${http.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: testAdmin.email, password: 'wrong-password' }),
    })
    expect(res.status).toBe(401)
  })

  it('answers a GraphQL query for the logged-in admin', async () => {
    const { body } = await login()
    const res = await fetch(`${http.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: `JWT ${body.token}` },
      body: JSON.stringify({ query: '{ Users { totalDocs docs { email role } } }' }),
    })
    const json = (await res.json()) as {
      data: { Users: { totalDocs: number; docs: { email: string }[] } }
    }
    expect(json.data.Users.totalDocs).toBe(1)
    expect(json.data.Users.docs[0]!.email).toBe(testAdmin.email)
  })

  it('hides users from an anonymous GraphQL query', async () => {
    const res = await fetch(`${http.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ Users { totalDocs } }' }),
    })
    // GraphQL answers 200 with the query's field empty and Payload's Forbidden, in the admin's default language.
    expect(res.status).toBe(200)
    const json = (await res.json()) as { errors?: unknown[]; data?: unknown }
    expect(json.data).toEqual({ Users: null })
    expect(json.errors).toEqual([
      expect.objectContaining({
        message: '您无权执行此操作。',
        path: ['Users'],
        extensions: { name: 'Forbidden', statusCode: 403 },
      }),
    ])
  })
})
