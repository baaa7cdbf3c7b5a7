/**
 * Every role × every collection × read / create / update / delete, each through the Local API
 * (overrideAccess: false), REST and GraphQL. The expected outcome is written down below as a
 * table; the test output prints the table it proved.
 */
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { AccessFixture } from './fixture'
import type { Booted } from '../helpers/payload'

import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'
import { buildAccessFixture, password } from './fixture'

const roles = ['admin', 'organizer', 'cityEditor', 'countyEditor', 'judge', 'partner', 'public'] as const
type RoleName = (typeof roles)[number]

const collections = [
  'organizers',
  'contacts',
  'campaigns',
  'notices',
  'sub-projects',
  'quotas',
  'columns',
  'partner-sites',
  'entries',
  'featured-workers',
  'media',
  'users',
  'partner-accounts',
  'audit-log',
] as const
type Slug = (typeof collections)[number]

const staff: RoleName[] = ['admin', 'organizer', 'cityEditor', 'countyEditor']
const everyone: RoleName[] = [...roles]

/** Fixture keys each role must see, per collection; `null`: reading is refused outright. */
const expectedRead: Record<Slug, Partial<Record<RoleName, string[] | null>> & { default?: string[] | null }> = {
  organizers: { default: ['national', 'shanxi', 'linfen', 'yaodu', 'huozhou', 'shanghai'] },
  contacts: { default: ['linfen', 'yaodu', 'shanghai'] },
  // The partner site takes Linfen's campaign only.
  campaigns: {
    admin: ['linfen', 'shanghai', 'linfenDraft'],
    organizer: ['linfen', 'shanghai', 'linfenDraft'],
    cityEditor: ['linfen', 'shanghai', 'linfenDraft'],
    countyEditor: ['linfen', 'shanghai', 'linfenDraft'],
    partner: ['linfen'],
    default: ['linfen', 'shanghai'],
  },
  notices: {
    admin: ['linfen', 'linfenDraft', 'shanghai'],
    organizer: ['linfen', 'linfenDraft', 'shanghai'],
    partner: ['linfen'],
    default: ['linfen', 'shanghai'],
  },
  'sub-projects': {
    admin: ['linfen', 'linfenDraft', 'shanghai'],
    organizer: ['linfen', 'linfenDraft', 'shanghai'],
    partner: ['linfen'],
    default: ['linfen', 'shanghai'],
  },
  quotas: { default: ['linfen', 'shanghai'] },
  columns: { default: ['linfen', 'shanghai'] },
  'partner-sites': { default: ['workercn'] },
  // `published` is also selected as a best work (精品), `unselected` is not: partners pull only the former.
  entries: {
    admin: ['yaodu', 'huozhou', 'city', 'published', 'unselected', 'shanghai'],
    organizer: ['yaodu', 'huozhou', 'city', 'published', 'unselected'],
    cityEditor: ['yaodu', 'huozhou', 'city', 'published', 'unselected'],
    countyEditor: ['yaodu', 'published', 'unselected'],
    judge: ['huozhou'],
    partner: ['published'],
    default: ['published', 'unselected'],
  },
  'featured-workers': {
    admin: ['yaodu', 'huozhou', 'shanghai'],
    organizer: ['yaodu', 'huozhou'],
    cityEditor: ['yaodu', 'huozhou'],
    countyEditor: ['yaodu', 'huozhou'],
    partner: ['huozhou'],
    default: ['huozhou'],
  },
  media: { default: ['poster'] },
  users: {
    admin: ['admin', 'organizer', 'cityEditor', 'countyEditor', 'judge', 'shanghaiEditor'],
    organizer: ['organizer'],
    cityEditor: ['cityEditor'],
    countyEditor: ['countyEditor'],
    judge: ['judge'],
    default: null,
  },
  'partner-accounts': { admin: ['workercn'], partner: ['workercn'], default: null },
  'audit-log': { admin: ['entry'], default: null },
}

/** Who may create, and who may update and delete the Linfen-side document of each collection. */
const expectedWrite: Record<Slug, { create: RoleName[]; change: RoleName[] }> = {
  organizers: { create: ['admin'], change: ['admin'] },
  contacts: { create: staff, change: staff },
  campaigns: { create: ['admin', 'organizer'], change: ['admin', 'organizer'] },
  notices: { create: ['admin', 'organizer'], change: ['admin', 'organizer'] },
  'sub-projects': { create: ['admin', 'organizer'], change: ['admin', 'organizer'] },
  quotas: { create: ['admin', 'organizer'], change: ['admin', 'organizer'] },
  columns: { create: ['admin', 'organizer'], change: ['admin', 'organizer'] },
  'partner-sites': { create: ['admin'], change: ['admin'] },
  entries: { create: staff, change: staff },
  'featured-workers': { create: staff, change: staff },
  media: { create: staff, change: ['admin'] },
  users: { create: ['admin'], change: ['admin'] },
  'partner-accounts': { create: ['admin'], change: ['admin'] },
  // Written only by the audit hooks: nobody, not even an admin, creates, edits or deletes entries.
  'audit-log': { create: [], change: [] },
}

let booted: Booted
let payload: Payload
let http: Awaited<ReturnType<typeof serveApp>>
let fx: AccessFixture
let adminId: number
let auditEntryId: number
const headers: Partial<Record<RoleName, Record<string, string>>> = {}
const localUsers: Partial<Record<RoleName, Record<string, unknown> | undefined>> = {}
let gqlNames: Record<Slug, { one: string; many: string; createInput: string; updateInput: string }>
const results: Record<string, string> = {}
let counter = 0
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`

const fixtureDocs = (slug: Slug): Record<string, number> => {
  const map: Record<Slug, Record<string, number>> = {
    organizers: fx.organizers,
    contacts: fx.contacts,
    campaigns: fx.campaigns,
    notices: fx.notices,
    'sub-projects': fx.subProjects,
    quotas: fx.quotas,
    columns: fx.columns,
    'partner-sites': fx.partnerSites,
    entries: fx.entries,
    'featured-workers': fx.featuredWorkers,
    media: fx.media,
    users: { ...fx.users, admin: adminId },
    'partner-accounts': fx.partnerAccounts,
    'audit-log': { entry: auditEntryId },
  }
  return map[slug]
}

/** The unit a role files documents under. */
const unitOf = (role: RoleName) => (role === 'countyEditor' ? fx.organizers.yaodu : fx.organizers.linfen)

/** A valid new document of `slug`, inside what `role` could manage. */
const newDoc = (slug: Slug, role: RoleName): Record<string, unknown> => {
  switch (slug) {
    case 'organizers':
      return { name: unique('新单位'), kind: 'federation', level: 'grassroots', parent: fx.organizers.yaodu }
    case 'contacts':
      return { name: unique('联系人'), organizer: unitOf(role) }
    case 'campaigns':
      return { name: unique('主题活动'), year: 2022, status: 'draft', hosts: [fx.organizers.linfen] }
    case 'notices':
      return { title: unique('通知'), campaign: fx.campaigns.linfen }
    case 'sub-projects':
      return { name: unique('子项目'), kind: 'other', campaign: fx.campaigns.linfen }
    case 'quotas':
      return { campaign: fx.campaigns.linfen, unit: fx.organizers.huozhou, offlineEvents: 1 }
    case 'columns':
      return { title: unique('专栏'), partnerSite: fx.partnerSites.workercn, campaign: fx.campaigns.linfen, channel: 'weibo' }
    case 'partner-sites':
      return { name: unique('网站'), kind: 'union-site' }
    case 'entries':
      return { title: unique('作品'), subProject: fx.subProjects.linfen, submittingUnit: unitOf(role), status: 'draft' }
    case 'featured-workers':
      return { name: unique('工匠'), unit: unitOf(role), campaign: fx.campaigns.linfen, status: 'recommended' }
    case 'media':
      return { alt: unique('图片') }
    case 'users':
      return { email: `${unique('user')}@linfen.test`, password, role: 'judge' }
    case 'partner-accounts':
      return { name: unique('接口'), partnerSite: fx.partnerSites.workercn }
    case 'audit-log':
      return { action: 'login', actorLabel: unique('forged') }
  }
}

/** A harmless edit of `slug`. */
const edit = (slug: Slug): Record<string, unknown> => {
  const text = unique('改')
  const bySlug: Record<Slug, Record<string, unknown>> = {
    organizers: { region: text },
    contacts: { department: text },
    campaigns: { theme: text },
    notices: { recipients: text },
    'sub-projects': { description: text },
    quotas: { offlineEvents: counter },
    columns: { url: `https://example.org/${text}` },
    'partner-sites': { website: `https://example.org/${text}` },
    entries: { description: text },
    'featured-workers': { trade: text },
    media: { alt: text },
    users: { name: text },
    'partner-accounts': { name: text },
    'audit-log': { actorLabel: text },
  }
  return bySlug[slug]
}

/** The Linfen-side document each role's update is tried on. */
const linfenSide: Record<Slug, (f: AccessFixture) => number> = {
  organizers: (f) => f.organizers.yaodu,
  contacts: (f) => f.contacts.yaodu,
  campaigns: (f) => f.campaigns.linfen,
  notices: (f) => f.notices.linfen,
  'sub-projects': (f) => f.subProjects.linfen,
  quotas: (f) => f.quotas.linfen,
  columns: (f) => f.columns.linfen,
  'partner-sites': (f) => f.partnerSites.workercn,
  entries: (f) => f.entries.yaodu,
  'featured-workers': (f) => f.featuredWorkers.yaodu,
  media: (f) => f.media.poster,
  users: (f) => f.users.shanghaiEditor,
  'partner-accounts': (f) => f.partnerAccounts.workercn,
  'audit-log': () => auditEntryId,
}

const asAdmin = async (slug: Slug, data: Record<string, unknown>) => {
  if (slug === 'media') {
    return Number(
      (
        await payload.create({
          collection: 'media',
          data,
          file: { data: fx.image, mimetype: 'image/png', name: `${unique('img')}.png`, size: fx.image.length },
        })
      ).id,
    )
  }
  return Number((await payload.create({ collection: slug, data: data as never, depth: 0 })).id)
}

const exists = async (slug: Slug, id: number) =>
  (await payload.count({ collection: slug, where: { id: { equals: id } } })).totalDocs === 1

// --- the three routes -------------------------------------------------------------------

type Outcome = { ok: boolean; ids?: number[]; total?: number; detail: string }

const local = {
  read: async (role: RoleName, slug: Slug): Promise<Outcome> => {
    try {
      const res = await payload.find({ collection: slug, overrideAccess: false, user: localUsers[role] as never, limit: 0, depth: 0 })
      return { ok: true, ids: res.docs.map((d) => Number(d.id)), total: res.totalDocs, detail: 'ok' }
    } catch (err) {
      return { ok: false, detail: (err as Error).message }
    }
  },
  create: async (role: RoleName, slug: Slug, data: Record<string, unknown>): Promise<Outcome> => {
    try {
      const file =
        slug === 'media' ? { data: fx.image, mimetype: 'image/png', name: `${unique('l')}.png`, size: fx.image.length } : undefined
      const doc = await payload.create({ collection: slug, data: data as never, overrideAccess: false, user: localUsers[role] as never, file, depth: 0 })
      return { ok: true, ids: [Number(doc.id)], detail: 'ok' }
    } catch (err) {
      return { ok: false, detail: (err as Error).message }
    }
  },
  update: async (role: RoleName, slug: Slug, id: number, data: Record<string, unknown>): Promise<Outcome> => {
    try {
      await payload.update({ collection: slug, id, data: data as never, overrideAccess: false, user: localUsers[role] as never, depth: 0 })
      return { ok: true, detail: 'ok' }
    } catch (err) {
      return { ok: false, detail: (err as Error).message }
    }
  },
  delete: async (role: RoleName, slug: Slug, id: number): Promise<Outcome> => {
    try {
      await payload.delete({ collection: slug, id, overrideAccess: false, user: localUsers[role] as never })
      return { ok: true, detail: 'ok' }
    } catch (err) {
      return { ok: false, detail: (err as Error).message }
    }
  },
}

const call = async (role: RoleName, method: string, path: string, body?: unknown, form?: FormData) => {
  const res = await fetch(`${http.url}${path}`, {
    method,
    headers: { ...(form ? {} : { 'content-type': 'application/json' }), ...(headers[role] ?? {}) },
    body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const rest = {
  read: async (role: RoleName, slug: Slug): Promise<Outcome> => {
    const { status, body } = await call(role, 'GET', `/api/${slug}?limit=0&depth=0`)
    return status === 200
      ? { ok: true, ids: body.docs.map((d: { id: number }) => d.id), total: body.totalDocs, detail: '200' }
      : { ok: false, detail: String(status) }
  },
  create: async (role: RoleName, slug: Slug, data: Record<string, unknown>): Promise<Outcome> => {
    let res
    if (slug === 'media') {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(fx.image)], { type: 'image/png' }), `${unique('r')}.png`)
      form.append('_payload', JSON.stringify(data))
      res = await call(role, 'POST', `/api/${slug}`, undefined, form)
    } else {
      res = await call(role, 'POST', `/api/${slug}`, data)
    }
    return res.status === 201 ? { ok: true, ids: [res.body.doc.id], detail: '201' } : { ok: false, detail: String(res.status) }
  },
  update: async (role: RoleName, slug: Slug, id: number, data: Record<string, unknown>): Promise<Outcome> => {
    const { status } = await call(role, 'PATCH', `/api/${slug}/${id}`, data)
    return { ok: status === 200, detail: String(status) }
  },
  delete: async (role: RoleName, slug: Slug, id: number): Promise<Outcome> => {
    const { status } = await call(role, 'DELETE', `/api/${slug}/${id}`)
    return { ok: status === 200, detail: String(status) }
  },
}

const gql = {
  run: (role: RoleName, query: string, variables?: Record<string, unknown>) => call(role, 'POST', '/api/graphql', { query, variables }),
  read: async (role: RoleName, slug: Slug): Promise<Outcome> => {
    const { many } = gqlNames[slug]
    const { body } = await gql.run(role, `{ ${many}(limit: 0) { totalDocs docs { id } } }`)
    const data = body.data?.[many]
    return data && !body.errors
      ? { ok: true, ids: data.docs.map((d: { id: number }) => d.id), total: data.totalDocs, detail: 'ok' }
      : { ok: false, detail: body.errors?.[0]?.message ?? 'no data' }
  },
  create: async (role: RoleName, slug: Slug, data: Record<string, unknown>): Promise<Outcome> => {
    const { one, createInput } = gqlNames[slug]
    // GraphQL enums spell `union-site` as `union_site`.
    const input = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, k === 'kind' && typeof v === 'string' ? v.replace(/-/g, '_') : v]),
    )
    const { body } = await gql.run(role, `mutation ($data: ${createInput}!) { create${one}(data: $data) { id } }`, { data: input })
    const doc = body.data?.[`create${one}`]
    return doc && !body.errors ? { ok: true, ids: [doc.id], detail: 'ok' } : { ok: false, detail: body.errors?.[0]?.message ?? 'no data' }
  },
  update: async (role: RoleName, slug: Slug, id: number, data: Record<string, unknown>): Promise<Outcome> => {
    const { one, updateInput } = gqlNames[slug]
    const { body } = await gql.run(role, `mutation ($id: Int!, $data: ${updateInput}!) { update${one}(id: $id, data: $data) { id } }`, { id, data })
    return { ok: Boolean(body.data?.[`update${one}`]) && !body.errors, detail: body.errors?.[0]?.message ?? 'ok' }
  },
  delete: async (role: RoleName, slug: Slug, id: number): Promise<Outcome> => {
    const { one } = gqlNames[slug]
    const { body } = await gql.run(role, `mutation ($id: Int!) { delete${one}(id: $id) { id } }`, { id })
    return { ok: Boolean(body.data?.[`delete${one}`]) && !body.errors, detail: body.errors?.[0]?.message ?? 'ok' }
  },
}

const routes = { local, rest, graphql: gql } as const
type Route = keyof typeof routes

/** Singular GraphQL names Payload derives from each slug (plural: + s, or all + name when equal). */
const singular: Record<Slug, string> = {
  organizers: 'Organizer',
  contacts: 'Contact',
  campaigns: 'Campaign',
  notices: 'Notice',
  'sub-projects': 'SubProject',
  quotas: 'Quota',
  columns: 'Column',
  'partner-sites': 'PartnerSite',
  entries: 'Entry',
  'featured-workers': 'FeaturedWorker',
  media: 'Media',
  users: 'User',
  'partner-accounts': 'PartnerAccount',
  'audit-log': 'AuditLog',
}

/** GraphQL's names for each collection, checked against the schema itself. */
const readGraphqlNames = async () => {
  const { body } = await gql.run('admin', '{ __schema { queryType { fields { name } } mutationType { fields { name } } types { name } } }')
  const queries = new Set((body.data.__schema.queryType.fields as { name: string }[]).map((f) => f.name))
  const types = new Set((body.data.__schema.types as { name: string }[]).map((t) => t.name))
  const names = {} as typeof gqlNames
  for (const slug of collections) {
    const one = singular[slug]
    const many = [`${one}s`, slug === 'entries' ? 'Entries' : '', `all${one}`].find((n) => n && queries.has(n)) ?? ''
    names[slug] = { one, many, createInput: `mutation${one}Input`, updateInput: `mutation${one}UpdateInput` }
    expect(queries.has(one), `GraphQL query ${one}`).toBe(true)
    expect(many, `GraphQL list query for ${slug}`).not.toBe('')
    // Media takes no GraphQL uploads; the audit log has no mutations at all.
    expect(types.has(names[slug].createInput) || slug === 'media' || slug === 'audit-log', `type ${names[slug].createInput}`).toBe(true)
  }
  return names
}

beforeAll(async () => {
  booted = await bootPayload({ name: 'access_matrix' })
  payload = booted.payload
  http = await serveApp({ payload: () => payload, config: booted.config })
  fx = await buildAccessFixture(payload)
  adminId = Number((await payload.find({ collection: 'users', where: { email: { equals: testAdmin.email } } })).docs[0]!.id)
  auditEntryId = await asAdmin('audit-log', { action: 'login', actorLabel: 'fixture@linfen.test' })

  const login = async (email: string, pw: string) => {
    const res = await fetch(`${http.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: pw }),
    })
    const json = (await res.json()) as { token: string }
    return { Authorization: `JWT ${json.token}` }
  }
  const emails: Partial<Record<RoleName, [string, string]>> = {
    admin: [testAdmin.email, testAdmin.password],
    organizer: ['organizer@linfen.test', password],
    cityEditor: ['city@linfen.test', password],
    countyEditor: ['yaodu@linfen.test', password],
    judge: ['judge@linfen.test', password],
  }
  for (const [role, [email, pw]] of Object.entries(emails) as [RoleName, [string, string]][]) {
    headers[role] = await login(email, pw)
    const user = (await payload.find({ collection: 'users', where: { email: { equals: email } }, depth: 0 })).docs[0]!
    localUsers[role] = { ...user, collection: 'users' }
  }
  headers.partner = { Authorization: `partner-accounts API-Key ${fx.partnerApiKey}` }
  const account = await payload.findByID({ collection: 'partner-accounts', id: fx.partnerAccounts.workercn, depth: 0 })
  localUsers.partner = { ...account, collection: 'partner-accounts' }
  headers.public = {}
  localUsers.public = undefined
  gqlNames = await readGraphqlNames()
}, 300_000)

afterAll(async () => {
  printMatrix()
  await http?.close()
  await booted?.payload.destroy()
})

const record = (role: RoleName, slug: Slug, op: string, mark: string) => {
  results[`${role}|${slug}|${op}`] = mark
}

const printMatrix = () => {
  const ops = ['R', 'C', 'U', 'D']
  const width = 22
  const lines = [
    '',
    'Access matrix (proved through Local API, REST and GraphQL): R read, C create, U update, D delete',
    '  all = every fixture document, scoped = only those in reach, - = refused',
    `${'collection'.padEnd(18)}${roles.map((r) => r.padEnd(width)).join('')}`,
  ]
  for (const slug of collections) {
    const cells = roles.map((role) => ops.map((op) => `${op}:${results[`${role}|${slug}|${op}`] ?? '?'}`).join(' ').padEnd(width))
    lines.push(`${slug.padEnd(18)}${cells.join('')}`)
  }
  process.stdout.write(`${lines.join('\n')}\n\n`)
}

const cases = roles.flatMap((role) => collections.map((slug) => [role, slug] as const))
const allRoutes: Route[] = ['local', 'rest', 'graphql']
const writeRoutes = (slug: Slug, op: 'create' | 'update' | 'delete'): Route[] =>
  // GraphQL cannot upload files: media is created through the Local API and REST only.
  slug === 'media' && op === 'create' ? ['local', 'rest'] : allRoutes

describe('read', () => {
  it.each(cases)('%s reads exactly the %s it may see, and counts no more', async (role, slug) => {
    const table = expectedRead[slug]
    const expected = role in table ? table[role] : table.default
    const docs = fixtureDocs(slug)
    for (const route of allRoutes) {
      const outcome = await routes[route].read(role, slug)
      if (expected === null || expected === undefined) {
        expect(outcome.ok || (outcome.ids?.length ?? 0) > 0, `${route}: ${role} must not read ${slug}`).toBe(false)
        continue
      }
      // Documents made by the write tests are ignored: only the fixture is compared.
      const fixtureIds = new Set(Object.values(docs))
      const seen = (outcome.ids ?? []).filter((id) => fixtureIds.has(id)).sort()
      const want = expected.map((key) => docs[key]!).sort()
      expect(seen, `${route}: ${role} reading ${slug}`).toEqual(want)
      const allSeen = (outcome.ids ?? []).length
      expect(outcome.total, `${route}: totalDocs for ${role} on ${slug}`).toBe(allSeen)
    }
    const total = Object.keys(docs).length
    record(role, slug, 'R', expected === null || expected === undefined ? '-' : expected.length === total ? 'all' : 'scoped')
  })
})

describe('create', () => {
  it.each(cases)('%s creating %s', async (role, slug) => {
    const allowed = expectedWrite[slug].create.includes(role)
    for (const route of writeRoutes(slug, 'create')) {
      const data = newDoc(slug, role)
      const before = (await payload.count({ collection: slug })).totalDocs
      const outcome = await routes[route].create(role, slug, data)
      expect(outcome.ok, `${route}: ${role} creating ${slug} (${outcome.detail})`).toBe(allowed)
      if (!allowed) {
        expect((await payload.count({ collection: slug })).totalDocs, `${route}: nothing written`).toBe(before)
      }
    }
    record(role, slug, 'C', allowed ? '✓' : '-')
  })
})

describe('update', () => {
  it.each(cases)('%s updating the Linfen-side %s', async (role, slug) => {
    const allowed = expectedWrite[slug].change.includes(role)
    const id = linfenSide[slug](fx)
    for (const route of allRoutes) {
      const change = edit(slug)
      const outcome = await routes[route].update(role, slug, id, change)
      expect(outcome.ok, `${route}: ${role} updating ${slug} (${outcome.detail})`).toBe(allowed)
      const doc = (await payload.findByID({ collection: slug, id, depth: 0 })) as unknown as Record<string, unknown>
      const [field, value] = Object.entries(change)[0]!
      expect(doc[field] === value, `${route}: ${slug}.${field} ${allowed ? 'changed' : 'unchanged'}`).toBe(allowed)
    }
    record(role, slug, 'U', allowed ? '✓' : '-')
  })
})

describe('delete', () => {
  it.each(cases)('%s deleting a Linfen-side %s', async (role, slug) => {
    const allowed = expectedWrite[slug].change.includes(role)
    for (const route of allRoutes) {
      const id = await asAdmin(slug, newDoc(slug, role === 'countyEditor' ? 'countyEditor' : 'organizer'))
      const outcome = await routes[route].delete(role, slug, id)
      expect(outcome.ok, `${route}: ${role} deleting ${slug} (${outcome.detail})`).toBe(allowed)
      expect(await exists(slug, id), `${route}: ${slug} ${allowed ? 'gone' : 'still there'}`).toBe(!allowed)
    }
    record(role, slug, 'D', allowed ? '✓' : '-')
  })
})
