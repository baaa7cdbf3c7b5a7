/**
 * Every role × every collection: what it reads, through the Local API (overrideAccess: false),
 * REST and GraphQL, lists and totalDocs alike; and the drafts' history through `/versions`.
 * The expected outcome is written down as a table; the test output prints the table it proved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName, Slug, VersionedSlug } from './harness'

import { collections, openMatrix, refusedKeys, roles, versioned } from './harness'

/** Fixture keys each role reads, per collection; `null`: refused outright. Unlisted roles read `default`. */
type Expected = Partial<Record<RoleName, string[] | null>> & { default: string[] | null }

const published = ['published', 'unselected']
const expectedRead: Record<Slug, Expected> = {
  organizers: { default: ['national', 'shanxi', 'linfen', 'yaodu', 'huozhou', 'shanghai'] },
  contacts: { default: ['linfen', 'yaodu', 'shanghai'] },
  // A campaign being prepared (筹备中) is its hosts' and the office's.
  campaigns: {
    admin: ['linfen', 'shanghai', 'linfenDraft'],
    organizer: ['linfen', 'shanghai', 'linfenDraft'],
    default: ['linfen', 'shanghai'],
  },
  notices: {
    admin: ['linfen', 'linfenDraft', 'shanghai', 'shanghaiDraft'],
    organizer: ['linfen', 'linfenDraft', 'shanghai'],
    shanghaiOrganizer: ['linfen', 'shanghai', 'shanghaiDraft'],
    default: ['linfen', 'shanghai'],
  },
  'sub-projects': {
    admin: ['linfen', 'linfenDraft', 'shanghai', 'shanghaiDraft'],
    organizer: ['linfen', 'linfenDraft', 'shanghai'],
    shanghaiOrganizer: ['linfen', 'shanghai', 'shanghaiDraft'],
    default: ['linfen', 'shanghai'],
  },
  quotas: { default: ['linfen', 'shanghai'] },
  // A unit's reports upward: its own staff, the levels above it and the office.
  'report-batches': {
    admin: ['yaodu'],
    organizer: ['yaodu'],
    countyOrganizer: ['yaodu'],
    shanghaiOrganizer: [],
    cityEditor: ['yaodu'],
    countyEditor: ['yaodu'],
    shanghaiEditor: [],
    default: null,
  },
  // Published columns are everyone's (sites pull them); a draft is read by whoever may edit it:
  // the campaign's hosts, the office, the editors of the column's own unit.
  columns: {
    admin: ['linfen', 'shanghai', 'yaoduDraft'],
    organizer: ['linfen', 'shanghai', 'yaoduDraft'],
    countyEditor: ['linfen', 'shanghai', 'yaoduDraft'],
    default: ['linfen', 'shanghai'],
  },
  // 敏感词 are never public: staff read the national base list and the lists of the campaigns
  // their unit hosts.
  'sensitive-words': {
    admin: ['national', 'linfen', 'shanghai'],
    organizer: ['national', 'linfen'],
    countyOrganizer: ['national'],
    shanghaiOrganizer: ['national', 'shanghai'],
    cityEditor: ['national', 'linfen'],
    countyEditor: ['national'],
    shanghaiEditor: ['national', 'shanghai'],
    default: null,
  },
  // What netizens wrote: everyone reads the approved; the column's unit and the units above it,
  // the campaign's hosts and the office read the rest (a partner column's: the hosts only).
  interactions: {
    admin: ['yaoduPending', 'yaoduApproved', 'linfenPending', 'shanghaiPending'],
    organizer: ['yaoduPending', 'yaoduApproved', 'linfenPending'],
    countyOrganizer: ['yaoduPending', 'yaoduApproved'],
    shanghaiOrganizer: ['yaoduApproved', 'shanghaiPending'],
    cityEditor: ['yaoduPending', 'yaoduApproved'],
    countyEditor: ['yaoduPending', 'yaoduApproved'],
    default: ['yaoduApproved'],
  },
  'partner-sites': { default: ['workercn'] },
  // `published` is selected as a best work (精品), `unselected` is not: both are public. `takenDown`
  // was pushed and taken back (撤稿): only the office staff it belongs to read it.
  entries: {
    admin: ['yaodu', 'huozhou', 'city', 'published', 'unselected', 'shanghai', 'takenDown'],
    organizer: ['yaodu', 'huozhou', 'city', 'published', 'unselected', 'takenDown'],
    countyOrganizer: ['yaodu', ...published],
    shanghaiOrganizer: ['shanghai', ...published],
    cityEditor: ['yaodu', 'huozhou', 'city', 'published', 'unselected', 'takenDown'],
    countyEditor: ['yaodu', ...published],
    shanghaiEditor: ['shanghai', ...published],
    judge: ['huozhou', ...published],
    default: published,
  },
  // 评审: the campaign's hosts and the office; a judge the open rounds it sits on and its own sheets.
  'judging-rounds': {
    admin: ['linfen', 'linfenDraft', 'shanghai'],
    organizer: ['linfen', 'linfenDraft'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    judge: ['linfen'],
    default: null,
  },
  'score-sheets': {
    admin: ['linfen', 'shanghai'],
    organizer: ['linfen'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    judge: ['linfen'],
    default: null,
  },
  // Votes: the campaign's hosts and the office (the public reads counts); codes: the office.
  votes: {
    admin: ['linfen', 'shanghai'],
    organizer: ['linfen'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    default: null,
  },
  'voter-codes': { admin: ['code'], default: null },
  // 评奖结果: confidential until the 通报 publishes them, the campaign's hosts' and the office's.
  'award-lists': {
    admin: ['linfen', 'linfenFrozen', 'shanghai'],
    organizer: ['linfen', 'linfenFrozen'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    default: null,
  },
  'featured-workers': {
    admin: ['yaodu', 'huozhou', 'shanghai'],
    organizer: ['yaodu', 'huozhou'],
    countyOrganizer: ['yaodu', 'huozhou'],
    shanghaiOrganizer: ['huozhou', 'shanghai'],
    cityEditor: ['yaodu', 'huozhou'],
    countyEditor: ['yaodu', 'huozhou'],
    shanghaiEditor: ['huozhou', 'shanghai'],
    default: ['huozhou'],
  },
  // The poster is used by nothing: the office's alone. A published work's photo is everyone's; an
  // unscreened submission's is its unit's reach (and the office's). Renditions follow their originals.
  media: {
    admin: ['poster', 'published', 'yaoduSubmission'],
    organizer: ['published', 'yaoduSubmission'],
    countyOrganizer: ['published', 'yaoduSubmission'],
    cityEditor: ['published', 'yaoduSubmission'],
    countyEditor: ['published', 'yaoduSubmission'],
    default: ['published'],
  },
  renditions: {
    admin: ['published', 'yaoduSubmission'],
    organizer: ['published', 'yaoduSubmission'],
    countyOrganizer: ['published', 'yaoduSubmission'],
    cityEditor: ['published', 'yaoduSubmission'],
    countyEditor: ['published', 'yaoduSubmission'],
    default: ['published'],
  },
  users: {
    admin: [
      'admin',
      'organizer',
      'countyOrganizer',
      'shanghaiOrganizer',
      'cityEditor',
      'countyEditor',
      'judge',
      'shanghaiEditor',
    ],
    // An organizer reads the accounts of its subtree (../subtreeAdmin.test.ts), and the office's
    // judges (no unit: `judge`) to seat them on its panels.
    organizer: ['organizer', 'countyOrganizer', 'cityEditor', 'countyEditor', 'judge'],
    countyOrganizer: ['countyOrganizer', 'countyEditor', 'judge'],
    shanghaiOrganizer: ['shanghaiOrganizer', 'shanghaiEditor', 'judge'],
    cityEditor: ['cityEditor'],
    countyEditor: ['countyEditor'],
    shanghaiEditor: ['shanghaiEditor'],
    judge: ['judge'],
    default: null,
  },
  'partner-accounts': { admin: ['workercn', 'revoked'], partner: ['workercn'], default: null },
  'audit-log': { admin: ['entry'], default: null },
  // Push history follows the work it is about.
  deliveries: {
    admin: ['linfen', 'shanghai'],
    organizer: ['linfen'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    default: null,
  },
  receipts: {
    admin: ['linfen', 'shanghai'],
    organizer: ['linfen'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    default: null,
  },
  'payload-jobs': { admin: ['job'], default: null },
  // Edit locks name who is editing what: office staff only.
  'payload-locked-documents': {
    admin: ['lock'],
    organizer: ['lock'],
    countyOrganizer: ['lock'],
    shanghaiOrganizer: ['lock'],
    cityEditor: ['lock'],
    countyEditor: ['lock'],
    shanghaiEditor: ['lock'],
    default: null,
  },
}

/** Drafts' history: the office, and the organizers of the campaign's hosts. */
const expectedVersions: Record<VersionedSlug, Expected> = {
  notices: {
    admin: ['linfen', 'linfenDraft', 'shanghai', 'shanghaiDraft'],
    organizer: ['linfen', 'linfenDraft'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai', 'shanghaiDraft'],
    default: null,
  },
  'sub-projects': {
    admin: ['linfen', 'linfenDraft', 'shanghai', 'shanghaiDraft'],
    organizer: ['linfen', 'linfenDraft'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai', 'shanghaiDraft'],
    default: null,
  },
  // A unit editor reads the history of its own unit's column only.
  columns: {
    admin: ['linfen', 'shanghai', 'yaoduDraft'],
    organizer: ['linfen', 'yaoduDraft'],
    countyOrganizer: [],
    shanghaiOrganizer: ['shanghai'],
    cityEditor: [],
    countyEditor: ['yaoduDraft'],
    shanghaiEditor: [],
    default: null,
  },
}

let m: Matrix

beforeAll(async () => {
  m = await openMatrix({ name: 'access_matrix_read' })
}, 300_000)

afterAll(async () => {
  m?.print({
    title:
      'Reads (Local API, REST, GraphQL): all = every fixture document, scoped = only those in reach, - = refused, 401 = key refused',
    slugs: [...collections, ...versioned.map((slug) => `${slug}/versions`)],
    ops: ['R'],
  })
  await m?.close()
})

const expectationOf = (table: Expected, role: RoleName) =>
  (role in table ? table[role] : table.default) ?? null

const check = async ({
  role,
  slug,
  expected,
  read,
}: {
  role: RoleName
  slug: Slug
  expected: string[] | null
  read: (
    route: 'local' | 'rest' | 'graphql',
  ) => Promise<{ ok: boolean; ids?: number[]; total?: number; status?: number }>
}) => {
  const docs = m.docs[slug]
  for (const route of m.routesFor(role, slug)) {
    const outcome = await read(route)
    if (refusedKeys.includes(role)) {
      expect(outcome.status, `${route}: ${role} on ${slug} is answered 401`).toBe(401)
      expect(outcome.ok, `${route}: ${role} must not read ${slug}`).toBe(false)
      continue
    }
    if (expected === null) {
      expect(
        outcome.ok && (outcome.ids?.length ?? 0) > 0,
        `${route}: ${role} must not read ${slug}`,
      ).toBe(false)
      continue
    }
    expect(outcome.ok, `${route}: ${role} reading ${slug}`).toBe(true)
    // Documents made by other tests are ignored: only the fixture is compared.
    const fixtureIds = new Set(Object.values(docs))
    const seen = [...new Set((outcome.ids ?? []).filter((id) => fixtureIds.has(id)))].sort()
    const want = [...new Set(expected.map((key) => docs[key]!))].sort()
    expect(seen, `${route}: ${role} reading ${slug}`).toEqual(want)
    expect(outcome.total, `${route}: totalDocs for ${role} on ${slug}`).toBe(
      (outcome.ids ?? []).length,
    )
  }
}

const mark = (role: RoleName, expected: string[] | null, total: number) =>
  refusedKeys.includes(role)
    ? '401'
    : expected === null
      ? '-'
      : expected.length === total && total > 0
        ? 'all'
        : expected.length === 0
          ? 'none'
          : 'scoped'

describe('read', () => {
  it.each(roles.flatMap((role) => collections.map((slug) => [role, slug] as const)))(
    '%s reads exactly the %s it may see, and counts no more',
    async (role, slug) => {
      const expected = expectationOf(expectedRead[slug], role)
      await check({ role, slug, expected, read: (route) => m.routes[route].read(role, slug) })
      m.record(role, slug, 'R', mark(role, expected, Object.keys(m.docs[slug]).length))
    },
  )
})

describe('drafts’ history through /versions', () => {
  it.each(roles.flatMap((role) => versioned.map((slug) => [role, slug] as const)))(
    '%s reads the history of exactly the %s whose drafts it may see',
    async (role, slug) => {
      const expected = expectationOf(expectedVersions[slug], role)
      await check({
        role,
        slug,
        expected,
        read: (route) => m.routes[route].readVersions(role, slug),
      })
      m.record(
        role,
        `${slug}/versions`,
        'R',
        mark(role, expected, Object.keys(m.docs[slug]).length),
      )
    },
  )
})

/** Who voted, from where and with what browser: the office's alone, by every route. */
const voterFields = ['voter', 'verifier', 'address', 'addressBlock', 'userAgent']

describe('who voted', () => {
  it.each([
    ['admin', true],
    ['organizer', false],
    ['shanghaiOrganizer', false],
  ] as const)('%s reads the voter fields of the votes it sees: %s', async (role, isOffice) => {
    const user =
      role === 'admin'
        ? (
            await m.payload.find({
              collection: 'users',
              where: { role: { equals: 'admin' } },
              limit: 1,
            })
          ).docs[0]!
        : await m.payload.findByID({ collection: 'users', id: m.fx.users[role] })
    const local = await m.payload.find({
      collection: 'votes',
      overrideAccess: false,
      user: { ...user, collection: 'users' },
      depth: 0,
    })
    const rest = await m.call(role, 'GET', '/api/votes?depth=0')
    const graphql = await m.call(role, 'POST', '/api/graphql', {
      query: `{ Votes { docs { id day ${voterFields.join(' ')} } } }`,
    })
    expect(graphql.body.errors).toBeUndefined()
    for (const [route, docs] of [
      ['local', local.docs],
      ['rest', rest.body.docs],
      ['graphql', graphql.body.data.Votes.docs],
    ] as const) {
      expect((docs as unknown[]).length, route).toBeGreaterThan(0)
      for (const doc of docs as Record<string, unknown>[]) {
        expect(doc.day, route).toBe('2020-10-01')
        for (const field of voterFields) {
          expect(Boolean(doc[field]), `${route}: ${role} reading ${field}`).toBe(isOffice)
        }
      }
    }
  })
})
