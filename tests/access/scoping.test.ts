import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'
import type { AccessFixture } from './fixture'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'
import { buildAccessFixture, password } from './fixture'

let booted: Booted
let payload: Payload
let http: Awaited<ReturnType<typeof serveApp>>
let fx: AccessFixture
let county: Api
let city: Api
let judge: Api
let organizer: Api
let anonymous: Api
let partner: Api

beforeAll(async () => {
  booted = await bootPayload({ name: 'access_scoping' })
  payload = booted.payload
  http = await serveApp({ payload: () => payload, config: booted.config })
  fx = await buildAccessFixture(payload)
  county = await apiClient(http.url, { email: 'yaodu@linfen.test', password })
  city = await apiClient(http.url, { email: 'city@linfen.test', password })
  judge = await apiClient(http.url, { email: 'judge@linfen.test', password })
  organizer = await apiClient(http.url, { email: 'organizer@linfen.test', password })
  anonymous = await apiClient(http.url, null)
  partner = await apiClient(http.url, null, {
    Authorization: `partner-accounts API-Key ${fx.partnerApiKey}`,
  })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

describe('one Linfen county cannot read another county’s entry, by any route', () => {
  it('not in its list', async () => {
    const { body } = await county.get('/api/entries?limit=0')
    expect(body.docs.map((d: { id: number }) => d.id)).not.toContain(fx.entries.huozhou)
  })

  it('not by id', async () => {
    const { status, body } = await county.get(`/api/entries/${fx.entries.huozhou}`)
    expect(status).toBe(404)
    expect(JSON.stringify(body)).not.toContain('战疫一线')
  })

  it('not over GraphQL, by id or in a filtered list', async () => {
    const one = await county.graphql(`{ Entry(id: ${fx.entries.huozhou}) { title } }`)
    expect(one.body.data?.Entry ?? null).toBeNull()
    const list = await county.graphql(
      `{ Entries(where: { submittingUnit: { equals: ${fx.organizers.huozhou} } }) { totalDocs docs { title } } }`,
    )
    expect(list.body.data.Entries.docs.map((d: { title: string }) => d.title).sort()).toEqual(
      ['霍州市：劳动者之歌', '霍州市：大国工匠在身边'].sort(),
    )
  })

  it('not through a relationship of a document it can read', async () => {
    // 尧都区工匠 (its own) lists 霍州's entry among its related entries.
    const { body } = await county.get(`/api/featured-workers/${fx.featuredWorkers.yaodu}?depth=1`)
    expect(JSON.stringify(body.relatedEntries ?? [])).not.toContain('战疫一线')
    const gql = await county.graphql(
      `{ FeaturedWorker(id: ${fx.featuredWorkers.yaodu}) { relatedEntries { title } } }`,
    )
    expect(JSON.stringify(gql.body.data)).not.toContain('战疫一线')
  })

  it('while the Linfen city editor reads both counties’ entries', async () => {
    const { body } = await city.get('/api/entries?limit=0')
    expect(body.docs.map((d: { id: number }) => d.id)).toEqual(
      expect.arrayContaining([fx.entries.yaodu, fx.entries.huozhou]),
    )
    expect((await city.get(`/api/entries/${fx.entries.huozhou}`)).status).toBe(200)
    const rel = await city.get(`/api/featured-workers/${fx.featuredWorkers.yaodu}?depth=1`)
    expect(rel.body.relatedEntries[0].title).toBe('霍州市：战疫一线')
  })
})

describe('private fields are absent, not null-filled', () => {
  it.each([
    ['the public', () => anonymous],
    ['a partner', () => partner],
    ['a judge', () => judge],
  ])('%s sees only the contact fields the notice published', async (_, client) => {
    const { body } = await client().get(`/api/contacts/${fx.contacts.linfen}`)
    expect(body).toMatchObject({
      name: '赵起越',
      department: '市总宣传网络中心',
      landline: '0357-2080181',
    })
    expect(body).not.toHaveProperty('mobile')
    const unpublished = await client().get(`/api/contacts/${fx.contacts.yaodu}`)
    expect(unpublished.body).not.toHaveProperty('mobile')
  })

  it('staff see every contact field', async () => {
    const { body } = await city.get(`/api/contacts/${fx.contacts.linfen}`)
    expect(body.mobile).toBe('13800000001')
  })

  it('a judge reads its assigned entry without the authors’ contacts, the judges or internal notes', async () => {
    const { status, body } = await judge.get(`/api/entries/${fx.entries.huozhou}`)
    expect(status).toBe(200)
    expect(body.authors[0]).toMatchObject({ name: '张师傅', unit: '临汾钢铁厂' })
    expect(body.authors[0]).not.toHaveProperty('mobile')
    expect(body.authors[0]).not.toHaveProperty('email')
    expect(body).not.toHaveProperty('internalNotes')
    expect(body).not.toHaveProperty('judges')
  })

  it('GraphQL gives the public no recommender and no internal notes of a published craftsman', async () => {
    const { body } = await anonymous.graphql(
      `{ FeaturedWorker(id: ${fx.featuredWorkers.huozhou}) { name recommender { name } internalNotes } }`,
    )
    expect(body.data.FeaturedWorker.name).toBe('霍州市工匠')
    // GraphQL's schema fixes the shape, so a withheld field reads as null there.
    expect(body.data.FeaturedWorker.recommender?.name ?? null).toBeNull()
    expect(body.data.FeaturedWorker.internalNotes).toBeNull()
    const rest = await anonymous.get(`/api/featured-workers/${fx.featuredWorkers.huozhou}`)
    expect(rest.body).not.toHaveProperty('recommender')
  })
})

describe('what each role may write into a document', () => {
  it('a county editor cannot file an entry under the neighbouring county', async () => {
    const { status, body } = await county.post('/api/entries', {
      title: '越权报送',
      subProject: fx.subProjects.linfen,
      submittingUnit: fx.organizers.huozhou,
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toContain('报送单位“霍州市总工会”不是本单位或下级单位')
  })

  it('a unit editor reports upward but cannot award or publish', async () => {
    expect(
      (await county.patch(`/api/entries/${fx.entries.yaodu}`, { status: 'reported' })).status,
    ).toBe(200)
    const { status } = await county.patch(`/api/entries/${fx.entries.yaodu}`, {
      status: 'published',
    })
    expect(status).toBe(403)
    expect((await payload.findByID({ collection: 'entries', id: fx.entries.yaodu })).status).toBe(
      'reported',
    )
  })

  it('an organizer cannot add a sub-project to a campaign its unit does not host', async () => {
    const { status } = await organizer.post('/api/sub-projects', {
      campaign: fx.campaigns.shanghai,
      name: '越权子项目',
      kind: 'other',
    })
    expect(status).toBe(403)
  })

  it('an organizer’s new campaign is hosted by its own unit', async () => {
    const { status, body } = await organizer.post('/api/campaigns', {
      name: '2021年临汾市主题活动',
      year: 2021,
      status: 'draft',
    })
    expect(status).toBe(201)
    expect(body.doc.hosts.map((h: { id: number }) => h.id)).toEqual([fx.organizers.linfen])
  })
})

describe('users and their roles', () => {
  it('a user cannot raise its own role or move itself to another unit', async () => {
    const { status } = await county.patch(`/api/users/${fx.users.countyEditor}`, {
      role: 'admin',
      organizer: fx.organizers.national,
      name: '尧都编辑',
    })
    expect(status).toBe(200)
    const me = await payload.findByID({ collection: 'users', id: fx.users.countyEditor, depth: 0 })
    expect(me).toMatchObject({
      role: 'unit-editor',
      organizer: fx.organizers.yaodu,
      name: '尧都编辑',
    })
  })

  it('a password shorter than the rule is refused with a clear message', async () => {
    const admin = await apiClient(http.url)
    const { status, body } = await admin.post('/api/users', {
      email: 'short@linfen.test',
      password: 'short',
      role: 'judge',
    })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0].message).toContain('密码至少需要 10 个字符')
  })

  it('partner accounts cannot log into the admin with a password', async () => {
    const { status } = await anonymous.post('/api/partner-accounts/login', {
      email: 'x@example.com',
      password: 'whatever-password',
    })
    expect(status).toBeGreaterThanOrEqual(400)
  })

  it('locks an account after repeated failed logins', async () => {
    for (let i = 0; i < 5; i += 1) {
      await anonymous.post('/api/users/login', {
        email: 'judge@linfen.test',
        password: 'wrong-password-xx',
      })
    }
    const { status } = await anonymous.post('/api/users/login', {
      email: 'judge@linfen.test',
      password,
    })
    expect(status).toBe(401)
    expect(
      (await payload.findByID({ collection: 'users', id: fx.users.judge, showHiddenFields: true }))
        .lockUntil,
    ).toBeTruthy()
  })
})
