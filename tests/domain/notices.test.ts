import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
let national: number
let sichuan: number

beforeAll(async () => {
  booted = await bootPayload({ name: 'notices' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  national = (
    await booted.payload.create({
      collection: 'notices',
      data: {
        title: '关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知',
        documentNumber: '国信办通字〔2016〕2号',
        _status: 'published',
      },
    })
  ).id
  sichuan = (
    await booted.payload.create({
      collection: 'notices',
      data: {
        title:
          '关于转发国家互联网信息办公室、中华全国总工会《关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知》的通知',
        documentNumber: '川信办发文［2016］11号',
        forwards: national,
        forwardingText: '现将……转发给你们，请你们认真组织学习。',
        _status: 'published',
      },
    })
  ).id
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

describe('document numbers (文号)', () => {
  it('are stored normalised and split into issuer code, year and serial', async () => {
    const doc = await booted.payload.findByID({ collection: 'notices', id: sichuan })
    expect(doc).toMatchObject({
      documentNumber: '川信办发文〔2016〕11号',
      issuerCode: '川信办发文',
      documentYear: 2016,
      documentSerial: 11,
    })
  })

  it('normalise [2019] written over REST', async () => {
    const { status, body } = await api.post('/api/notices', {
      title: '测试通知',
      documentNumber: '沪工总宣[2019]15号',
    })
    expect(status).toBe(201)
    expect(body.doc.documentNumber).toBe('沪工总宣〔2019〕15号')
  })

  it('refuse a number already used, even written another way', async () => {
    const before = (await booted.payload.count({ collection: 'notices' })).totalDocs
    const { status, body } = await api.post('/api/notices', {
      title: '重复',
      documentNumber: '国信办通字[2016]2号',
    })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0].message).toContain(
      '已被通知“关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知”使用',
    )
    expect((await booted.payload.count({ collection: 'notices' })).totalDocs).toBe(before)
  })

  it.each([['国信办通字2016年2号'], ['〔2016〕2号'], ['国信办通字〔2016〕0号']])(
    'refuse the malformed %s with a clear 400',
    async (documentNumber) => {
      const { status, body } = await api.post('/api/notices', { title: '格式错误', documentNumber })
      expect(status).toBe(400)
      expect(body.errors[0].data.errors[0].path).toBe('documentNumber')
      expect(body.errors[0].data.errors[0].message).toMatch(/文号“.+”/)
    },
  )

  it.each([
    ['REST, draft', '/api/notices?draft=true', 'draft'],
    ['REST, published', '/api/notices', 'published'],
  ])(
    'refuse 临工办发2020年8号 with the expected form (%s), storing nothing',
    async (_, path, _status) => {
      const before = (await booted.payload.count({ collection: 'notices' })).totalDocs
      const { status, body } = await api.post(path, {
        title: '格式错误的草稿',
        documentNumber: '临工办发2020年8号',
        _status,
      })
      expect(status).toBe(400)
      expect(body.errors[0].message).toBe(
        '文号：文号“临工办发2020年8号”格式不正确，应形如“国信办通字〔2016〕2号” / expected a form like "国信办通字〔2016〕2号"',
      )
      expect(body.errors[0].data.errors[0].path).toBe('documentNumber')
      expect((await booted.payload.count({ collection: 'notices' })).totalDocs).toBe(before)
    },
  )

  it.each([[true], [false]])(
    'refuse 临工办发2020年8号 over GraphQL (draft: %s) with the expected form',
    async (draft) => {
      const { body } = await api.graphql(
        `mutation { createNotice(draft: ${draft}, data: { title: "格式错误", documentNumber: "临工办发2020年8号", _status: ${draft ? 'draft' : 'published'} }) { id } }`,
      )
      expect(body.data.createNotice).toBeNull()
      expect(body.errors[0].message).toContain(
        '文号“临工办发2020年8号”格式不正确，应形如“国信办通字〔2016〕2号” / expected a form like',
      )
      expect(body.errors[0].extensions).toMatchObject({
        statusCode: 400,
        data: { errors: [{ path: 'documentNumber' }] },
      })
    },
  )

  it('refuse a draft that changes its 文号 to a malformed one', async () => {
    const draft = await api.post('/api/notices?draft=true', {
      title: '草稿',
      documentNumber: '临工办发〔2020〕9号',
      _status: 'draft',
    })
    expect(draft.status).toBe(201)
    const { status } = await api.patch(`/api/notices/${draft.body.doc.id}?draft=true`, {
      documentNumber: '临工办发2020年9号',
      _status: 'draft',
    })
    expect(status).toBe(400)
    const stored = await booted.payload.findByID({
      collection: 'notices',
      id: draft.body.doc.id,
      draft: true,
    })
    expect(stored).toMatchObject({
      documentNumber: '临工办发〔2020〕9号',
      issuerCode: '临工办发',
      documentYear: 2020,
      documentSerial: 9,
    })
  })
})

describe('forwarding (转发)', () => {
  it('shows the forwarded notice on the forwarding one, and the forwarder on the forwarded one', async () => {
    const forwarding = await booted.payload.findByID({
      collection: 'notices',
      id: sichuan,
      depth: 1,
    })
    expect(typeof forwarding.forwards === 'object' && forwarding.forwards?.documentNumber).toBe(
      '国信办通字〔2016〕2号',
    )
    const forwarded = await booted.payload.findByID({
      collection: 'notices',
      id: national,
      depth: 1,
    })
    expect(forwarded.forwardedBy?.docs?.map((d) => (typeof d === 'object' ? d.id : d))).toEqual([
      sichuan,
    ])
  })

  it('answers both directions over GraphQL', async () => {
    const { body } = await api.graphql(
      `query ($id: Int!) { Notice(id: $id) { documentNumber forwardedBy { docs { documentNumber forwards { documentNumber } } } } }`,
      { id: national },
    )
    expect(body.data.Notice.forwardedBy.docs).toEqual([
      {
        documentNumber: '川信办发文〔2016〕11号',
        forwards: { documentNumber: '国信办通字〔2016〕2号' },
      },
    ])
  })
})

describe('a 文号 held by a notice the writer may not read', () => {
  it('is refused without naming that notice', async () => {
    const { payload } = booted
    const linfen = await payload.create({
      collection: 'organizers',
      data: { name: '临汾市总工会', kind: 'federation', level: 'city' },
    })
    const shanghai = await payload.create({
      collection: 'organizers',
      data: { name: '上海市总工会', kind: 'federation', level: 'provincial' },
    })
    const linfenCampaign = await payload.create({
      collection: 'campaigns',
      data: {
        name: '2021年临汾市主题活动（筹备）',
        year: 2021,
        status: 'draft',
        hosts: [linfen.id],
      },
    })
    const shanghaiCampaign = await payload.create({
      collection: 'campaigns',
      data: { name: '2021年上海市主题活动', year: 2021, status: 'active', hosts: [shanghai.id] },
    })
    await payload.create({
      collection: 'notices',
      data: {
        title: '关于2021年临汾市主题活动评选结果的通报（草稿）',
        documentNumber: '临工办发〔2021〕3号',
        campaign: linfenCampaign.id,
        _status: 'draft',
      },
      draft: true,
    })
    await payload.create({
      collection: 'users',
      data: {
        email: 'organizer@shanghai.test',
        password: 'notices-test-password-1',
        role: 'organizer',
        organizer: shanghai.id,
      },
    })
    const organizer = await apiClient(http.url, {
      email: 'organizer@shanghai.test',
      password: 'notices-test-password-1',
    })
    const { status, body } = await organizer.post('/api/notices', {
      title: '上海的通知',
      documentNumber: '临工办发〔2021〕3号',
      campaign: shanghaiCampaign.id,
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('文号 临工办发〔2021〕3号 已被另一份通知使用')
    expect(JSON.stringify(body)).not.toContain('评选结果')
  })

  it('names a published holder by its published title, not by a newer draft’s', async () => {
    const { payload } = booted
    const held = await payload.create({
      collection: 'notices',
      data: {
        title: '关于开展2022年主题活动的通知',
        documentNumber: '临工办发〔2022〕1号',
        _status: 'published',
      },
    })
    await payload.update({
      collection: 'notices',
      id: held.id,
      data: { title: '关于开展2022年主题活动的通知（修改稿，未发布）', _status: 'draft' },
      draft: true,
    })
    const shanghaiOrganizer = await apiClient(http.url, {
      email: 'organizer@shanghai.test',
      password: 'notices-test-password-1',
    })
    const { body } = await shanghaiOrganizer.post('/api/notices', {
      title: '重复',
      documentNumber: '临工办发〔2022〕1号',
    })
    expect(body.errors[0].message).toContain('已被通知“关于开展2022年主题活动的通知”使用')
    expect(JSON.stringify(body)).not.toContain('修改稿')
  })
})
