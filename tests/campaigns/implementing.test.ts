/**
 * Implementing a parent campaign, as 临工办发〔2020〕8号 does ("根据全总统一安排"): the national 2020
 * 网聚职工正能量 campaign, Shanxi's provincial campaign implementing it and Linfen's city campaign
 * implementing Shanxi's, each made over REST by its own organizer. Label, theme and the 四个统一
 * settings come down; each call starts from the one above and may only tighten it unless the
 * reason for loosening is written. A standalone provincial campaign starts at “warn”. Notices
 * implement notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
const ids: Record<string, number> = {}
const as = {} as Record<'admin' | 'shanxi' | 'linfen' | 'shanghai', Api>
const password = 'implementing-test-password-1'

const nationalName = '2020年“网聚职工正能量 争做中国好网民”主题活动'
const label = '网聚职工正能量 争做中国好网民'
const theme = '展示战疫风采·争做中国好网民'
const nationalSpec = {
  mediaKinds: ['video'],
  containers: ['mp4'],
  maxDurationSeconds: 300,
  maxFileSizeMB: 200,
  subtitlesRequired: true,
  declarations: [{ text: '作品为原创，不涉及商业广告' }],
}

beforeAll(async () => {
  booted = await bootPayload({ name: 'campaign_implementing' })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  ids.acftu = await create('organizers', {
    name: '中华全国总工会',
    kind: 'federation',
    level: 'national',
  })
  ids.shanxi = await create('organizers', {
    name: '山西省总工会',
    kind: 'federation',
    level: 'provincial',
  })
  ids.linfen = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
    parent: ids.shanxi,
  })
  ids.shanghai = await create('organizers', {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
  })
  for (const [key, unit] of [
    ['shanxi', ids.shanxi],
    ['linfen', ids.linfen],
    ['shanghai', ids.shanghai],
  ] as const) {
    await create('users', {
      email: `${key}@implementing.test`,
      password,
      role: 'organizer',
      organizer: unit,
      name: key,
    })
  }
  as.admin = await apiClient(server.url)
  for (const key of ['shanxi', 'linfen', 'shanghai'] as const) {
    as[key] = await apiClient(server.url, { email: `${key}@implementing.test`, password })
  }
}, 180_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

const created = (res: { status: number; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc
}

describe('national → provincial → city', () => {
  it('gives a campaign implementing a parent the parent’s label, theme and 四个统一 settings', async () => {
    const national = created(
      await as.admin.post('/api/campaigns', {
        name: nationalName,
        year: 2020,
        status: 'active',
        hosts: [ids.acftu],
        label,
        theme,
        unification: { columnsRule: 'enforce', labelBrackets: '〖〗', labelPosition: 'suffix' },
      }),
    )
    ids.national = national.id
    // The national office's own campaign keeps the national defaults where it set nothing.
    expect(national.unification).toMatchObject({
      themeRule: 'enforce',
      labelRule: 'enforce',
      columnsRule: 'enforce',
    })
    ids.nationalCall = created(
      await as.admin.post('/api/sub-projects', {
        campaign: ids.national,
        name: '网络正能量微视频征集',
        kind: 'micro-video',
        spec: nationalSpec,
        _status: 'published',
      }),
    ).id

    const provincial = created(
      await as.shanxi.post('/api/campaigns', {
        name: '2020年山西省“网聚职工正能量 争做中国好网民”主题活动',
        year: 2020,
        parent: ids.national,
      }),
    )
    ids.provincial = provincial.id
    expect(provincial).toMatchObject({
      label,
      theme,
      hosts: [expect.objectContaining({ id: ids.shanxi })],
      unification: {
        themeRule: 'enforce',
        columnsRule: 'enforce',
        labelRule: 'enforce',
        bestWorksRule: 'enforce',
        labelPosition: 'suffix',
        labelBrackets: '〖〗',
      },
    })
  })

  it('starts a call implementing the one above from its spec, and lets it tighten', async () => {
    const call = created(
      await as.shanxi.post('/api/sub-projects', {
        campaign: ids.provincial,
        name: '网络正能量微视频征集',
        kind: 'micro-video',
        implements: ids.nationalCall,
      }),
    )
    ids.provincialCall = call.id
    expect(call.spec).toMatchObject({
      ...nationalSpec,
      declarations: [{ text: nationalSpec.declarations[0]!.text }],
    })
    // 时长小于 3 分钟，文件小于 50MB: stricter than the national 5 minutes and 200 MB.
    const tightened = await as.shanxi.patch(`/api/sub-projects/${call.id}`, {
      spec: {
        ...call.spec,
        maxDurationSeconds: 180,
        maxDurationIsExclusive: true,
        maxFileSizeMB: 50,
        audibleAudioRequired: true,
      },
    })
    expect(tightened.status, JSON.stringify(tightened.body)).toBe(200)
  })

  it('takes a city campaign implementing the province, refusing a looser call until the reason is written', async () => {
    const city = created(
      await as.linfen.post('/api/campaigns', {
        name: '2020年临汾市“网聚职工正能量 争做中国好网民”主题活动',
        year: 2020,
        parent: ids.provincial,
        theme: '展示战疫风采',
      }),
    )
    ids.city = city.id
    expect(city).toMatchObject({
      label,
      theme: '展示战疫风采',
      unification: { labelPosition: 'suffix' },
    })
    const provincialCall = (await as.admin.get(`/api/sub-projects/${ids.provincialCall}?depth=0`))
      .body
    // The form sends rows without the ids the stored ones have.
    provincialCall.spec.declarations = provincialCall.spec.declarations.map(
      ({ text }: { text: string }) => ({ text }),
    )
    const looser = {
      campaign: ids.city,
      name: '网络正能量微视频征集',
      kind: 'micro-video',
      implements: ids.provincialCall,
      // 4 minutes where Shanxi asks under 3, and no subtitles.
      spec: { ...provincialCall.spec, maxDurationSeconds: 240, subtitlesRequired: false },
    }
    const before = (await booted.payload.count({ collection: 'sub-projects' })).totalDocs
    const refused = await as.linfen.post('/api/sub-projects', looser)
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(
      /^放宽上级要求的理由：作品要求放宽了上级子项目“网络正能量微视频征集”的最长时长、须配字幕；可以更严格，放宽须填写理由 \/ the spec loosens the maximum duration, subtitles of/,
    )
    expect(refused.body.errors[0].data.errors[0].path).toBe('specLoosenedReason')
    expect((await booted.payload.count({ collection: 'sub-projects' })).totalDocs).toBe(before)
    // The same limit made inclusive (不超过 3 分钟 where Shanxi wrote 小于) loosens it too.
    const inclusive = await as.linfen.post('/api/sub-projects', {
      ...looser,
      spec: { ...provincialCall.spec, maxDurationIsExclusive: false },
    })
    expect(inclusive.status).toBe(400)
    expect(inclusive.body.errors[0].message).toContain('的最长时长；')
    const withReason = created(
      await as.linfen.post('/api/sub-projects', {
        ...looser,
        specLoosenedReason:
          '市级征集面向基层一线，经市总工会研究，时长放宽至 4 分钟，字幕不作硬性要求',
      }),
    )
    expect(withReason.spec).toMatchObject({ maxDurationSeconds: 240, subtitlesRequired: false })
    const tighter = created(
      await as.linfen.post('/api/sub-projects', {
        ...looser,
        name: '网络正能量微视频征集（县级）',
        spec: { ...provincialCall.spec, maxDurationSeconds: 120 },
      }),
    )
    expect(tighter.spec.maxDurationSeconds).toBe(120)
  })

  it('refuses implementing a call outside the parent campaign', async () => {
    const res = await as.linfen.post('/api/sub-projects', {
      campaign: ids.city,
      name: '越级落实',
      kind: 'micro-video',
      implements: ids.nationalCall,
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(
      /^落实的上级子项目：所落实的子项目须属于本活动所落实的上级活动 \/ the sub-project implemented must belong/,
    )
  })
})

describe('a standalone campaign', () => {
  it('starts a provincial campaign implementing nothing at “warn”', async () => {
    const campaign = created(
      await as.shanghai.post('/api/campaigns', {
        name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
        year: 2017,
      }),
    )
    expect(campaign.unification).toMatchObject({
      themeRule: 'warn',
      columnsRule: 'warn',
      labelRule: 'warn',
      bestWorksRule: 'warn',
    })
    // What the organizer sets stays set.
    const enforced = created(
      await as.shanghai.post('/api/campaigns', {
        name: '2018年上海市主题活动',
        year: 2018,
        unification: { labelRule: 'enforce' },
      }),
    )
    expect(enforced.unification).toMatchObject({ themeRule: 'warn', labelRule: 'enforce' })
  })
})

describe('notices implementing notices (根据…精神 / 贯彻落实…)', () => {
  it('points a provincial notice at the national one, which lists it', async () => {
    const national = created(
      await as.admin.post('/api/notices', {
        title: '关于联合开展2020年“网聚职工正能量 争做中国好网民”主题活动的通知',
        documentNumber: '总工办发〔2020〕10号',
        campaign: ids.national,
        _status: 'published',
      }),
    )
    const provincial = created(
      await as.shanxi.post('/api/notices', {
        title: '关于贯彻落实全总2020年主题活动的通知',
        documentNumber: '晋工办发〔2020〕5号',
        campaign: ids.provincial,
        implements: national.id,
        _status: 'published',
      }),
    )
    expect(provincial.implements).toMatchObject({ id: national.id })
    const above = (await as.admin.get(`/api/notices/${national.id}?depth=0`)).body
    expect(above.implementedBy.docs).toEqual([provincial.id])
    const graphql = await as.admin.graphql(
      `query ($id: Int!) { Notice(id: $id) { implementedBy { docs { id title } } } }`,
      { id: national.id },
    )
    expect(graphql.body.data.Notice.implementedBy.docs).toEqual([
      { id: provincial.id, title: provincial.title },
    ])
  })
})
