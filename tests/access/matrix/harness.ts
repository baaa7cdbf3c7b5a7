/**
 * The access matrix's machinery: one booted app with the access fixture, every role signed in,
 * and the three routes (Local API with overrideAccess: false, REST, GraphQL) behind one
 * interface, so each test file states only what each role may do.
 */
import type { CollectionSlug, Payload } from 'payload'

import { expect } from 'vitest'

import type { Booted } from '../../helpers/payload'
import type { AccessFixture } from '../fixture'

import { serveApp } from '../../helpers/http'
import { bootPayload, testAdmin } from '../../helpers/payload'
import { buildAccessFixture, password } from '../fixture'

/**
 * Every kind of caller. Organizers: Linfen's (hosts the Linfen campaigns), a Linfen county's
 * (hosts nothing) and Shanghai's (another province). Keys: a partner's valid one, one made up,
 * one the office switched off.
 */
export const roles = [
  'admin',
  'organizer',
  'countyOrganizer',
  'shanghaiOrganizer',
  'cityEditor',
  'countyEditor',
  'shanghaiEditor',
  'judge',
  'partner',
  'wrongKey',
  'revokedKey',
  'public',
] as const
export type RoleName = (typeof roles)[number]

/** Callers whose credential does not verify: 401 before anything is read or written. */
export const refusedKeys: RoleName[] = ['wrongKey', 'revokedKey']

export const collections = [
  'organizers',
  'contacts',
  'campaigns',
  'notices',
  'sub-projects',
  'quotas',
  'report-batches',
  'columns',
  'sensitive-words',
  'interactions',
  'partner-sites',
  'entries',
  'judging-rounds',
  'score-sheets',
  'votes',
  'voter-codes',
  'award-lists',
  'featured-workers',
  'media',
  'renditions',
  'users',
  'partner-accounts',
  'audit-log',
  'deliveries',
  'receipts',
  'payload-jobs',
  'payload-locked-documents',
] as const
export type Slug = (typeof collections)[number]

/** Collections with drafts, whose history is read through `/versions`. */
export const versioned = ['notices', 'sub-projects', 'columns'] as const
export type VersionedSlug = (typeof versioned)[number]

export type Outcome = {
  ok: boolean
  ids?: number[]
  total?: number
  status?: number
  detail: string
}

export type Matrix = Awaited<ReturnType<typeof openMatrix>>

/** Singular GraphQL names Payload derives from each slug. */
const singular: Record<Slug, string> = {
  organizers: 'Organizer',
  contacts: 'Contact',
  campaigns: 'Campaign',
  notices: 'Notice',
  'sub-projects': 'SubProject',
  quotas: 'Quota',
  'report-batches': 'ReportBatch',
  columns: 'Column',
  'sensitive-words': 'SensitiveWord',
  interactions: 'Interaction',
  'partner-sites': 'PartnerSite',
  entries: 'Entry',
  'judging-rounds': 'JudgingRound',
  'score-sheets': 'ScoreSheet',
  votes: 'Vote',
  'voter-codes': 'VoterCode',
  'award-lists': 'AwardList',
  'featured-workers': 'FeaturedWorker',
  media: 'Media',
  renditions: 'Rendition',
  users: 'User',
  'partner-accounts': 'PartnerAccount',
  'audit-log': 'AuditLog',
  deliveries: 'Delivery',
  receipts: 'Receipt',
  'payload-jobs': 'PayloadJob',
  'payload-locked-documents': 'PayloadLockedDocument',
}

const emails: Partial<Record<RoleName, [string, string]>> = {
  admin: [testAdmin.email, testAdmin.password],
  organizer: ['organizer@linfen.test', password],
  countyOrganizer: ['organizer@yaodu.test', password],
  shanghaiOrganizer: ['organizer@shanghai.test', password],
  cityEditor: ['city@linfen.test', password],
  countyEditor: ['yaodu@linfen.test', password],
  shanghaiEditor: ['editor@shanghai.test', password],
  judge: ['judge@linfen.test', password],
}

/** Boots the app on a database of its own, builds the fixture and signs every role in. */
export const openMatrix = async ({ name }: { name: string }) => {
  const booted: Booted = await bootPayload({ name })
  const payload: Payload = booted.payload
  const http = await serveApp({ payload: () => payload, config: booted.config })
  const fx: AccessFixture = await buildAccessFixture(payload)
  const adminId = Number(
    (await payload.find({ collection: 'users', where: { email: { equals: testAdmin.email } } }))
      .docs[0]!.id,
  )
  const auditEntryId = Number(
    (
      await payload.create({
        collection: 'audit-log',
        data: { action: 'login', actorLabel: 'fixture@linfen.test' } as never,
      })
    ).id,
  )
  const job = (await payload.jobs.queue({
    task: 'sendMail' as never,
    input: { to: 'fixture@linfen.test', subject: '测试', text: '测试' } as never,
  })) as { id: number | string }
  // A Linfen city editor's edit lock on a county's work, as the admin takes it when a form opens.
  const lock = Number(
    (
      await payload.create({
        collection: 'payload-locked-documents',
        data: {
          document: { relationTo: 'entries', value: fx.entries.yaodu },
          user: { relationTo: 'users', value: fx.users.cityEditor },
        } as never,
      })
    ).id,
  )

  const headers: Partial<Record<RoleName, Record<string, string>>> = {}
  const localUsers: Partial<Record<RoleName, Record<string, unknown> | undefined>> = {}
  for (const [role, [email, pw]] of Object.entries(emails) as [RoleName, [string, string]][]) {
    const res = await fetch(`${http.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: pw }),
    })
    const { token } = (await res.json()) as { token?: string }
    expect(token, `login as ${role}`).toBeTruthy()
    headers[role] = { Authorization: `JWT ${token}` }
    const user = (
      await payload.find({ collection: 'users', where: { email: { equals: email } }, depth: 0 })
    ).docs[0]!
    localUsers[role] = { ...user, collection: 'users' }
  }
  headers.partner = { Authorization: `partner-accounts API-Key ${fx.partnerApiKey}` }
  headers.wrongKey = { Authorization: 'partner-accounts API-Key made-up-key-0000000000000000' }
  headers.revokedKey = { Authorization: `partner-accounts API-Key ${fx.revokedApiKey}` }
  headers.public = {}
  const account = await payload.findByID({
    collection: 'partner-accounts',
    id: fx.partnerAccounts.workercn,
    depth: 0,
  })
  localUsers.partner = { ...account, collection: 'partner-accounts' }

  /** Fixture documents of each collection, by name. */
  const docs: Record<Slug, Record<string, number>> = {
    organizers: fx.organizers,
    contacts: fx.contacts,
    campaigns: fx.campaigns,
    notices: fx.notices,
    'sub-projects': fx.subProjects,
    quotas: fx.quotas,
    'report-batches': fx.reportBatches,
    columns: fx.columns,
    'sensitive-words': fx.sensitiveWords,
    interactions: fx.interactions,
    'partner-sites': fx.partnerSites,
    entries: fx.entries,
    'judging-rounds': fx.judgingRounds,
    'score-sheets': fx.scoreSheets,
    votes: fx.votes,
    'voter-codes': fx.voterCodes,
    'award-lists': fx.awardLists,
    'featured-workers': fx.featuredWorkers,
    media: fx.media,
    renditions: fx.renditions,
    users: { ...fx.users, admin: adminId },
    'partner-accounts': fx.partnerAccounts,
    'audit-log': { entry: auditEntryId },
    deliveries: fx.deliveries,
    receipts: fx.receipts,
    'payload-jobs': { job: Number(job.id) },
    'payload-locked-documents': { lock },
  }

  const call = async (
    role: RoleName,
    method: string,
    path: string,
    body?: unknown,
    form?: FormData,
  ) => {
    const res = await fetch(`${http.url}${path}`, {
      method,
      headers: {
        ...(form ? {} : { 'content-type': 'application/json' }),
        ...(headers[role] ?? {}),
      },
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }

  /** A request (a GET unless told) as `role` whose answer may be a file: status, headers and the raw bytes. */
  const fetchAs = async (
    role: RoleName,
    path: string,
    { method = 'GET', body }: { method?: string; body?: unknown } = {},
  ) => {
    const res = await fetch(`${http.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(headers[role] ?? {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
  }

  const graphqlSchema = await call('admin', 'POST', '/api/graphql', {
    query: '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
  })
  const queries = new Set(
    (graphqlSchema.body.data.__schema.queryType.fields as { name: string }[]).map((f) => f.name),
  )
  const mutations = new Set(
    (graphqlSchema.body.data.__schema.mutationType.fields as { name: string }[]).map((f) => f.name),
  )
  /** GraphQL's names for a collection; `many` is null where Payload exposes no GraphQL for it. */
  const gqlNames = (slug: Slug) => {
    const one = singular[slug]
    const many =
      [
        `${one}s`,
        slug === 'entries' ? 'Entries' : '',
        slug === 'deliveries' ? 'Deliveries' : '',
        `all${one}`,
      ].find((n) => n && queries.has(n)) ?? null
    return { one, many }
  }

  const routes = {
    local: {
      read: async (role: RoleName, slug: Slug): Promise<Outcome> => {
        try {
          const res = await payload.find({
            collection: slug as CollectionSlug,
            overrideAccess: false,
            user: localUsers[role] as never,
            limit: 0,
            depth: 0,
          })
          return {
            ok: true,
            ids: res.docs.map((d) => Number(d.id)),
            total: res.totalDocs,
            detail: 'ok',
          }
        } catch (err) {
          return { ok: false, detail: (err as Error).message }
        }
      },
      readVersions: async (role: RoleName, slug: VersionedSlug): Promise<Outcome> => {
        try {
          const res = await payload.findVersions({
            collection: slug,
            overrideAccess: false,
            user: localUsers[role] as never,
            limit: 0,
            depth: 0,
          })
          return {
            ok: true,
            ids: res.docs.map((d) => Number((d as { parent: unknown }).parent)),
            total: res.totalDocs,
            detail: 'ok',
          }
        } catch (err) {
          return { ok: false, detail: (err as Error).message }
        }
      },
      create: async (
        role: RoleName,
        slug: Slug,
        data: Record<string, unknown>,
      ): Promise<Outcome> => {
        try {
          const file =
            slug === 'media'
              ? {
                  data: fx.image,
                  mimetype: 'image/png',
                  name: `l${Date.now()}${Math.random()}.png`,
                  size: fx.image.length,
                }
              : undefined
          const doc = await payload.create({
            collection: slug as CollectionSlug,
            data: data as never,
            overrideAccess: false,
            user: localUsers[role] as never,
            file,
            depth: 0,
          })
          return { ok: true, ids: [Number(doc.id)], detail: 'ok' }
        } catch (err) {
          return { ok: false, detail: (err as Error).message }
        }
      },
      update: async (
        role: RoleName,
        slug: Slug,
        id: number,
        data: Record<string, unknown>,
      ): Promise<Outcome> => {
        try {
          await payload.update({
            collection: slug as CollectionSlug,
            id,
            data: data as never,
            overrideAccess: false,
            user: localUsers[role] as never,
            depth: 0,
          })
          return { ok: true, detail: 'ok' }
        } catch (err) {
          return { ok: false, detail: (err as Error).message }
        }
      },
      delete: async (role: RoleName, slug: Slug, id: number): Promise<Outcome> => {
        try {
          await payload.delete({
            collection: slug as CollectionSlug,
            id,
            overrideAccess: false,
            user: localUsers[role] as never,
          })
          return { ok: true, detail: 'ok' }
        } catch (err) {
          return { ok: false, detail: (err as Error).message }
        }
      },
    },
    rest: {
      read: async (role: RoleName, slug: Slug): Promise<Outcome> => {
        const { status, body } = await call(role, 'GET', `/api/${slug}?limit=0&depth=0`)
        return status === 200
          ? {
              ok: true,
              ids: body.docs.map((d: { id: number }) => d.id),
              total: body.totalDocs,
              status,
              detail: '200',
            }
          : { ok: false, status, detail: String(status) }
      },
      readVersions: async (role: RoleName, slug: VersionedSlug): Promise<Outcome> => {
        const { status, body } = await call(role, 'GET', `/api/${slug}/versions?limit=0&depth=0`)
        return status === 200
          ? {
              ok: true,
              ids: body.docs.map((d: { parent: number }) => Number(d.parent)),
              total: body.totalDocs,
              status,
              detail: '200',
            }
          : { ok: false, status, detail: String(status) }
      },
      create: async (
        role: RoleName,
        slug: Slug,
        data: Record<string, unknown>,
      ): Promise<Outcome> => {
        let res
        if (slug === 'media') {
          const form = new FormData()
          form.append(
            'file',
            new Blob([new Uint8Array(fx.image)], { type: 'image/png' }),
            `r${Date.now()}.png`,
          )
          form.append('_payload', JSON.stringify(data))
          res = await call(role, 'POST', `/api/${slug}`, undefined, form)
        } else {
          res = await call(role, 'POST', `/api/${slug}`, data)
        }
        return res.status === 201
          ? { ok: true, ids: [res.body.doc.id], status: 201, detail: '201' }
          : {
              ok: false,
              status: res.status,
              detail: `${res.status} ${JSON.stringify(res.body?.errors?.[0]?.message ?? '')}`,
            }
      },
      update: async (
        role: RoleName,
        slug: Slug,
        id: number,
        data: Record<string, unknown>,
      ): Promise<Outcome> => {
        const { status } = await call(role, 'PATCH', `/api/${slug}/${id}`, data)
        return { ok: status === 200, status, detail: String(status) }
      },
      delete: async (role: RoleName, slug: Slug, id: number): Promise<Outcome> => {
        const { status } = await call(role, 'DELETE', `/api/${slug}/${id}`)
        return { ok: status === 200, status, detail: String(status) }
      },
    },
    graphql: {
      read: async (role: RoleName, slug: Slug): Promise<Outcome> => {
        const { many } = gqlNames(slug)
        const { status, body } = await call(role, 'POST', '/api/graphql', {
          query: `{ ${many}(limit: 0) { totalDocs docs { id } } }`,
        })
        const data = body?.data?.[many!]
        return data && !body.errors
          ? {
              ok: true,
              ids: data.docs.map((d: { id: number }) => d.id),
              total: data.totalDocs,
              status,
              detail: 'ok',
            }
          : { ok: false, status, detail: body?.errors?.[0]?.message ?? 'no data' }
      },
      readVersions: async (role: RoleName, slug: VersionedSlug): Promise<Outcome> => {
        const name = `versions${singular[slug]}s`
        const { status, body } = await call(role, 'POST', '/api/graphql', {
          query: `{ ${name}(limit: 0) { totalDocs docs { parent { id } } } }`,
        })
        const data = body?.data?.[name]
        return data && !body.errors
          ? {
              ok: true,
              ids: data.docs.map((d: { parent: { id: number } | null }) => Number(d.parent?.id)),
              total: data.totalDocs,
              status,
              detail: 'ok',
            }
          : { ok: false, status, detail: body?.errors?.[0]?.message ?? 'no data' }
      },
      create: async (
        role: RoleName,
        slug: Slug,
        data: Record<string, unknown>,
      ): Promise<Outcome> => {
        const { one } = gqlNames(slug)
        // GraphQL enums spell `union-site` as `union_site`.
        const input = Object.fromEntries(
          Object.entries(data).map(([k, v]) => [
            k,
            ['kind', 'event', 'state'].includes(k) && typeof v === 'string'
              ? v.replace(/-/g, '_')
              : v,
          ]),
        )
        const { status, body } = await call(role, 'POST', '/api/graphql', {
          query: `mutation ($data: mutation${one}Input!) { create${one}(data: $data) { id } }`,
          variables: { data: input },
        })
        const doc = body?.data?.[`create${one}`]
        return doc && !body.errors
          ? { ok: true, ids: [doc.id], status, detail: 'ok' }
          : { ok: false, status, detail: body?.errors?.[0]?.message ?? 'no data' }
      },
      update: async (
        role: RoleName,
        slug: Slug,
        id: number,
        data: Record<string, unknown>,
      ): Promise<Outcome> => {
        const { one } = gqlNames(slug)
        const { status, body } = await call(role, 'POST', '/api/graphql', {
          query: `mutation ($id: Int!, $data: mutation${one}UpdateInput!) { update${one}(id: $id, data: $data) { id } }`,
          variables: { id, data },
        })
        return {
          ok: Boolean(body?.data?.[`update${one}`]) && !body.errors,
          status,
          detail: body?.errors?.[0]?.message ?? 'ok',
        }
      },
      delete: async (role: RoleName, slug: Slug, id: number): Promise<Outcome> => {
        const { one } = gqlNames(slug)
        const { status, body } = await call(role, 'POST', '/api/graphql', {
          query: `mutation ($id: Int!) { delete${one}(id: $id) { id } }`,
          variables: { id },
        })
        return {
          ok: Boolean(body?.data?.[`delete${one}`]) && !body.errors,
          status,
          detail: body?.errors?.[0]?.message ?? 'ok',
        }
      },
    },
  }

  /** The routes a caller can take to a collection: refused keys exist only over HTTP, and GraphQL only where Payload exposes it. */
  const routesFor = (
    role: RoleName,
    slug: Slug,
    op: 'read' | 'create' | 'update' | 'delete' = 'read',
  ) => {
    const names: (keyof typeof routes)[] = refusedKeys.includes(role)
      ? ['rest', 'graphql']
      : ['local', 'rest', 'graphql']
    return names.filter((route) => {
      if (route !== 'graphql') {
        return true
      }
      const { one, many } = gqlNames(slug)
      if (op === 'read') {
        return many !== null
      }
      return mutations.has(`${op}${one}`)
    })
  }

  const results: Record<string, string> = {}
  const record = (role: RoleName, slug: string, op: string, mark: string) => {
    results[`${role}|${slug}|${op}`] = mark
  }
  /** The proved table, printed in the test output. */
  const print = ({
    title,
    slugs,
    ops,
  }: {
    title: string
    slugs: readonly string[]
    ops: string[]
  }) => {
    const width = Math.max(ops.length * 9, ...roles.map((role) => role.length)) + 2
    const lines = [
      '',
      title,
      `${'collection'.padEnd(26)}${roles.map((r) => r.padEnd(width)).join('')}`,
    ]
    for (const slug of slugs) {
      const cells = roles.map((role) =>
        ops
          .map((op) => `${op}:${results[`${role}|${slug}|${op}`] ?? '?'}`)
          .join(' ')
          .padEnd(width),
      )
      lines.push(`${slug.padEnd(26)}${cells.join('')}`)
    }
    process.stdout.write(`${lines.join('\n')}\n\n`)
  }

  return {
    payload,
    fx,
    docs,
    call,
    fetchAs,
    routes,
    routesFor,
    mutations,
    record,
    print,
    close: async () => {
      await http.close()
      await payload.destroy()
    },
  }
}
