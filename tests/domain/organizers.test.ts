import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
const ids: Record<string, number> = {}

const create = async (name: string, level: string, parent?: string) => {
  const doc = await booted.payload.create({
    collection: 'organizers',
    data: {
      name,
      kind: 'federation',
      level: level as 'national',
      parent: parent ? ids[parent] : undefined,
    },
  })
  ids[name] = doc.id
  return doc
}

const subtreeNames = async (root: string) => {
  const { docs } = await booted.payload.find({
    collection: 'organizers',
    where: { path: { contains: `/${ids[root]}/` } },
    limit: 0,
    sort: 'name',
  })
  return docs.map((d) => d.name).sort()
}

beforeAll(async () => {
  booted = await bootPayload({ name: 'organizers' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  // Four levels of the reporting hierarchy, as in Linfen 2020.
  await create('中华全国总工会', 'national')
  await create('山西省总工会', 'provincial', '中华全国总工会')
  await create('临汾市总工会', 'city', '山西省总工会')
  await create('尧都区总工会', 'county', '临汾市总工会')
  await create('霍州市总工会', 'county', '临汾市总工会')
  await create('四川省总工会', 'provincial', '中华全国总工会')
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

describe('the organizer hierarchy', () => {
  it('stores each unit’s ancestor chain as its path', async () => {
    const county = await booted.payload.findByID({
      collection: 'organizers',
      id: ids['尧都区总工会']!,
    })
    expect(county.path).toBe(
      `/${ids['中华全国总工会']}/${ids['山西省总工会']}/${ids['临汾市总工会']}/${ids['尧都区总工会']}/`,
    )
  })

  it.each([
    [
      '中华全国总工会',
      [
        '中华全国总工会',
        '临汾市总工会',
        '四川省总工会',
        '尧都区总工会',
        '山西省总工会',
        '霍州市总工会',
      ],
    ],
    ['山西省总工会', ['临汾市总工会', '尧都区总工会', '山西省总工会', '霍州市总工会']],
    ['临汾市总工会', ['临汾市总工会', '尧都区总工会', '霍州市总工会']],
    ['尧都区总工会', ['尧都区总工会']],
  ])('finds the subtree of %s with one path query', async (root, expected) => {
    expect(await subtreeNames(root)).toEqual([...expected].sort())
  })

  it('answers the same subtree over REST', async () => {
    const { body } = await api.get(
      `/api/organizers?where[path][contains]=/${ids['临汾市总工会']}/&limit=0`,
    )
    expect(body.totalDocs).toBe(3)
  })

  it('moves a whole subtree when a parent changes', async () => {
    await create('测试市总工会', 'city', '四川省总工会')
    await create('测试县总工会', 'county', '测试市总工会')
    await booted.payload.update({
      collection: 'organizers',
      id: ids['测试市总工会']!,
      data: { parent: ids['山西省总工会'] },
    })
    expect(await subtreeNames('山西省总工会')).toContain('测试县总工会')
    expect(await subtreeNames('四川省总工会')).not.toContain('测试县总工会')
    const county = await booted.payload.findByID({
      collection: 'organizers',
      id: ids['测试县总工会']!,
    })
    expect(county.path).toBe(
      `/${ids['中华全国总工会']}/${ids['山西省总工会']}/${ids['测试市总工会']}/${ids['测试县总工会']}/`,
    )
  })

  it.each([
    ['itself', '临汾市总工会', '临汾市总工会'],
    ['a unit below it', '山西省总工会', '尧都区总工会'],
  ])(
    'refuses to make a unit its own ancestor (%s) over REST, with a clear message',
    async (_, unit, parent) => {
      const before = await booted.payload.findByID({ collection: 'organizers', id: ids[unit]! })
      const { status, body } = await api.patch(`/api/organizers/${ids[unit]}`, {
        parent: ids[parent],
      })
      expect(status).toBe(400)
      expect(JSON.stringify(body)).toContain('会形成循环')
      const after = await booted.payload.findByID({ collection: 'organizers', id: ids[unit]! })
      expect(after.path).toBe(before.path)
    },
  )
})

describe('partner sites of the kinds notices name', () => {
  it.each([
    ['陕西省省直新闻网站', 'local-news-site'],
    ['川观新闻', 'provincial-news-app'],
    ['工人日报', 'union-press'],
  ])('files %s as %s, over REST', async (name, kind) => {
    const { status, body } = await api.post('/api/partner-sites', { name, kind })
    expect(status, JSON.stringify(body)).toBe(201)
    expect((await api.get(`/api/partner-sites/${body.doc.id}?depth=0`)).body.kind).toBe(kind)
  })

  it('refuses a kind it does not know, naming the field', async () => {
    const { status, body } = await api.post('/api/partner-sites', {
      name: '某新闻客户端',
      kind: 'news-app',
    })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0]).toMatchObject({ path: 'kind', label: '类别' })
    expect(body.errors[0].message).toMatch(/^类别：/)
  })
})
