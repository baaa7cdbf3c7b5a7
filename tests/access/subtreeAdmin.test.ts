/**
 * Organizers run their own subtree (issue 15): an organizer adds units below its own unit, edits,
 * moves and deletes those strictly below it, and adds and edits the unit editors and judges of its
 * unit and the units below it; never above or beside it, never its own unit or role, never an
 * admin or an organizer, and it lists only the accounts of its subtree. A unit still referred to
 * (units below it, users, works…) is not deleted, even by the office. Unit editors, judges,
 * partners and the public get nothing new. Each case runs through the Local API
 * (overrideAccess: false), REST and GraphQL; a refusal is a 403 (401 for a key that does not
 * verify) said in Chinese, then English, and leaves nothing written.
 */
import type { CollectionSlug } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from './matrix/harness'

import { password } from './fixture'
import { openMatrix, refusedKeys, roles } from './matrix/harness'

let m: Matrix
let counter = 0
const unique = (prefix: string) => `${prefix}-${++counter}`

/** What each role is, as the Local API is given it (the harness keeps its own to itself). */
const localUsers: Partial<Record<RoleName, Record<string, unknown>>> = {}

/** Units and accounts made for these cases (all by the office, outside any tested route). */
const made = {} as Record<
  | 'belowYaodu'
  | 'belowHuozhou'
  | 'yaoduEditor'
  | 'movableEditor'
  | 'switchingJudge'
  | 'huozhouEditor'
  | 'shanghaiJudge',
  number
>

const newUnit = async (parent: number, name = unique('基层工会')) =>
  Number(
    (
      await m.payload.create({
        collection: 'organizers',
        data: { name, kind: 'federation', level: 'grassroots', parent },
        depth: 0,
      })
    ).id,
  )

const newAccount = async (role: string, organizer?: number) =>
  Number(
    (
      await m.payload.create({
        collection: 'users',
        data: {
          email: `${unique('account')}@linfen.test`,
          password,
          role: role as 'judge',
          organizer,
          name: unique('账号'),
        },
        depth: 0,
      })
    ).id,
  )

beforeAll(async () => {
  m = await openMatrix({ name: 'access_subtree_admin' })
  for (const role of roles) {
    const id = m.docs.users[role]
    if (id) {
      const user = await m.payload.findByID({ collection: 'users', id, depth: 0 })
      localUsers[role] = { ...user, collection: 'users' }
    }
  }
  const account = await m.payload.findByID({
    collection: 'partner-accounts',
    id: m.fx.partnerAccounts.workercn,
    depth: 0,
  })
  localUsers.partner = { ...account, collection: 'partner-accounts' }

  const { organizers } = m.fx
  made.belowYaodu = await newUnit(organizers.yaodu, '尧都区某街道工会')
  made.belowHuozhou = await newUnit(organizers.huozhou, '霍州市某街道工会')
  made.yaoduEditor = await newAccount('unit-editor', organizers.yaodu)
  made.movableEditor = await newAccount('unit-editor', organizers.yaodu)
  made.switchingJudge = await newAccount('judge', organizers.yaodu)
  made.huozhouEditor = await newAccount('unit-editor', organizers.huozhou)
  made.shanghaiJudge = await newAccount('judge', organizers.shanghai)
}, 300_000)

afterAll(async () => {
  await m?.close()
})

type Slug = 'organizers' | 'users'
type Op = 'create' | 'update' | 'delete'
type Attempt = { ok: boolean; status?: number; message: string; id?: number }

const one = { organizers: 'Organizer', users: 'User' } as const
/** GraphQL enums spell `unit-editor` as `unit_editor`. */
const forGraphQL = (data: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      ['kind', 'level', 'role'].includes(key) && typeof value === 'string'
        ? value.replace(/-/g, '_')
        : value,
    ]),
  )

/** One write by `role` through one route: whether it went through, the status and the message. */
const attempt = async (
  route: 'local' | 'rest' | 'graphql',
  role: RoleName,
  op: Op,
  slug: Slug,
  { id, data }: { id?: number; data?: Record<string, unknown> },
): Promise<Attempt> => {
  if (route === 'local') {
    const common = {
      collection: slug as CollectionSlug,
      overrideAccess: false,
      user: localUsers[role] as never,
      depth: 0,
    }
    try {
      const doc =
        op === 'create'
          ? await m.payload.create({ ...common, data: data as never })
          : op === 'update'
            ? await m.payload.update({ ...common, id: id!, data: data as never })
            : await m.payload.delete({ ...common, id: id! })
      return { ok: true, message: 'ok', id: Number((doc as { id: number }).id) }
    } catch (err) {
      return {
        ok: false,
        status: (err as { status?: number }).status,
        message: (err as Error).message,
      }
    }
  }
  if (route === 'rest') {
    const method = { create: 'POST', update: 'PATCH', delete: 'DELETE' }[op]
    const path = op === 'create' ? `/api/${slug}` : `/api/${slug}/${id}`
    const { status, body } = await m.call(role, method, path, data)
    return {
      ok: status === 200 || status === 201,
      status,
      message: body?.errors?.[0]?.message ?? String(status),
      id: body?.doc?.id,
    }
  }
  const name = `${op}${one[slug]}`
  const query = {
    create: `mutation ($data: mutation${one[slug]}Input!) { ${name}(data: $data) { id } }`,
    update: `mutation ($id: Int!, $data: mutation${one[slug]}UpdateInput!) { ${name}(id: $id, data: $data) { id } }`,
    delete: `mutation ($id: Int!) { ${name}(id: $id) { id } }`,
  }[op]
  const { status, body } = await m.call(role, 'POST', '/api/graphql', {
    query,
    variables: { id, data: data ? forGraphQL(data) : undefined },
  })
  const error = body?.errors?.[0]
  return error || !body?.data?.[name]
    ? {
        ok: false,
        status: error?.extensions?.statusCode ?? status,
        message: error?.message ?? String(status),
      }
    : { ok: true, status, message: 'ok', id: body.data[name].id }
}

/** The routes a caller takes: a key that does not verify exists only over HTTP. */
const routesOf = (role: RoleName) =>
  refusedKeys.includes(role)
    ? (['rest', 'graphql'] as const)
    : (['local', 'rest', 'graphql'] as const)

/** A refusal: 403 (401 for a key that does not verify), said in Chinese first, then English. */
const expectRefused = (role: RoleName, outcome: Attempt, what: string) => {
  expect(outcome.ok, `${what}: refused`).toBe(false)
  expect(outcome.status, `${what}: ${outcome.message}`).toBe(refusedKeys.includes(role) ? 401 : 403)
  const [zh, ...en] = outcome.message.split(' / ')
  expect(zh, `${what}: Chinese first (${outcome.message})`).toMatch(/[\u4e00-\u9fff]/)
  expect(en.join(' / '), `${what}: then English (${outcome.message})`).toMatch(/[A-Za-z]{3}/)
}

const count = async (slug: Slug) => (await m.payload.count({ collection: slug })).totalDocs
const snapshot = async (slug: Slug, id: number) =>
  JSON.stringify(await m.payload.findByID({ collection: slug, id, depth: 0 }))

/** Roles that gain nothing: every write of theirs on units and accounts is refused. */
const outsiders: RoleName[] = [
  'cityEditor',
  'countyEditor',
  'shanghaiEditor',
  'judge',
  'partner',
  'wrongKey',
  'revokedKey',
  'public',
]

const unitData = (parent: () => number | null | undefined) => () => ({
  name: unique('新单位'),
  kind: 'federation',
  level: 'grassroots',
  ...(parent() === undefined ? {} : { parent: parent() }),
})

type CreateCase = [
  what: string,
  role: RoleName,
  data: () => Record<string, unknown>,
  /** For an allowed create: what the stored document holds. */
  stored?: () => Record<string, unknown>,
]

describe('units: create', () => {
  const refused: CreateCase[] = [
    [
      'Linfen’s organizer adds a unit under the province above it',
      'organizer',
      unitData(() => m.fx.organizers.shanxi),
    ],
    [
      'Linfen’s organizer adds a unit under another province',
      'organizer',
      unitData(() => m.fx.organizers.shanghai),
    ],
    [
      'a county organizer adds a unit under the neighbouring county (霍州)',
      'countyOrganizer',
      unitData(() => m.fx.organizers.huozhou),
    ],
    [
      'a county organizer adds a unit under its city',
      'countyOrganizer',
      unitData(() => m.fx.organizers.linfen),
    ],
    [
      'Shanghai’s organizer adds a unit under a Linfen county',
      'shanghaiOrganizer',
      unitData(() => m.fx.organizers.yaodu),
    ],
    ...outsiders.map((role): CreateCase => [
      `${role} adds a unit under 尧都`,
      role,
      unitData(() => m.fx.organizers.yaodu),
    ]),
  ]
  const allowed: CreateCase[] = [
    [
      'the office adds a unit under the national body',
      'admin',
      unitData(() => m.fx.organizers.national),
      () => ({ parent: m.fx.organizers.national }),
    ],
    [
      'Linfen’s organizer adds a unit under its own unit',
      'organizer',
      unitData(() => m.fx.organizers.linfen),
      () => ({ parent: m.fx.organizers.linfen }),
    ],
    [
      'Linfen’s organizer adds a unit under one of its counties',
      'organizer',
      unitData(() => m.fx.organizers.huozhou),
      () => ({ parent: m.fx.organizers.huozhou }),
    ],
    [
      'Linfen’s organizer adds a unit naming no parent: it goes under Linfen',
      'organizer',
      unitData(() => undefined),
      () => ({ parent: m.fx.organizers.linfen }),
    ],
    [
      'Linfen’s organizer adds a unit with an empty parent: it goes under Linfen',
      'organizer',
      unitData(() => null),
      () => ({ parent: m.fx.organizers.linfen }),
    ],
    [
      'a county organizer adds a unit under its own county',
      'countyOrganizer',
      unitData(() => m.fx.organizers.yaodu),
      () => ({ parent: m.fx.organizers.yaodu }),
    ],
    [
      'Shanghai’s organizer adds a unit under Shanghai',
      'shanghaiOrganizer',
      unitData(() => m.fx.organizers.shanghai),
      () => ({ parent: m.fx.organizers.shanghai }),
    ],
  ]

  it.each(refused)('refuses: %s', async (what, role, data) => {
    for (const route of routesOf(role)) {
      const before = await count('organizers')
      const outcome = await attempt(route, role, 'create', 'organizers', { data: data() })
      expectRefused(role, outcome, `${route}: ${what}`)
      expect(await count('organizers'), `${route}: nothing written`).toBe(before)
    }
  })

  it.each(allowed)('allows: %s', async (what, role, data, stored) => {
    for (const route of routesOf(role)) {
      const outcome = await attempt(route, role, 'create', 'organizers', { data: data() })
      expect(outcome.ok, `${route}: ${what} (${outcome.message})`).toBe(true)
      const doc = await m.payload.findByID({ collection: 'organizers', id: outcome.id!, depth: 0 })
      expect(doc, route).toMatchObject(stored!())
      // The path is the parent's chain and the unit's own id.
      const parent = await m.payload.findByID({
        collection: 'organizers',
        id: doc.parent as number,
        depth: 0,
      })
      expect(doc.path, route).toBe(`${parent.path}${doc.id}/`)
    }
  })

  it('says which unit is not below the organizer’s own, in Chinese, then English', async () => {
    const { status, body } = await m.call('countyOrganizer', 'POST', '/api/organizers', {
      name: unique('新单位'),
      kind: 'federation',
      level: 'grassroots',
      parent: m.fx.organizers.huozhou,
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '上级单位“霍州市总工会”不是本单位或下级单位 / parent unit "霍州市总工会" is not your unit or one below it',
    )
  })
})

type UpdateCase = [
  what: string,
  role: RoleName,
  target: () => number,
  data: () => Record<string, unknown>,
]

const region = () => ({ region: unique('地区') })

describe('units: update', () => {
  const refused: UpdateCase[] = [
    ['Linfen’s organizer edits its own unit', 'organizer', () => m.fx.organizers.linfen, region],
    [
      'Linfen’s organizer moves its own unit under the national body',
      'organizer',
      () => m.fx.organizers.linfen,
      () => ({ parent: m.fx.organizers.national }),
    ],
    [
      'Linfen’s organizer moves one of its counties to another province',
      'organizer',
      () => m.fx.organizers.yaodu,
      () => ({ parent: m.fx.organizers.shanghai }),
    ],
    [
      'Linfen’s organizer moves one of its counties up under the province',
      'organizer',
      () => m.fx.organizers.yaodu,
      () => ({ parent: m.fx.organizers.shanxi }),
    ],
    [
      'Linfen’s organizer takes one of its counties out of the hierarchy (no parent)',
      'organizer',
      () => m.fx.organizers.yaodu,
      () => ({ parent: null }),
    ],
    [
      'Linfen’s organizer edits the province above it',
      'organizer',
      () => m.fx.organizers.shanxi,
      region,
    ],
    [
      'Linfen’s organizer edits another province',
      'organizer',
      () => m.fx.organizers.shanghai,
      region,
    ],
    [
      'a county organizer edits its own county',
      'countyOrganizer',
      () => m.fx.organizers.yaodu,
      region,
    ],
    [
      'a county organizer edits the neighbouring county (霍州)',
      'countyOrganizer',
      () => m.fx.organizers.huozhou,
      region,
    ],
    [
      'a county organizer edits a unit under the neighbouring county',
      'countyOrganizer',
      () => made.belowHuozhou,
      region,
    ],
    [
      'a county organizer moves a unit of its own under the neighbouring county',
      'countyOrganizer',
      () => made.belowYaodu,
      () => ({ parent: m.fx.organizers.huozhou }),
    ],
    [
      'Shanghai’s organizer edits a Linfen county',
      'shanghaiOrganizer',
      () => m.fx.organizers.yaodu,
      region,
    ],
    ...outsiders.map((role): UpdateCase => [
      `${role} edits 尧都`,
      role,
      () => made.belowYaodu,
      region,
    ]),
  ]
  const allowed: UpdateCase[] = [
    ['the office edits Linfen', 'admin', () => m.fx.organizers.linfen, region],
    [
      'Linfen’s organizer edits one of its counties',
      'organizer',
      () => m.fx.organizers.yaodu,
      region,
    ],
    [
      'a county organizer edits a unit below its county',
      'countyOrganizer',
      () => made.belowYaodu,
      region,
    ],
  ]

  it.each(refused)('refuses: %s', async (what, role, target, data) => {
    const id = target()
    const before = await snapshot('organizers', id)
    for (const route of routesOf(role)) {
      const outcome = await attempt(route, role, 'update', 'organizers', { id, data: data() })
      expectRefused(role, outcome, `${route}: ${what}`)
      expect(await snapshot('organizers', id), `${route}: unchanged`).toBe(before)
    }
  })

  it.each(allowed)('allows: %s', async (what, role, target, data) => {
    const id = target()
    for (const route of routesOf(role)) {
      const written = data()
      const outcome = await attempt(route, role, 'update', 'organizers', { id, data: written })
      expect(outcome.ok, `${route}: ${what} (${outcome.message})`).toBe(true)
      expect(await m.payload.findByID({ collection: 'organizers', id, depth: 0 })).toMatchObject(
        written,
      )
    }
  })

  it('lets Linfen’s organizer move a unit between its counties, the units below it following', async () => {
    const { organizers } = m.fx
    const street = await newUnit(organizers.yaodu)
    const community = await newUnit(street)
    for (const [route, parent] of [
      ['local', organizers.huozhou],
      ['rest', organizers.yaodu],
      ['graphql', organizers.huozhou],
    ] as const) {
      const outcome = await attempt(route, 'organizer', 'update', 'organizers', {
        id: street,
        data: { parent },
      })
      expect(outcome.ok, `${route}: ${outcome.message}`).toBe(true)
      const below = await m.payload.findByID({ collection: 'organizers', id: community, depth: 0 })
      const county = await m.payload.findByID({ collection: 'organizers', id: parent, depth: 0 })
      expect(below.path, route).toBe(`${county.path}${street}/${community}/`)
    }
  })

  it('says why an organizer may not edit its own unit, in Chinese, then English', async () => {
    const { status, body } = await m.call(
      'organizer',
      'PATCH',
      `/api/organizers/${m.fx.organizers.linfen}`,
      { parent: m.fx.organizers.national },
    )
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '单位只能由全国办公室或其上级单位的活动组织者修改；活动组织者不能修改本单位及本单位以外的单位 / a unit is changed only by the national office or by an organizer of a unit above it; organizers change neither their own unit nor units outside their subtree',
    )
  })
})

type DeleteCase = [what: string, role: RoleName, target: () => Promise<number>]

describe('units: delete', () => {
  const refused: DeleteCase[] = [
    ['Linfen’s organizer deletes its own unit', 'organizer', async () => m.fx.organizers.linfen],
    [
      'Linfen’s organizer deletes another province',
      'organizer',
      async () => m.fx.organizers.shanghai,
    ],
    [
      'Linfen’s organizer deletes the province above it',
      'organizer',
      async () => m.fx.organizers.shanxi,
    ],
    [
      'a county organizer deletes its own county',
      'countyOrganizer',
      async () => m.fx.organizers.yaodu,
    ],
    [
      'a county organizer deletes an empty unit under the neighbouring county',
      'countyOrganizer',
      () => newUnit(m.fx.organizers.huozhou),
    ],
    [
      'Shanghai’s organizer deletes an empty unit under a Linfen county',
      'shanghaiOrganizer',
      () => newUnit(m.fx.organizers.yaodu),
    ],
    ...outsiders.map((role): DeleteCase => [
      `${role} deletes an empty unit under 尧都`,
      role,
      () => newUnit(m.fx.organizers.yaodu),
    ]),
  ]
  const allowed: DeleteCase[] = [
    ['the office deletes an empty unit', 'admin', () => newUnit(m.fx.organizers.shanghai)],
    [
      'Linfen’s organizer deletes an empty unit under one of its counties',
      'organizer',
      () => newUnit(m.fx.organizers.huozhou),
    ],
    [
      'Linfen’s organizer deletes an empty unit directly under Linfen',
      'organizer',
      () => newUnit(m.fx.organizers.linfen),
    ],
    [
      'a county organizer deletes an empty unit under its county',
      'countyOrganizer',
      () => newUnit(m.fx.organizers.yaodu),
    ],
  ]
  const exists = async (id: number) =>
    (await m.payload.count({ collection: 'organizers', where: { id: { equals: id } } }))
      .totalDocs === 1

  it.each(refused)('refuses: %s', async (what, role, target) => {
    for (const route of routesOf(role)) {
      const id = await target()
      const outcome = await attempt(route, role, 'delete', 'organizers', { id })
      expectRefused(role, outcome, `${route}: ${what}`)
      expect(await exists(id), `${route}: still there`).toBe(true)
    }
  })

  it.each(allowed)('allows: %s', async (what, role, target) => {
    for (const route of routesOf(role)) {
      const id = await target()
      const outcome = await attempt(route, role, 'delete', 'organizers', { id })
      expect(outcome.ok, `${route}: ${what} (${outcome.message})`).toBe(true)
      expect(await exists(id), `${route}: gone`).toBe(false)
    }
  })

  /** A unit under 尧都 that something still refers to, and how to see that it still does. */
  type InUse = [
    what: string,
    make: () => Promise<{ unit: number; stillReferred: () => Promise<boolean> }>,
    zh: string,
  ]
  const inUse: InUse[] = [
    [
      'a unit below it',
      async () => {
        const unit = await newUnit(m.fx.organizers.yaodu)
        const child = await newUnit(unit)
        return {
          unit,
          stillReferred: async () =>
            (await m.payload.findByID({ collection: 'organizers', id: child, depth: 0 })).parent ===
            unit,
        }
      },
      '下级单位 (1)',
    ],
    [
      'a unit editor',
      async () => {
        const unit = await newUnit(m.fx.organizers.yaodu)
        const user = await newAccount('unit-editor', unit)
        return {
          unit,
          stillReferred: async () =>
            (await m.payload.findByID({ collection: 'users', id: user, depth: 0 })).organizer ===
            unit,
        }
      },
      '用户 (1)',
    ],
    [
      'a work filed under it',
      async () => {
        const unit = await newUnit(m.fx.organizers.yaodu)
        const entry = await m.payload.create({
          collection: 'entries',
          data: {
            title: unique('街道作品'),
            subProject: m.fx.subProjects.linfen,
            submittingUnit: unit,
            status: 'draft',
          },
          depth: 0,
        })
        return {
          unit,
          stillReferred: async () =>
            (await m.payload.findByID({ collection: 'entries', id: entry.id, depth: 0 }))
              .submittingUnit === unit,
        }
      },
      '作品 (1)',
    ],
  ]

  it.each(inUse)(
    'refuses to delete a unit that still has %s, for the office too',
    async (_what, make, zh) => {
      for (const role of ['admin', 'organizer', 'countyOrganizer'] as const) {
        for (const route of routesOf(role)) {
          const { unit, stillReferred } = await make()
          const outcome = await attempt(route, role, 'delete', 'organizers', { id: unit })
          expectRefused(role, outcome, `${route}: ${role}`)
          expect(outcome.message, route).toContain(zh)
          expect(await exists(unit), `${route}: still there`).toBe(true)
          expect(await stillReferred(), `${route}: the reference is intact`).toBe(true)
        }
      }
    },
  )

  it('names what is left under a unit, in Chinese, then English', async () => {
    const unit = await newUnit(m.fx.organizers.yaodu, '尧都区某社区工会')
    await newUnit(unit)
    await newUnit(unit)
    await newAccount('judge', unit)
    const { status, body } = await m.call('organizer', 'DELETE', `/api/organizers/${unit}`)
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '单位“尧都区某社区工会”仍有下级单位 (2)、用户 (1)，不能删除；请先移走或删除它们 / unit "尧都区某社区工会" still has units below it (2), users (1): move or delete them first',
    )
  })
})

const accountData =
  (role: string | undefined, organizer: () => number | null | undefined) => () => ({
    email: `${unique('new')}@linfen.test`,
    password,
    name: unique('新账号'),
    ...(role === undefined ? {} : { role }),
    ...(organizer() === undefined ? {} : { organizer: organizer() }),
  })

describe('users: create', () => {
  const refused: CreateCase[] = [
    [
      'Linfen’s organizer adds an admin',
      'organizer',
      accountData('admin', () => m.fx.organizers.linfen),
    ],
    [
      'Linfen’s organizer adds an organizer for one of its counties',
      'organizer',
      accountData('organizer', () => m.fx.organizers.yaodu),
    ],
    [
      'Linfen’s organizer adds a unit editor of another province',
      'organizer',
      accountData('unit-editor', () => m.fx.organizers.shanghai),
    ],
    [
      'Linfen’s organizer adds a judge of the province above it',
      'organizer',
      accountData('judge', () => m.fx.organizers.shanxi),
    ],
    [
      'a county organizer adds a unit editor of the neighbouring county (霍州)',
      'countyOrganizer',
      accountData('unit-editor', () => m.fx.organizers.huozhou),
    ],
    [
      'a county organizer adds a judge of its city',
      'countyOrganizer',
      accountData('judge', () => m.fx.organizers.linfen),
    ],
    [
      'Shanghai’s organizer adds a judge of a Linfen county',
      'shanghaiOrganizer',
      accountData('judge', () => m.fx.organizers.yaodu),
    ],
    ...outsiders.map((role): CreateCase => [
      `${role} adds a unit editor of 尧都`,
      role,
      accountData('unit-editor', () => m.fx.organizers.yaodu),
    ]),
  ]
  const allowed: CreateCase[] = [
    [
      'the office adds an organizer',
      'admin',
      accountData('organizer', () => m.fx.organizers.huozhou),
      () => ({ role: 'organizer', organizer: m.fx.organizers.huozhou }),
    ],
    [
      'Linfen’s organizer adds a unit editor of one of its counties',
      'organizer',
      accountData('unit-editor', () => m.fx.organizers.huozhou),
      () => ({ role: 'unit-editor', organizer: m.fx.organizers.huozhou }),
    ],
    [
      'Linfen’s organizer adds a judge of its own unit',
      'organizer',
      accountData('judge', () => m.fx.organizers.linfen),
      () => ({ role: 'judge', organizer: m.fx.organizers.linfen }),
    ],
    [
      'Linfen’s organizer adds a judge naming no unit: a judge of Linfen',
      'organizer',
      accountData('judge', () => undefined),
      () => ({ role: 'judge', organizer: m.fx.organizers.linfen }),
    ],
    [
      'a county organizer adds a unit editor of its county',
      'countyOrganizer',
      accountData('unit-editor', () => m.fx.organizers.yaodu),
      () => ({ role: 'unit-editor', organizer: m.fx.organizers.yaodu }),
    ],
    [
      'a county organizer adds a judge of a unit below its county',
      'countyOrganizer',
      accountData('judge', () => made.belowYaodu),
      () => ({ role: 'judge', organizer: made.belowYaodu }),
    ],
    [
      'Shanghai’s organizer adds a judge of Shanghai',
      'shanghaiOrganizer',
      accountData('judge', () => m.fx.organizers.shanghai),
      () => ({ role: 'judge', organizer: m.fx.organizers.shanghai }),
    ],
  ]

  it.each(refused)('refuses: %s', async (what, role, data) => {
    for (const route of routesOf(role)) {
      const before = await count('users')
      const outcome = await attempt(route, role, 'create', 'users', { data: data() })
      expectRefused(role, outcome, `${route}: ${what}`)
      expect(await count('users'), `${route}: nothing written`).toBe(before)
    }
  })

  it.each(allowed)('allows: %s', async (what, role, data, stored) => {
    for (const route of routesOf(role)) {
      const written = data()
      const outcome = await attempt(route, role, 'create', 'users', { data: written })
      expect(outcome.ok, `${route}: ${what} (${outcome.message})`).toBe(true)
      const doc = await m.payload.findByID({ collection: 'users', id: outcome.id!, depth: 0 })
      expect(doc, route).toMatchObject({ email: written.email, ...stored!() })
    }
  })

  it('makes an account an organizer adds naming neither role nor unit a unit editor of its unit', async () => {
    // GraphQL's schema requires a role; REST and the Local API take the default.
    for (const route of ['local', 'rest'] as const) {
      const outcome = await attempt(route, 'countyOrganizer', 'create', 'users', {
        data: accountData(undefined, () => undefined)(),
      })
      expect(outcome.ok, `${route}: ${outcome.message}`).toBe(true)
      expect(
        await m.payload.findByID({ collection: 'users', id: outcome.id!, depth: 0 }),
      ).toMatchObject({ role: 'unit-editor', organizer: m.fx.organizers.yaodu })
    }
  })

  it('lets an account an organizer added log in', async () => {
    const email = `${unique('judge')}@linfen.test`
    const created = await m.call('organizer', 'POST', '/api/users', {
      email,
      password,
      role: 'judge',
      organizer: m.fx.organizers.yaodu,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const login = await m.call('public', 'POST', '/api/users/login', { email, password })
    expect(login.status).toBe(200)
    expect(login.body.user).toMatchObject({ role: 'judge' })
  })

  it('says why an organizer may not add an organizer, in Chinese, then English', async () => {
    const { status, body } = await m.call(
      'organizer',
      'POST',
      '/api/users',
      accountData('organizer', () => m.fx.organizers.yaodu)(),
    )
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '活动组织者只能新建和管理单位编辑和评委；管理员和活动组织者由全国办公室设置 / organizers add and manage unit editors and judges only; admins and organizers are set by the national office',
    )
  })
})

const rename = () => ({ name: unique('改名') })

describe('users: update', () => {
  const refused: UpdateCase[] = [
    [
      'Linfen’s organizer makes a county’s unit editor an organizer',
      'organizer',
      () => made.yaoduEditor,
      () => ({ role: 'organizer' }),
    ],
    [
      'Linfen’s organizer makes a county’s unit editor an admin',
      'organizer',
      () => made.yaoduEditor,
      () => ({ role: 'admin' }),
    ],
    [
      'Linfen’s organizer moves a county’s unit editor to another province',
      'organizer',
      () => made.yaoduEditor,
      () => ({ organizer: m.fx.organizers.shanghai }),
    ],
    [
      'Linfen’s organizer moves a county’s unit editor up to the province',
      'organizer',
      () => made.yaoduEditor,
      () => ({ organizer: m.fx.organizers.shanxi }),
    ],
    [
      'Linfen’s organizer takes a county’s unit editor out of every unit',
      'organizer',
      () => made.yaoduEditor,
      () => ({ organizer: null }),
    ],
    [
      'Linfen’s organizer edits a county’s organizer',
      'organizer',
      () => m.fx.users.countyOrganizer,
      rename,
    ],
    ['Linfen’s organizer edits a judge of no unit', 'organizer', () => m.fx.users.judge, rename],
    [
      'Linfen’s organizer edits a Shanghai unit editor',
      'organizer',
      () => m.fx.users.shanghaiEditor,
      rename,
    ],
    [
      'Linfen’s organizer makes itself an admin',
      'organizer',
      () => m.fx.users.organizer,
      () => ({ role: 'admin' }),
    ],
    [
      'Linfen’s organizer moves itself up to the province',
      'organizer',
      () => m.fx.users.organizer,
      () => ({ organizer: m.fx.organizers.shanxi }),
    ],
    [
      'a county organizer moves itself to one of its own units',
      'countyOrganizer',
      () => m.fx.users.countyOrganizer,
      () => ({ organizer: made.belowYaodu }),
    ],
    [
      'a county organizer edits a unit editor of the neighbouring county (霍州)',
      'countyOrganizer',
      () => made.huozhouEditor,
      rename,
    ],
    [
      'a county organizer edits its city’s unit editor',
      'countyOrganizer',
      () => m.fx.users.cityEditor,
      rename,
    ],
    [
      'a county organizer moves its county’s unit editor to the neighbouring county',
      'countyOrganizer',
      () => made.yaoduEditor,
      () => ({ organizer: m.fx.organizers.huozhou }),
    ],
    [
      'Shanghai’s organizer edits a Linfen county’s unit editor',
      'shanghaiOrganizer',
      () => made.yaoduEditor,
      rename,
    ],
    ...outsiders.map((role): UpdateCase => [
      `${role} edits a 尧都 unit editor`,
      role,
      () => made.yaoduEditor,
      rename,
    ]),
  ]
  const allowed: UpdateCase[] = [
    ['the office edits a judge of no unit', 'admin', () => m.fx.users.judge, rename],
    [
      'Linfen’s organizer edits a county’s unit editor',
      'organizer',
      () => made.yaoduEditor,
      rename,
    ],
    [
      'Linfen’s organizer moves a county’s unit editor to the neighbouring county',
      'organizer',
      () => made.movableEditor,
      () => ({ organizer: m.fx.organizers.huozhou }),
    ],
    [
      'Linfen’s organizer makes a county’s judge a unit editor',
      'organizer',
      () => made.switchingJudge,
      () => ({ role: 'unit-editor' }),
    ],
    [
      'Linfen’s organizer sets a new password for a county’s unit editor',
      'organizer',
      () => made.yaoduEditor,
      () => ({ password: 'a-new-password-for-yaodu' }),
    ],
    ['Linfen’s organizer edits its own account', 'organizer', () => m.fx.users.organizer, rename],
    [
      'a county organizer edits its county’s unit editor',
      'countyOrganizer',
      () => made.yaoduEditor,
      rename,
    ],
    [
      'Shanghai’s organizer edits a Shanghai judge',
      'shanghaiOrganizer',
      () => made.shanghaiJudge,
      rename,
    ],
    ['a unit editor edits its own account', 'countyEditor', () => m.fx.users.countyEditor, rename],
  ]

  it.each(refused)('refuses: %s', async (what, role, target, data) => {
    const id = target()
    const before = await snapshot('users', id)
    for (const route of routesOf(role)) {
      const outcome = await attempt(route, role, 'update', 'users', { id, data: data() })
      expectRefused(role, outcome, `${route}: ${what}`)
      expect(await snapshot('users', id), `${route}: unchanged`).toBe(before)
    }
  })

  it.each(allowed)('allows: %s', async (what, role, target, data) => {
    const id = target()
    for (const route of routesOf(role)) {
      const written = data()
      const outcome = await attempt(route, role, 'update', 'users', { id, data: written })
      expect(outcome.ok, `${route}: ${what} (${outcome.message})`).toBe(true)
      const { password: _password, ...stored } = written
      expect(await m.payload.findByID({ collection: 'users', id, depth: 0 })).toMatchObject(stored)
    }
  })

  it('drops a unit editor’s own role and unit, as before: the rest of its write goes through', async () => {
    const { status } = await m.call(
      'countyEditor',
      'PATCH',
      `/api/users/${m.fx.users.countyEditor}`,
      {
        role: 'organizer',
        organizer: m.fx.organizers.linfen,
      },
    )
    expect(status).toBe(200)
    expect(
      await m.payload.findByID({ collection: 'users', id: m.fx.users.countyEditor, depth: 0 }),
    ).toMatchObject({ role: 'unit-editor', organizer: m.fx.organizers.yaodu })
  })

  it('says why an organizer may not change its own role, in Chinese, then English', async () => {
    const { status, body } = await m.call(
      'organizer',
      'PATCH',
      `/api/users/${m.fx.users.organizer}`,
      {
        role: 'admin',
      },
    )
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '不能修改自己的角色或所属单位，请联系全国办公室 / you cannot change your own role or unit: ask the national office',
    )
  })
})

describe('users: delete', () => {
  const refused: DeleteCase[] = [
    [
      'Linfen’s organizer deletes a county’s unit editor',
      'organizer',
      () => newAccount('unit-editor', m.fx.organizers.yaodu),
    ],
    [
      'a county organizer deletes its county’s judge',
      'countyOrganizer',
      () => newAccount('judge', m.fx.organizers.yaodu),
    ],
    [
      'Shanghai’s organizer deletes a Shanghai unit editor',
      'shanghaiOrganizer',
      () => newAccount('unit-editor', m.fx.organizers.shanghai),
    ],
    ...outsiders.map((role): DeleteCase => [
      `${role} deletes a 尧都 unit editor`,
      role,
      () => newAccount('unit-editor', m.fx.organizers.yaodu),
    ]),
  ]
  const exists = async (id: number) =>
    (await m.payload.count({ collection: 'users', where: { id: { equals: id } } })).totalDocs === 1

  it.each(refused)('refuses: %s', async (what, role, target) => {
    for (const route of routesOf(role)) {
      const id = await target()
      const outcome = await attempt(route, role, 'delete', 'users', { id })
      expectRefused(role, outcome, `${route}: ${what}`)
      expect(await exists(id), `${route}: still there`).toBe(true)
    }
  })

  it('lets the office delete an account', async () => {
    for (const route of routesOf('admin')) {
      const id = await newAccount('unit-editor', m.fx.organizers.yaodu)
      const outcome = await attempt(route, 'admin', 'delete', 'users', { id })
      expect(outcome.ok, `${route}: ${outcome.message}`).toBe(true)
      expect(await exists(id), `${route}: gone`).toBe(false)
    }
  })
})

describe('users: read', () => {
  /** The fixture's accounts each role lists (besides accounts made by these tests); `null`: none. */
  const expected: Record<RoleName, string[] | null> = {
    admin: [
      'admin',
      'organizer',
      'countyOrganizer',
      'shanghaiOrganizer',
      'cityEditor',
      'countyEditor',
      'shanghaiEditor',
      'judge',
    ],
    // Organizers also read the office's judges (no unit), to seat them on their panels.
    organizer: ['organizer', 'countyOrganizer', 'cityEditor', 'countyEditor', 'judge'],
    countyOrganizer: ['countyOrganizer', 'countyEditor', 'judge'],
    shanghaiOrganizer: ['shanghaiOrganizer', 'shanghaiEditor', 'judge'],
    cityEditor: ['cityEditor'],
    countyEditor: ['countyEditor'],
    shanghaiEditor: ['shanghaiEditor'],
    judge: ['judge'],
    partner: null,
    wrongKey: null,
    revokedKey: null,
    public: null,
  }
  const unitOfRole: Partial<Record<RoleName, () => number>> = {
    organizer: () => m.fx.organizers.linfen,
    countyOrganizer: () => m.fx.organizers.yaodu,
    shanghaiOrganizer: () => m.fx.organizers.shanghai,
  }

  it.each(roles.map((role) => [role] as const))('%s lists the accounts it may', async (role) => {
    const names = Object.entries(m.docs.users) as [string, number][]
    const nameOf = new Map(names.map(([name, id]) => [id, name]))
    for (const route of m.routesFor(role, 'users')) {
      const outcome = await m.routes[route].read(role, 'users')
      const want = expected[role]
      if (refusedKeys.includes(role)) {
        expect(outcome.status, `${route}: 401`).toBe(401)
        continue
      }
      if (want === null) {
        expect(outcome.ok && (outcome.ids?.length ?? 0) > 0, `${route}: reads none`).toBe(false)
        continue
      }
      expect(outcome.ok, `${route}: ${outcome.detail}`).toBe(true)
      const ids = outcome.ids ?? []
      expect(outcome.total, `${route}: totalDocs counts only these`).toBe(ids.length)
      const seen = ids.filter((id) => nameOf.has(id)).map((id) => nameOf.get(id)!)
      expect(seen.sort(), route).toEqual([...want].sort())
      const unit = unitOfRole[role]?.()
      if (unit) {
        // Whatever else it lists (accounts made by these tests) is of its subtree too.
        const { docs } = await m.payload.find({
          collection: 'users',
          where: { id: { in: ids } },
          depth: 1,
          limit: 0,
        })
        for (const doc of docs) {
          if (doc.role === 'judge' && !doc.organizer) {
            continue // the office's judges: every organizer reads them
          }
          const path = (doc.organizer as { path?: string } | null)?.path ?? ''
          expect(path, `${route}: ${doc.email} is in the subtree`).toContain(`/${unit}/`)
        }
      }
    }
  })

  it('the office lists every account', async () => {
    const all = (await m.payload.count({ collection: 'users' })).totalDocs
    for (const route of m.routesFor('admin', 'users')) {
      const outcome = await m.routes[route].read('admin', 'users')
      expect(outcome.total, route).toBe(all)
      expect(outcome.ids, route).toHaveLength(all)
    }
  })

  it('an organizer reads an account outside its subtree by id as not found', async () => {
    const { status } = await m.call('organizer', 'GET', `/api/users/${m.fx.users.shanghaiEditor}`)
    expect(status).toBe(404)
    const mine = await m.call('organizer', 'GET', `/api/users/${made.huozhouEditor}`)
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ role: 'unit-editor' })
  })
})
