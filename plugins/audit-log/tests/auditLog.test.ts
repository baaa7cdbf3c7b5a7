import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { PayloadRequest } from 'payload'

import { commitTransaction, createLocalReq, initTransaction } from 'payload'

import type { Doc, PluginTestApp } from '../../../tests/helpers/pluginApp'

import { purgeAuditLog } from '../index'
import { writeEntry } from '../utilities/writeEntry'
import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { auditTestConfig } from './helpers/config'

let app: PluginTestApp
let admin: Doc
let editor: Doc
let adminToken: string
let editorToken: string

const password = 'correct-horse-battery-1'
const audit = 'audit-log'
/** Seeding writes no entries: the plugin honours `context.skipAuditLog`. */
const quietly = { context: { skipAuditLog: true }, overrideAccess: true }

const createUser = (email: string, data: Record<string, unknown> = {}) =>
  app.local.create({
    collection: 'users',
    data: { email, password, role: 'unit-editor', ...data },
    ...quietly,
  })

/** Audit entries matching `where`, in the order they were written. */
const entries = async (where: Record<string, unknown>) =>
  (
    await app.local.find({
      collection: audit,
      where,
      sort: 'id',
      limit: 100,
      depth: 0,
      overrideAccess: true,
    })
  ).docs

beforeAll(async () => {
  app = await bootPluginTestApp({ name: 'audit_log', config: auditTestConfig() })
  admin = await createUser('admin@audit.test', { role: 'admin' })
  editor = await createUser('editor@audit.test')
  adminToken = await app.login({ email: admin.email, password })
  editorToken = await app.login({ email: editor.email, password })
})

afterAll(async () => {
  await app?.close()
})

describe('logins', () => {
  it('records a failed REST login with the attempted e-mail and the client IP, never the password', async () => {
    const res = await app.call('POST', '/api/users/login', {
      body: { email: 'Nobody@Audit.test', password: 'guessed-password-77' },
      headers: { 'x-real-ip': '203.0.113.7', 'user-agent': 'audit-test/1.0' },
    })

    expect(res.status).toBe(401)
    const [entry] = await entries({
      action: { equals: 'login-failed' },
      actorLabel: { equals: 'nobody@audit.test' },
    })
    expect(entry!.actor ?? null).toBeNull()
    expect(entry).toMatchObject({
      targetCollection: 'users',
      ip: '203.0.113.7',
      userAgent: 'audit-test/1.0',
      details: {
        email: 'nobody@audit.test',
        reason: 'invalid-credentials',
        accountExists: false,
        via: 'REST',
      },
    })
    expect(entry!.summary).toContain('登录失败')
    expect(JSON.stringify(entry)).not.toContain('guessed-password-77')
  })

  it('records wrong passwords for an existing account, then the refusal of the locked account', async () => {
    const user = await createUser('locked@audit.test')
    for (let attempt = 0; attempt < 3; attempt++) {
      await app.call('POST', '/api/users/login', {
        body: { email: user.email, password: 'wrong-password-1' },
      })
    }

    const failures = await entries({
      action: { equals: 'login-failed' },
      actorLabel: { equals: user.email },
    })
    expect(failures.map((entry) => entry.details.reason)).toEqual([
      'invalid-credentials',
      'invalid-credentials',
      'locked',
    ])
    expect(failures.map((entry) => entry.targetId)).toEqual([
      String(user.id),
      String(user.id),
      String(user.id),
    ])
    expect(failures.every((entry) => entry.details.accountExists === true)).toBe(true)
  })

  it('records a successful REST login with the user as actor, the IP taken from x-forwarded-for when x-real-ip is absent', async () => {
    const user = await createUser('login@audit.test')
    const res = await app.call('POST', '/api/users/login', {
      body: { email: user.email, password },
      headers: { 'x-forwarded-for': '198.51.100.4, 10.0.0.1' },
    })

    expect(res.status).toBe(200)
    const [entry] = await entries({
      action: { equals: 'login' },
      actorLabel: { equals: user.email },
    })
    expect(entry).toMatchObject({
      actor: { relationTo: 'users', value: user.id },
      targetCollection: 'users',
      targetId: String(user.id),
      ip: '198.51.100.4',
      details: { via: 'REST' },
    })
  })

  it('records a failed GraphQL login with the e-mail taken from the mutation variables', async () => {
    const res = await app.call('POST', '/api/graphql', {
      body: {
        query:
          'mutation ($email: String!, $password: String!) { loginUser(email: $email, password: $password) { token } }',
        variables: { email: 'graphql-guess@audit.test', password: 'graphql-password-9' },
      },
      headers: { 'x-real-ip': '203.0.113.8' },
    })

    expect(res.body.errors).toBeDefined()
    const [entry] = await entries({
      action: { equals: 'login-failed' },
      actorLabel: { equals: 'graphql-guess@audit.test' },
    })
    expect(entry).toMatchObject({
      ip: '203.0.113.8',
      details: { reason: 'invalid-credentials', via: 'GraphQL' },
    })
    expect(JSON.stringify(entry)).not.toContain('graphql-password-9')
  })

  it('records each failed login of a batched GraphQL request with its own e-mail', async () => {
    await app.call('POST', '/api/graphql', {
      body: {
        query: `mutation {
          a: loginUser(email: "batch-a@audit.test", password: "x-1") { token }
          b: loginUser(email: "batch-b@audit.test", password: "x-2") { token }
        }`,
      },
    })

    const failures = await entries({
      action: { equals: 'login-failed' },
      actorLabel: { like: 'batch-' },
    })
    expect(failures.map((entry) => entry.actorLabel).sort()).toEqual([
      'batch-a@audit.test',
      'batch-b@audit.test',
    ])
  })

  it('records a logout', async () => {
    const user = await createUser('logout@audit.test')
    const token = await app.login({ email: user.email, password })

    const res = await app.call('POST', '/api/users/logout', { token })

    expect(res.status).toBe(200)
    const [entry] = await entries({
      action: { equals: 'logout' },
      actorLabel: { equals: user.email },
    })
    expect(entry).toMatchObject({ actor: { relationTo: 'users', value: user.id } })
  })

  it('cannot see a failed Local API login: Payload runs no hook for it', async () => {
    await expect(
      app.local.login({
        collection: 'users',
        data: { email: 'local-guess@audit.test', password: 'nope-nope-1' },
      }),
    ).rejects.toThrow()

    expect(await entries({ actorLabel: { equals: 'local-guess@audit.test' } })).toHaveLength(0)
  })
})

describe('changes of watched fields', () => {
  it('records a role change with the old and the new role and who made it', async () => {
    const user = await createUser('promoted@audit.test')

    const res = await app.call('PATCH', `/api/users/${user.id}`, {
      body: { role: 'admin' },
      token: adminToken,
      headers: { 'x-real-ip': '203.0.113.20' },
    })

    expect(res.status).toBe(200)
    const [entry] = await entries({
      action: { equals: 'role-change' },
      targetId: { equals: String(user.id) },
    })
    expect(entry).toMatchObject({
      actor: { relationTo: 'users', value: admin.id },
      actorLabel: admin.email,
      targetCollection: 'users',
      ip: '203.0.113.20',
      details: { field: 'role', from: 'unit-editor', to: 'admin', operation: 'update' },
    })
    expect(entry!.summary).toContain('角色由 unit-editor 改为 admin')
    expect(entry!.summary).toContain('role changed from unit-editor to admin')
    expect(entry!.summary.indexOf('角色')).toBeLessThan(entry!.summary.indexOf('role changed'))
  })

  it('records an organizer change under its own action name', async () => {
    const user = await createUser('moved@audit.test', { organizer: 'linfen' })

    await app.call('PATCH', `/api/users/${user.id}`, {
      body: { organizer: 'shanghai' },
      token: adminToken,
    })

    const [entry] = await entries({
      action: { equals: 'organizer-change' },
      targetId: { equals: String(user.id) },
    })
    expect(entry!.details).toMatchObject({ field: 'organizer', from: 'linfen', to: 'shanghai' })
  })

  it('records the role a new user is created with', async () => {
    const res = await app.call('POST', '/api/users', {
      body: { email: 'born-admin@audit.test', password, role: 'admin' },
      token: adminToken,
    })

    const [entry] = await entries({
      action: { equals: 'role-change' },
      targetId: { equals: String(res.body.doc.id) },
    })
    expect(entry!.details).toMatchObject({ from: null, to: 'admin', operation: 'create' })
  })

  it('records nothing when a save leaves the watched fields as they were', async () => {
    const user = await createUser('renamed@audit.test')

    const res = await app.call('PATCH', `/api/users/${user.id}`, {
      body: { name: 'New name', role: 'unit-editor' },
      token: adminToken,
    })

    expect(res.body.doc).toMatchObject({ name: 'New name', role: 'unit-editor' })
    expect(
      await entries({
        targetId: { equals: String(user.id) },
        targetCollection: { equals: 'users' },
      }),
    ).toHaveLength(0)
  })
})

describe('deletes', () => {
  it('records a delete with the document title', async () => {
    const post = await app.local.create({
      collection: 'posts',
      data: { title: 'To be deleted' },
      ...quietly,
    })

    const res = await app.call('DELETE', `/api/posts/${post.id}`, { token: editorToken })

    expect(res.status).toBe(200)
    const [entry] = await entries({
      action: { equals: 'delete' },
      targetCollection: { equals: 'posts' },
      targetId: { equals: String(post.id) },
    })
    expect(entry).toMatchObject({
      actor: { relationTo: 'users', value: editor.id },
      actorLabel: editor.email,
    })
    expect(entry!.summary).toBe(
      `删除 posts #${post.id}（To be deleted） / deleted posts #${post.id} (To be deleted)`,
    )
  })

  it('records every document of a bulk delete', async () => {
    const first = await app.local.create({
      collection: 'posts',
      data: { title: 'bulk-gone one' },
      ...quietly,
    })
    const second = await app.local.create({
      collection: 'posts',
      data: { title: 'bulk-gone two' },
      ...quietly,
    })

    const res = await app.call('DELETE', '/api/posts?where[title][like]=bulk-gone', {
      token: editorToken,
    })

    expect(res.status).toBe(200)
    const deleted = await entries({
      action: { equals: 'delete' },
      targetId: { in: [String(first.id), String(second.id)] },
    })
    expect(deleted.map((entry) => entry.targetId).sort()).toEqual(
      [String(first.id), String(second.id)].sort(),
    )
  })

  it('records an account deleting itself, named by its e-mail', async () => {
    const user = await createUser('leaving@audit.test')
    const token = await app.login({ email: user.email, password })

    const res = await app.call('DELETE', `/api/users/${user.id}`, { token })

    expect(res.status).toBe(200)
    const [entry] = await entries({
      action: { equals: 'delete' },
      targetCollection: { equals: 'users' },
      targetId: { equals: String(user.id) },
    })
    expect(entry!.actor ?? null).toBeNull()
    expect(entry).toMatchObject({ actorLabel: user.email, details: { isSelf: true } })
  })

  it('records nothing for an operation run with context.skipAuditLog', async () => {
    const post = await app.local.create({
      collection: 'posts',
      data: { title: 'Quiet delete' },
      ...quietly,
    })

    await app.local.delete({ collection: 'posts', id: post.id, ...quietly })

    expect(
      await entries({
        targetCollection: { equals: 'posts' },
        targetId: { equals: String(post.id) },
      }),
    ).toHaveLength(0)
  })
})

describe('publishing', () => {
  const createDraft = async (title: string) =>
    (
      await app.call('POST', '/api/posts?draft=true', {
        body: { title, _status: 'draft' },
        token: editorToken,
      })
    ).body.doc as Doc
  const publicationsOf = (id: number) =>
    entries({
      action: { in: ['publish', 'unpublish'] },
      targetCollection: { equals: 'posts' },
      targetId: { equals: String(id) },
    })

  it('records publishing a draft', async () => {
    const post = await createDraft('Draft to publish')

    await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'published' },
      token: editorToken,
    })

    const published = await publicationsOf(post.id)
    expect(published.map((entry) => entry.action)).toEqual(['publish'])
    expect(published[0]).toMatchObject({
      actorLabel: editor.email,
      summary: expect.stringContaining('发布 posts'),
    })
  })

  it('records nothing for a draft saved over a published document', async () => {
    const post = await createDraft('Published, then edited as draft')
    await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'published' },
      token: editorToken,
    })

    const res = await app.call('PATCH', `/api/posts/${post.id}?draft=true`, {
      body: { title: 'A new draft' },
      token: editorToken,
    })

    expect(res.body.doc).toMatchObject({ title: 'A new draft', _status: 'draft' })
    expect(
      await app.local.findByID({ collection: 'posts', id: post.id, ...quietly }),
    ).toMatchObject({
      title: 'Published, then edited as draft',
      _status: 'published',
    })
    expect((await publicationsOf(post.id)).map((entry) => entry.action)).toEqual(['publish'])
  })

  it('records publishing the pending draft changes of a live document', async () => {
    const post = await createDraft('Live, with pending changes')
    await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'published' },
      token: editorToken,
    })
    await app.call('PATCH', `/api/posts/${post.id}?draft=true`, {
      body: { title: 'Pending change' },
      token: editorToken,
    })

    const res = await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'published' },
      token: editorToken,
    })

    expect(res.body.doc).toMatchObject({ title: 'Pending change', _status: 'published' })
    const published = await publicationsOf(post.id)
    expect(
      published.map((entry) => [entry.action, entry.details.changesPublished ?? false]),
    ).toEqual([
      ['publish', false],
      ['publish', true],
    ])
  })

  it('records nothing for a direct save of a live document', async () => {
    const post = await createDraft('Live, edited directly')
    await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'published' },
      token: editorToken,
    })

    const res = await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { title: 'Edited live' },
      token: editorToken,
    })

    expect(res.body.doc).toMatchObject({ title: 'Edited live', _status: 'published' })
    expect((await publicationsOf(post.id)).map((entry) => entry.action)).toEqual(['publish'])
  })

  it('records unpublishing', async () => {
    const post = await createDraft('Published, then withdrawn')
    await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'published' },
      token: editorToken,
    })

    await app.call('PATCH', `/api/posts/${post.id}`, {
      body: { _status: 'draft' },
      token: editorToken,
    })

    expect((await publicationsOf(post.id)).map((entry) => entry.action)).toEqual([
      'publish',
      'unpublish',
    ])
  })

  it('records publish and unpublish of a status field named by publishedWhen', async () => {
    const story = await app.local.create({
      collection: 'stories',
      data: { title: 'Craftsman', status: 'draft' },
      ...quietly,
    })

    const saves = [
      await app.call('PATCH', `/api/stories/${story.id}`, {
        body: { status: 'published' },
        token: editorToken,
      }),
      await app.call('PATCH', `/api/stories/${story.id}`, {
        body: { title: 'Craftsman, retitled' },
        token: editorToken,
      }),
      await app.call('PATCH', `/api/stories/${story.id}`, {
        body: { status: 'draft' },
        token: editorToken,
      }),
    ]

    expect(saves.map((res) => res.status)).toEqual([200, 200, 200])
    const changes = await entries({
      action: { in: ['publish', 'unpublish'] },
      targetCollection: { equals: 'stories' },
    })
    expect(changes.map((entry) => entry.action)).toEqual(['publish', 'unpublish'])
  })
})

describe('API keys', () => {
  const apiKey = 'ak-3f1c9e0a-6a55-4c2e-9a70-1b2c3d4e5f60'

  it('records the creation of an API key without the key', async () => {
    const res = await app.call('POST', '/api/partner-accounts', {
      body: { name: 'Key holder', enableAPIKey: true, apiKey },
      token: adminToken,
    })

    expect(res.status).toBe(201)
    const [entry] = await entries({
      action: { equals: 'api-key-created' },
      targetId: { equals: String(res.body.doc.id) },
    })
    expect(entry).toMatchObject({
      actorLabel: admin.email,
      targetCollection: 'partner-accounts',
      details: { replacedPrevious: false },
    })
    expect(JSON.stringify(entry)).not.toContain(apiKey)
    expect(JSON.stringify(entry)).not.toContain(apiKey.slice(3, 15))
  })

  it('records a replaced API key as a new key', async () => {
    const account = await app.local.create({
      collection: 'partner-accounts',
      data: { name: 'Rotating', enableAPIKey: true, apiKey: 'ak-rotate-old-0001' },
      ...quietly,
    })

    const res = await app.call('PATCH', `/api/partner-accounts/${account.id}`, {
      body: { apiKey: 'ak-rotate-new-0002' },
      token: adminToken,
    })

    expect(res.status).toBe(200)
    const [entry] = await entries({
      action: { equals: 'api-key-created' },
      targetId: { equals: String(account.id) },
    })
    expect(entry!.details).toMatchObject({ replacedPrevious: true })
    expect(JSON.stringify(entry)).not.toContain('ak-rotate')
  })

  it('records turning the API key off as a revocation', async () => {
    const account = await app.local.create({
      collection: 'partner-accounts',
      data: { name: 'Revoked', enableAPIKey: true, apiKey: 'ak-revoke-me-0003' },
      ...quietly,
    })

    const res = await app.call('PATCH', `/api/partner-accounts/${account.id}`, {
      body: { enableAPIKey: false },
      token: adminToken,
    })

    expect(res.status).toBe(200)
    const changes = await entries({
      action: { in: ['api-key-created', 'api-key-revoked'] },
      targetId: { equals: String(account.id) },
    })
    expect(changes.map((entry) => entry.action)).toEqual(['api-key-revoked'])
  })

  it('records nothing when a partner account is saved without touching its key', async () => {
    const account = await app.local.create({
      collection: 'partner-accounts',
      data: { name: 'Renamed', enableAPIKey: true, apiKey: 'ak-untouched-0004' },
      ...quietly,
    })

    const res = await app.call('PATCH', `/api/partner-accounts/${account.id}`, {
      body: { name: 'Renamed again', enableAPIKey: true },
      token: adminToken,
    })

    expect(res.body.doc).toMatchObject({ name: 'Renamed again' })
    expect(
      await entries({
        targetCollection: { equals: 'partner-accounts' },
        targetId: { equals: String(account.id) },
      }),
    ).toHaveLength(0)
  })
})

describe('partner reads', () => {
  const partnerKey = 'ak-partner-reader-0005'
  let partner: Doc

  beforeAll(async () => {
    partner = await app.local.create({
      collection: 'partner-accounts',
      data: { name: 'Reader site', enableAPIKey: true, apiKey: partnerKey },
      ...quietly,
    })
    for (const title of ['feed one', 'feed two', 'feed three']) {
      await app.local.create({
        collection: 'posts',
        data: { title, author: editor.id, _status: 'published' },
        ...quietly,
      })
    }
  })

  const readsBy = () =>
    entries({
      action: { equals: 'partner-read' },
      actor: { equals: { relationTo: 'partner-accounts', value: partner.id } },
    })

  it('records one entry per REST read with the number of documents and the query, not one per document', async () => {
    const before = (await readsBy()).length

    const res = await app.call('GET', '/api/posts?where[title][like]=feed&depth=1&limit=10', {
      apiKey: partnerKey,
      headers: { 'x-real-ip': '192.0.2.50' },
    })

    expect(res.status).toBe(200)
    expect(res.body.docs).toHaveLength(3)
    // Populating each post's author is part of the same read.
    expect(res.body.docs[0].author).toMatchObject({ id: editor.id })
    const reads = await readsBy()
    expect(reads).toHaveLength(before + 1)
    expect(reads.at(-1)).toMatchObject({
      actorLabel: `partner-accounts#${partner.id}`,
      targetCollection: 'posts',
      ip: '192.0.2.50',
      details: {
        operation: 'find',
        returned: 3,
        totalDocs: 3,
        where: { title: { like: 'feed' } },
        limit: 10,
        via: 'REST',
      },
    })
  })

  it('records a read by ID and a count as one entry each', async () => {
    const [post] = (
      await app.local.find({
        collection: 'posts',
        where: { title: { equals: 'feed one' } },
        ...quietly,
      })
    ).docs
    const before = (await readsBy()).length

    await app.call('GET', `/api/posts/${post!.id}`, { apiKey: partnerKey })
    await app.call('GET', '/api/posts/count', { apiKey: partnerKey })

    const reads = (await readsBy()).slice(before)
    expect(reads.map((entry) => [entry.details.operation, entry.targetId])).toEqual([
      ['findByID', String(post!.id)],
      ['count', null],
    ])
  })

  it('records one entry per GraphQL query field', async () => {
    const before = (await readsBy()).length

    const res = await app.call('POST', '/api/graphql', {
      apiKey: partnerKey,
      body: {
        query:
          '{ Posts(where: { title: { like: "feed" } }) { totalDocs docs { title author { id } } } }',
      },
    })

    expect(res.body.data.Posts.totalDocs).toBe(3)
    const reads = (await readsBy()).slice(before)
    expect(reads.map((entry) => [entry.details.operation, entry.details.via])).toEqual([
      ['find', 'GraphQL'],
    ])
  })

  it('records nothing for reads by staff users', async () => {
    const res = await app.call('GET', '/api/posts?where[title][like]=feed', {
      token: adminToken,
    })

    expect(res.body.totalDocs).toBe(3)
    expect(
      await entries({ action: { equals: 'partner-read' }, actorLabel: { equals: admin.email } }),
    ).toHaveLength(0)
  })
})

describe('entries cannot be changed', () => {
  let entry: Doc

  beforeAll(async () => {
    entry = await app.local.create({
      collection: audit,
      data: { action: 'delete', actorLabel: 'fixture', summary: 'original summary' },
      overrideAccess: true,
    })
  })

  const tokenOf = (role: 'admin' | 'unit-editor') => (role === 'admin' ? adminToken : editorToken)
  const userOf = (role: 'admin' | 'unit-editor') => (role === 'admin' ? admin : editor)
  const roles = ['admin', 'unit-editor'] as const

  it.each(roles)('refuses REST create, update and delete to the %s role with 403', async (role) => {
    const token = tokenOf(role)

    const attempts = await Promise.all([
      app.call('POST', `/api/${audit}`, {
        body: { action: 'login', summary: 'forged' },
        token,
      }),
      app.call('PATCH', `/api/${audit}/${entry.id}`, { body: { summary: 'tampered' }, token }),
      app.call('PATCH', `/api/${audit}?where[id][equals]=${entry.id}`, {
        body: { summary: 'tampered' },
        token,
      }),
      app.call('DELETE', `/api/${audit}/${entry.id}`, { token }),
      app.call('DELETE', `/api/${audit}?where[id][equals]=${entry.id}`, { token }),
    ])

    expect(attempts.map((attempt) => attempt.status)).toEqual([403, 403, 403, 403, 403])
    expect(
      await app.local.findByID({ collection: audit, id: entry.id, overrideAccess: true }),
    ).toMatchObject({
      summary: 'original summary',
    })
  })

  it.each(roles)('offers the %s role no GraphQL mutation of entries', async (role) => {
    const token = tokenOf(role)
    const mutations = [
      'mutation { createAuditLog(data: { action: login, summary: "forged" }) { id } }',
      `mutation { updateAuditLog(id: ${entry.id}, data: { summary: "tampered" }) { id } }`,
      `mutation { deleteAuditLog(id: ${entry.id}) { id } }`,
    ]

    const results = await Promise.all(
      mutations.map((query) => app.call('POST', '/api/graphql', { body: { query }, token })),
    )

    expect(results.every((result) => result.body.errors?.length > 0)).toBe(true)
    expect(
      await app.local.findByID({ collection: audit, id: entry.id, overrideAccess: true }),
    ).toMatchObject({
      summary: 'original summary',
    })
  })

  it.each(roles)(
    'refuses Local API writes with overrideAccess: false to the %s role',
    async (role) => {
      const user = { ...userOf(role), collection: 'users' }

      await expect(
        app.local.create({
          collection: audit,
          data: { action: 'login', summary: 'forged' },
          overrideAccess: false,
          user,
        }),
      ).rejects.toThrow(/not allowed/i)
      await expect(
        app.local.update({
          collection: audit,
          id: entry.id,
          data: { summary: 'tampered' },
          overrideAccess: false,
          user,
        }),
      ).rejects.toThrow(/not allowed/i)
      await expect(
        app.local.delete({ collection: audit, id: entry.id, overrideAccess: false, user }),
      ).rejects.toThrow(/not allowed/i)
      expect(
        await app.local.findByID({ collection: audit, id: entry.id, overrideAccess: true }),
      ).toMatchObject({
        summary: 'original summary',
      })
    },
  )

  it('offers no duplicate endpoint for entries', async () => {
    const res = await app.call('POST', `/api/${audit}/${entry.id}/duplicate`, {
      token: adminToken,
    })

    expect(res.status).toBe(404)
  })

  it('lets logged-in users read entries and hides them from anonymous requests', async () => {
    const asAdmin = await app.call('GET', `/api/${audit}/${entry.id}`, { token: adminToken })
    const anonymous = await app.call('GET', `/api/${audit}/${entry.id}`)

    expect([asAdmin.status, anonymous.status]).toEqual([200, 403])
  })
})

describe('retention', () => {
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString()
  const backdated = (summary: string, days: number) =>
    app.local.create({
      collection: audit,
      data: { action: 'login', actorLabel: 'retention', summary, createdAt: daysAgo(days) },
      overrideAccess: true,
    })

  it('purges, through the queued task, only entries older than the retention', async () => {
    const old = await backdated('old entry', 31)
    const recent = await backdated('recent entry', 29)

    await app.payload.jobs.queue({ task: 'purgeAuditLog' as never, input: {} as never })
    await app.payload.jobs.run({ limit: 10 })

    const left = await entries({ actorLabel: { equals: 'retention' } })
    expect(left.map((entry) => entry.id)).toEqual([recent.id])
    expect(left.map((entry) => entry.id)).not.toContain(old.id)
  })

  it('purges from a direct call relative to the given time', async () => {
    const entry = await backdated('purged at a later date', 5)

    const result = await purgeAuditLog({
      collectionSlug: audit,
      now: new Date(Date.now() + 26 * 24 * 60 * 60 * 1000),
      payload: app.payload,
      retentionDays: 30,
    })

    expect(result.deleted).toBeGreaterThanOrEqual(1)
    expect(await entries({ id: { equals: entry.id } })).toHaveLength(0)
  })

  it('schedules the purge daily on the default queue', async () => {
    const task = app.config.jobs.tasks?.find((each) => each.slug === 'purgeAuditLog')
    expect(task?.schedule).toEqual([{ cron: '0 30 3 * * *', queue: 'default' }])

    await app.payload.jobs.handleSchedules({ allQueues: true })

    const { docs } = await app.local.find({
      collection: 'payload-jobs',
      where: {
        taskSlug: { equals: 'purgeAuditLog' },
        processing: { equals: false },
        completedAt: { exists: false },
      },
      overrideAccess: true,
    })
    expect(docs).toHaveLength(1)
    expect(new Date(docs[0]!.waitUntil).getTime()).toBeGreaterThan(Date.now())
  })
})

describe('the log write', () => {
  it('never fails the operation: a failing write inside its transaction leaves the rest of it in place', async () => {
    const req = (await createLocalReq({}, app.payload)) as PayloadRequest
    await initTransaction(req)
    const before = await app.local.create({
      collection: 'posts',
      data: { title: 'savepoint before' },
      req,
      ...quietly,
    })

    // An actor that does not exist violates the foreign key of the entry: the insert fails.
    await writeEntry({
      entry: {
        action: 'delete',
        actor: { collection: 'users', id: 987_654 },
        actorLabel: 'ghost',
        summary: 'doomed entry',
      },
      options: {
        actorCollections: ['users', 'partner-accounts'],
        collectionSlug: audit,
        ipHeader: 'x-real-ip',
        publishedWhen: {},
        readerCollections: [],
        retentionDays: 30,
        watchedFields: {},
      },
      req,
    })
    const after = await app.local.create({
      collection: 'posts',
      data: { title: 'savepoint after' },
      req,
      ...quietly,
    })
    await commitTransaction(req)

    const kept = await app.local.find({
      collection: 'posts',
      where: { id: { in: [before.id, after.id] } },
      ...quietly,
    })
    expect(kept.totalDocs).toBe(2)
    expect(await entries({ summary: { equals: 'doomed entry' } })).toHaveLength(0)
  })
})
