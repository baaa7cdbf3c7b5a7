/**
 * Private data inside readable documents: authors' phones and e-mails, judge assignments,
 * internal notes, recommenders, a contact's unpublished fields, a partner site's push settings,
 * and the ids of related documents the reader may not read. Each is returned only to whom it
 * concerns, and absent (not null-filled) for everyone else, over REST and GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from './matrix/harness'

import { openMatrix } from './matrix/harness'

let m: Matrix

beforeAll(async () => {
  m = await openMatrix({ name: 'access_private_fields' })
}, 300_000)

afterAll(async () => {
  await m?.close()
})

/** Roles whose subtree or hosted campaigns hold Linfen's published work (霍州's, in Linfen's campaign). */
const linfenReach: RoleName[] = ['admin', 'organizer', 'cityEditor']
/** Roles that read the published work but whom it does not concern. */
const outsiders: RoleName[] = [
  'countyOrganizer',
  'shanghaiOrganizer',
  'countyEditor',
  'shanghaiEditor',
  'judge',
  'partner',
  'public',
]

describe('a published work’s private fields', () => {
  it.each(linfenReach)('are returned to %s, whose reach holds the work', async (role) => {
    const { status, body } = await m.call(role, 'GET', `/api/entries/${m.fx.entries.published}`)
    expect(status).toBe(200)
    expect(body.authors[0]).toMatchObject({ mobile: '13900000000', email: 'zhang@example.com' })
    expect(body.internalNotes).toBe('内部：待核实')
    expect(body).toHaveProperty('judges')
  })

  it.each(outsiders)('are absent for %s, over REST and GraphQL', async (role) => {
    const { status, body } = await m.call(role, 'GET', `/api/entries/${m.fx.entries.published}`)
    expect(status).toBe(200)
    expect(body.authors[0].name).toBe('张师傅')
    expect(body.authors[0]).not.toHaveProperty('mobile')
    expect(body.authors[0]).not.toHaveProperty('email')
    expect(body).not.toHaveProperty('internalNotes')
    expect(body).not.toHaveProperty('judges')
    const gql = await m.call(role, 'POST', '/api/graphql', {
      query: `{ Entry(id: ${m.fx.entries.published}) { title internalNotes authors { name mobile email } } }`,
    })
    expect(gql.body.data.Entry.authors[0]).toMatchObject({
      name: '张师傅',
      mobile: null,
      email: null,
    })
    expect(gql.body.data.Entry.internalNotes).toBeNull()
  })
})

describe('a published craftsman’s recommender and notes', () => {
  it.each<[RoleName, boolean]>([
    ['admin', true],
    ['organizer', true],
    ['cityEditor', true],
    ['countyEditor', false],
    ['shanghaiOrganizer', false],
    ['shanghaiEditor', false],
    ['public', false],
  ])('%s reads them: %s', async (role, reads) => {
    const { body } = await m.call(
      role,
      'GET',
      `/api/featured-workers/${m.fx.featuredWorkers.huozhou}`,
    )
    expect(body.name).toBe('霍州市工匠')
    expect(body.recommender?.contact ?? null).toBe(reads ? '13700000000' : null)
    expect('internalNotes' in body).toBe(reads)
  })
})

describe('a contact’s unpublished fields', () => {
  it.each<[RoleName, boolean]>([
    ['admin', true],
    ['organizer', true],
    ['cityEditor', true],
    ['countyEditor', false],
    ['shanghaiOrganizer', false],
    ['shanghaiEditor', false],
    ['judge', false],
    ['partner', false],
    ['public', false],
  ])('%s reads the Linfen contact’s unpublished mobile: %s', async (role, reads) => {
    const { body } = await m.call(role, 'GET', `/api/contacts/${m.fx.contacts.linfen}`)
    // What the notice published is everyone's.
    expect(body).toMatchObject({
      name: '赵起越',
      department: '市总宣传网络中心',
      landline: '0357-2080181',
    })
    expect('mobile' in body).toBe(reads)
  })
})

describe('the admin’s create form', () => {
  it.each<[RoleName, 'entries' | 'featured-workers' | 'contacts', string]>([
    ['countyEditor', 'entries', 'internalNotes'],
    ['shanghaiOrganizer', 'entries', 'judges'],
    ['countyEditor', 'featured-workers', 'internalNotes'],
    ['countyEditor', 'contacts', 'mobile'],
  ])('shows %s the private fields of a new %s (%s)', async (role, slug, field) => {
    const { status, body } = await m.call(role, 'POST', `/api/${slug}/access`, { _status: 'draft' })
    expect(status).toBe(200)
    // `true` grants every operation on a field (or on every field); else per operation.
    const permission =
      body.fields === true ? true : body.fields[field] === true ? true : body.fields[field]?.read
    expect(
      permission === true || permission?.permission === true,
      JSON.stringify(body.fields).slice(0, 600),
    ).toBe(true)
  })

  it('but nobody outside the office filters on private fields', async () => {
    const { status, body } = await m.call(
      'public',
      'GET',
      '/api/entries?where[internalNotes][like]=%E5%86%85%E9%83%A8',
    )
    expect(
      [400, 403].includes(status) || body?.docs?.length === 0,
      JSON.stringify(body).slice(0, 200),
    ).toBe(true)
    const shanghai = await m.call(
      'shanghaiEditor',
      'GET',
      '/api/entries?where[authors.mobile][equals]=13900000000',
    )
    expect(
      [400, 403].includes(shanghai.status) || shanghai.body?.docs?.length === 0,
      JSON.stringify(shanghai.body).slice(0, 200),
    ).toBe(true)
  })
})

describe('a partner site’s push settings', () => {
  it('are returned to the office and to the site’s own key', async () => {
    for (const role of ['admin', 'partner'] as const) {
      const { body } = await m.call(role, 'GET', `/api/partner-sites/${m.fx.partnerSites.workercn}`)
      expect(body.push, role).toMatchObject({ status: 'paused' })
    }
  })

  it.each<RoleName>(['public', 'organizer', 'cityEditor', 'judge'])(
    'are absent for %s, over REST and GraphQL',
    async (role) => {
      await m.payload.update({
        collection: 'partner-sites',
        id: m.fx.partnerSites.workercn,
        data: { push: { alertEmails: ['ops@workercn.cn'] } } as never,
      })
      const { status, body } = await m.call(
        role,
        'GET',
        `/api/partner-sites/${m.fx.partnerSites.workercn}`,
      )
      expect(status).toBe(200)
      expect(body.name).toBe('中工网')
      expect(body).not.toHaveProperty('push')
      const gql = await m.call(role, 'POST', '/api/graphql', {
        query: `{ PartnerSite(id: ${m.fx.partnerSites.workercn}) { name push { alertEmails status } } }`,
      })
      expect(JSON.stringify(gql.body.data)).not.toContain('ops@workercn.cn')
    },
  )
})

describe('related documents the reader may not read', () => {
  it.each([0, 1])(
    'are left out of a craftsman’s related works at depth %i, not shown as bare ids',
    async (depth) => {
      // 尧都区工匠 is recommended, not published; make a published one that names 霍州's unreported work.
      const worker = await m.payload.create({
        collection: 'featured-workers',
        data: {
          name: '临汾工匠',
          unit: m.fx.organizers.huozhou,
          campaign: m.fx.campaigns.linfen,
          status: 'published',
          relatedEntries: [m.fx.entries.huozhou, m.fx.entries.published],
        },
      })
      const { body } = await m.call(
        'public',
        'GET',
        `/api/featured-workers/${worker.id}?depth=${depth}`,
      )
      const ids = (body.relatedEntries as (number | { id: number })[]).map((each) =>
        typeof each === 'object' ? each.id : each,
      )
      expect(ids).toEqual([m.fx.entries.published])
      const gql = await m.call('public', 'POST', '/api/graphql', {
        query: `{ FeaturedWorker(id: ${worker.id}) { relatedEntries { id } } }`,
      })
      expect(gql.body.data.FeaturedWorker.relatedEntries.map((e: { id: number }) => e.id)).toEqual([
        m.fx.entries.published,
      ])
      // The office still sees both.
      const admin = await m.call('admin', 'GET', `/api/featured-workers/${worker.id}?depth=0`)
      expect(admin.body.relatedEntries).toEqual([m.fx.entries.huozhou, m.fx.entries.published])
    },
  )

  it('leave no trace of a draft campaign’s sub-projects in a campaign’s join', async () => {
    const { body } = await m.call(
      'public',
      'GET',
      `/api/campaigns/${m.fx.campaigns.linfen}?depth=0`,
    )
    expect(body.subProjects.docs).toEqual([m.fx.subProjects.linfen])
  })
})

describe('one public model', () => {
  it.each<RoleName>(['public', 'partner', 'judge'])(
    '%s never reads a taken-down work, by id or in a list',
    async (role) => {
      expect((await m.call(role, 'GET', `/api/entries/${m.fx.entries.takenDown}`)).status).toBe(404)
      const list = await m.call(role, 'GET', '/api/entries?limit=0&depth=0')
      expect(list.body.docs.map((d: { id: number }) => d.id)).not.toContain(m.fx.entries.takenDown)
      const gql = await m.call(role, 'POST', '/api/graphql', {
        query: `{ Entry(id: ${m.fx.entries.takenDown}) { id } }`,
      })
      expect(gql.body.data?.Entry ?? null).toBeNull()
    },
  )

  it('a partner’s key reads exactly what the public reads, never less', async () => {
    for (const slug of ['entries', 'notices', 'sub-projects', 'featured-workers', 'campaigns']) {
      const ids = async (role: RoleName) =>
        ((await m.call(role, 'GET', `/api/${slug}?limit=0&depth=0`)).body.docs as { id: number }[])
          .map((d) => d.id)
          .sort()
      expect(await ids('partner'), slug).toEqual(await ids('public'))
    }
  })
})
