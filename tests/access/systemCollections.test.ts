/**
 * Payload's own collections and operations that are open by default: edit locks
 * (`payload-locked-documents`), which anyone logged in could forge in another's name or delete,
 * and `unlock`, which any logged-in user could run on any account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from './matrix/harness'

import { openMatrix } from './matrix/harness'

let m: Matrix

beforeAll(async () => {
  m = await openMatrix({ name: 'access_system_collections' })
}, 300_000)

afterAll(async () => {
  await m?.close()
})

const locks = '/api/payload-locked-documents'
const lockOf = (entry: number, userId: number) => ({
  document: { relationTo: 'entries', value: entry },
  user: { relationTo: 'users', value: userId },
})
const lockCount = async () =>
  (await m.payload.count({ collection: 'payload-locked-documents' })).totalDocs

describe('edit locks', () => {
  it.each<[RoleName, string]>([
    ['partner', 'a partner key'],
    ['judge', 'a judge'],
    ['public', 'an anonymous caller'],
    ['wrongKey', 'a made-up key'],
  ])('%s (%s) cannot lock a document in an editor’s name', async (role) => {
    const before = await lockCount()
    const { status } = await m.call(
      role,
      'POST',
      locks,
      lockOf(m.fx.entries.city, m.fx.users.cityEditor),
    )
    expect(status).toBeGreaterThanOrEqual(401)
    expect(status).toBeLessThan(500)
    expect(await lockCount()).toBe(before)
  })

  it('an editor cannot take a lock in another editor’s name', async () => {
    const before = await lockCount()
    const { status, body } = await m.call(
      'countyEditor',
      'POST',
      locks,
      lockOf(m.fx.entries.yaodu, m.fx.users.organizer),
    )
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '只能以自己的名义锁定文档 / a lock can only be taken in your own name',
    )
    expect(await lockCount()).toBe(before)
  })

  it('an editor cannot lock a document it may not edit, even in its own name', async () => {
    const { status, body } = await m.call(
      'shanghaiEditor',
      'POST',
      locks,
      lockOf(m.fx.entries.city, m.fx.users.shanghaiEditor),
    )
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '只能锁定自己有权编辑的文档 / only documents you may edit can be locked',
    )
  })

  it('an editor locks what it may edit, in its own name, and the lock holds against others', async () => {
    const { status, body } = await m.call(
      'countyEditor',
      'POST',
      locks,
      lockOf(m.fx.entries.yaodu, m.fx.users.countyEditor),
    )
    expect(status).toBe(201)
    // The Linfen city editor's save now meets the county editor's lock, as Payload intends.
    const other = await m.call('cityEditor', 'PATCH', `/api/entries/${m.fx.entries.yaodu}`, {
      description: '市级修改',
    })
    expect(other.status).toBe(423)
    // Nobody else may delete it, not even an admin; its owner may.
    for (const role of ['cityEditor', 'admin', 'partner', 'judge'] as const) {
      expect((await m.call(role, 'DELETE', `${locks}/${body.doc.id}`)).status, role).not.toBe(200)
    }
    expect((await m.call('countyEditor', 'DELETE', `${locks}/${body.doc.id}`)).status).toBe(200)
    expect(
      (
        await m.call('cityEditor', 'PATCH', `/api/entries/${m.fx.entries.yaodu}`, {
          description: '市级修改',
        })
      ).status,
    ).toBe(200)
  })

  it('an editor may take over a lock in its own name (Payload’s “take over”), never hand it to someone else', async () => {
    const lock = await m.payload.create({
      collection: 'payload-locked-documents',
      data: lockOf(m.fx.entries.huozhou, m.fx.users.organizer) as never,
    })
    const handOver = await m.call('cityEditor', 'PATCH', `${locks}/${lock.id}`, {
      user: { relationTo: 'users', value: m.fx.users.countyEditor },
    })
    expect(handOver.status).toBe(403)
    const takeOver = await m.call('cityEditor', 'PATCH', `${locks}/${lock.id}`, {
      user: { relationTo: 'users', value: m.fx.users.cityEditor },
    })
    expect(takeOver.status).toBe(200)
  })

  it('partners, judges and the public read no locks, over REST or GraphQL', async () => {
    for (const role of ['partner', 'judge', 'public'] as const) {
      const rest = await m.call(role, 'GET', locks)
      expect(rest.body?.docs?.length ?? 0, role).toBe(0)
      const gql = await m.call(role, 'POST', '/api/graphql', {
        query: '{ PayloadLockedDocuments { docs { id } } }',
      })
      expect(gql.body?.data?.PayloadLockedDocuments?.docs?.length ?? 0, role).toBe(0)
    }
  })
})

describe('unlocking an account locked by failed logins', () => {
  const lockOut = async (email: string) => {
    for (let i = 0; i < 5; i += 1) {
      await m.call('public', 'POST', '/api/users/login', { email, password: 'wrong-password-xx' })
    }
    const user = (
      await m.payload.find({
        collection: 'users',
        where: { email: { equals: email } },
        showHiddenFields: true,
      })
    ).docs[0]!
    expect(user.lockUntil, `${email} is locked`).toBeTruthy()
  }

  it.each<RoleName>(['judge', 'organizer', 'cityEditor', 'partner', 'public'])(
    'is refused to %s',
    async (role) => {
      await lockOut('editor@shanghai.test')
      const { status } = await m.call(role, 'POST', '/api/users/unlock', {
        email: 'editor@shanghai.test',
      })
      expect(status).toBeGreaterThanOrEqual(401)
      expect(status).toBeLessThan(500)
      const user = (
        await m.payload.find({
          collection: 'users',
          where: { email: { equals: 'editor@shanghai.test' } },
          showHiddenFields: true,
        })
      ).docs[0]!
      expect(user.lockUntil).toBeTruthy()
    },
  )

  it('is the office’s, over REST and GraphQL, and is recorded in the audit log', async () => {
    await lockOut('editor@shanghai.test')
    expect(
      (await m.call('admin', 'POST', '/api/users/unlock', { email: 'editor@shanghai.test' }))
        .status,
    ).toBe(200)
    const user = (
      await m.payload.find({
        collection: 'users',
        where: { email: { equals: 'editor@shanghai.test' } },
        showHiddenFields: true,
      })
    ).docs[0]!
    expect(user.lockUntil ?? null).toBeNull()
    const entries = await m.payload.find({
      collection: 'audit-log',
      where: { action: { equals: 'unlock' } },
      sort: '-createdAt',
    })
    expect(entries.docs[0]).toMatchObject({
      action: 'unlock',
      actorLabel: 'admin@test.local',
      targetCollection: 'users',
      targetId: String(user.id),
    })
    expect(entries.docs[0]!.summary).toContain('editor@shanghai.test')

    await lockOut('editor@shanghai.test')
    const gql = await m.call('admin', 'POST', '/api/graphql', {
      query: 'mutation { unlockUser(email: "editor@shanghai.test") }',
    })
    expect(gql.body.errors).toBeUndefined()
    expect(
      (await m.payload.count({ collection: 'audit-log', where: { action: { equals: 'unlock' } } }))
        .totalDocs,
    ).toBe(2)
  })
})
