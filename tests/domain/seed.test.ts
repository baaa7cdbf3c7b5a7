import { readFileSync } from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { SeedReport } from '../../src/seed/seed'
import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { seedData } from '../../src/seed/data'
import { formatSeedReport, seed } from '../../src/seed/seed'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
let first: SeedReport

const slugs = [
  'organizers',
  'contacts',
  'campaigns',
  'notices',
  'sub-projects',
  'partner-sites',
  'quotas',
  'columns',
  'sensitive-words',
  'interactions',
] as const

/**
 * What README.md (Demo data) tells users the demo data holds, with the words it says it in.
 * Counted against the database, not against `seedData`: a seed that lost records fails.
 */
const promised: [(typeof slugs)[number], number, string][] = [
  ['organizers', 64, '64 organizers'],
  ['contacts', 14, '14 contacts'],
  ['campaigns', 5, '5 campaigns'],
  ['sub-projects', 16, '16 sub-projects'],
  ['notices', 5, '5 notices'],
  ['partner-sites', 38, '38 partner sites'],
  ['quotas', 19, "Linfen's 19 quotas"],
  ['columns', 2, '2 columns'],
  ['sensitive-words', 4, '4 sensitive words'],
  ['interactions', 3, '3 comments'],
]

const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      slugs.map(async (slug) => [
        slug,
        (await booted.payload.count({ collection: slug })).totalDocs,
      ]),
    ),
  ) as Record<(typeof slugs)[number], number>

beforeAll(async () => {
  booted = await bootPayload({ name: 'seed' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  first = await seed({ payload: booted.payload, data: seedData })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

describe('the demo data', () => {
  it('holds what the README promises: 64 organizers, 14 contacts, 5 campaigns, 16 sub-projects, 5 notices, 38 partner sites, 19 quotas, 2 columns, 4 sensitive words, 3 comments', async () => {
    expect(await counts()).toEqual(
      Object.fromEntries(promised.map(([slug, count]) => [slug, count])),
    )
  })

  it('is described in the README with the numbers this test checks', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8').replace(
      /\s+/g,
      ' ',
    )
    const demoData = readme.slice(readme.indexOf('### Demo data'))
    for (const [, , words] of promised) {
      expect(demoData).toContain(words)
    }
  })

  it('changes nothing when seeded twice', async () => {
    const before = await counts()
    const {
      docs: [organizerBefore],
    } = await booted.payload.find({ collection: 'organizers', sort: 'id', limit: 1 })
    const again = await seed({ payload: booted.payload, data: seedData })
    expect(again.created).toEqual({})
    expect(await counts()).toEqual(before)
    const {
      docs: [organizerAfter],
    } = await booted.payload.find({ collection: 'organizers', sort: 'id', limit: 1 })
    expect(organizerAfter!.updatedAt).toBe(organizerBefore!.updatedAt)
    expect(formatSeedReport(again)[0]).toContain('nothing changed')
  })

  it('loads the quotas of Linfen’s 19 units', async () => {
    const { docs } = await booted.payload.find({
      collection: 'quotas',
      where: { 'unit.name': { equals: '尧都区总工会' } },
      depth: 2,
    })
    expect(docs).toHaveLength(1)
    const works = Object.fromEntries(
      docs[0]!.works!.map((w) => [
        typeof w.subProject === 'object' ? w.subProject.name : w.subProject,
        w.count,
      ]),
    )
    expect(docs[0]!.offlineEvents).toBe(1)
    expect(works).toMatchObject({ 网络正能量摄影作品征集: 10, 网络正能量诵读作品征集: 2 })
    expect(first.quotaTables[0]!.rowsLoaded).toBe(19)
  })

  it('reports exactly the malformed quota rows and the values it could not place', () => {
    const { problems } = first.quotaTables[0]!
    const widerRows = problems.filter((p) => typeof p.row === 'number').map((p) => p.row)
    expect(widerRows).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19])
    const row11 = problems.find((p) => p.row === 11)!
    expect(row11.unit).toBe('浮山县总工会')
    expect(row11.message).toContain('有 11 个数值，表头只有 8 列')
    expect(row11.message).toContain('第9个=1，第10个=1，第11个=1')
  })

  it('reports the missing micro-film column and the total that does not add up', () => {
    const messages = first.quotaTables[0]!.problems.map((p) => p.message)
    expect(
      messages.some((m) => m.includes('网络正能量微电影征集') && m.includes('没有对应的列')),
    ).toBe(true)
    // 诵读作品: rows 1–3 print 2, the other 16 print 1, the 合计 row says 19.
    expect(messages.some((m) => m.includes('“诵读作品”合计为 19，但各行之和为 22'))).toBe(true)
  })

  it('keeps Sichuan’s forward linked to the national notice, both ways', async () => {
    const { body } = await api.get(
      `/api/notices?where[documentNumber][equals]=${encodeURIComponent('国信办通字〔2016〕2号')}`,
    )
    const national = body.docs[0]
    expect(
      national.forwardedBy.docs.map((d: { documentNumber: string }) => d.documentNumber),
    ).toEqual(['川信办发文〔2016〕11号'])
  })

  it('keeps the reporting hierarchy four levels deep for Linfen’s counties', async () => {
    const { docs } = await booted.payload.find({
      collection: 'organizers',
      where: { name: { equals: '尧都区总工会' } },
      depth: 0,
    })
    expect(docs[0]!.path!.split('/').filter(Boolean)).toHaveLength(4)
  })

  it.each(slugs)('serves %s over REST and GraphQL', async (slug) => {
    const rest = await api.get(`/api/${slug}?limit=1`)
    expect(rest.status).toBe(200)
    expect(rest.body.totalDocs).toBeGreaterThan(0)
    const listName = slug
      .split('-')
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join('')
    const gql = await api.graphql(`{ ${listName} { totalDocs } }`)
    expect(gql.body.data[listName].totalDocs).toBe(rest.body.totalDocs)
  })
})
