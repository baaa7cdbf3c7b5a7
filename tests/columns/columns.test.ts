/**
 * Columns (专栏) end to end through the real stack: 四川省总工会's editor composes its 2016
 * 大国工匠篇 column on PC and app, saves it as a draft (nobody outside pulls it), publishes it, and
 * sites pull it over REST (ETag, 304), GraphQL and as a feed; coverage counts the published column
 * only; bad input is refused in both languages with nothing stored.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { invalidateColumnPull } from '../../src/columns'
import { seedData } from '../../src/seed/data'
import { seed } from '../../src/seed/seed'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

const label = '中国梦·大国工匠篇'
const password = 'columns-test-password-1'
const partnerKey = 'workercn-columns-key-0123456789'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
const as: Record<'admin' | 'sichuan' | 'shanxi' | 'acftu' | 'public', Api> = {} as never
const ids: Record<string, number> = {}

/** A GET with the given headers: status, headers and the parsed body (if any). */
const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${url}`, { headers })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null }
}
const partner = { Authorization: `partner-accounts API-Key ${partnerKey}` }

const count = async () => (await booted.payload.count({ collection: 'columns' })).totalDocs

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-columns-'))
  // Until the migration for columns exists, the schema is pushed.
  booted = await bootPayload({
    name: 'columns',
    env: { MEDIA_DIR: mediaDir },
  })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  await seed({ payload, data: seedData })
  const one = async (collection: string, where: Record<string, unknown>) =>
    Number(
      (await payload.find({ collection: collection as 'organizers', where: where as never }))
        .docs[0]!.id,
    )
  ids.campaign = await one('campaigns', { label: { equals: label } })
  ids.sichuan = await one('organizers', { name: { equals: '四川省总工会' } })
  ids.shanxi = await one('organizers', { name: { equals: '山西省总工会' } })
  ids.acftu = await one('organizers', { name: { equals: '中华全国总工会' } })
  ids.nationalNotice = await one('notices', { documentNumber: { equals: '国信办通字〔2016〕2号' } })
  ids.renmin = await one('partner-sites', { name: { equals: '人民网' } })
  const user = (email: string, role: string, organizer: number) =>
    payload.create({
      collection: 'users',
      data: { email, password, role, organizer, name: email } as never,
    })
  await user('sichuan@columns.test', 'unit-editor', ids.sichuan)
  await user('shanxi@columns.test', 'unit-editor', ids.shanxi)
  await user('acftu@columns.test', 'organizer', ids.acftu)
  as.admin = await apiClient(server.url)
  as.sichuan = await apiClient(server.url, { email: 'sichuan@columns.test', password })
  as.shanxi = await apiClient(server.url, { email: 'shanxi@columns.test', password })
  as.acftu = await apiClient(server.url, { email: 'acftu@columns.test', password })
  as.public = await apiClient(server.url, null)
  await payload.create({
    collection: 'partner-accounts',
    data: { name: '人民网接口', partnerSite: ids.renmin, enableAPIKey: true, apiKey: partnerKey },
  })

  // The campaign's call, a craftsman, a selected video work (with its labelled copy: the
  // campaign's intro clip in front) and a photo work.
  ids.subProject = Number(
    (
      await payload.create({
        collection: 'sub-projects',
        data: {
          campaign: ids.campaign,
          name: '大国工匠作品征集',
          kind: 'micro-video',
          _status: 'published',
        },
      })
    ).id,
  )
  ids.worker = Number(
    (
      await payload.create({
        collection: 'featured-workers',
        data: {
          name: '高凤林',
          employer: '中国航天科技集团',
          trade: '焊工',
          honours: [{ honour: '全国劳动模范' }],
          campaign: ids.campaign,
          status: 'published',
        },
      })
    ).id,
  )
  const upload = async (file: string, mimetype: string) => {
    const data = await fs.readFile(file)
    return Number(
      (
        await payload.create({
          collection: 'media',
          data: { alt: path.basename(file) },
          file: { data, mimetype, name: path.basename(file), size: data.length },
        })
      ).id,
    )
  }
  const video = await makeVideo({ seconds: 1, withSubtitles: false })
  ids.video = await upload(video, 'video/mp4')
  ids.intro = await upload(
    await makeVideo({ seconds: 1, withSubtitles: false, audio: false }),
    'video/mp4',
  )
  const photoFile = path.join(mediaDir, 'workshop.png')
  await sharp({
    create: { width: 32, height: 16, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toFile(photoFile)
  ids.photo = await upload(photoFile, 'image/png')
  ids.banner = await upload(photoFile, 'image/png')
  ids.videoWork = Number(
    (
      await payload.create({
        collection: 'entries',
        data: {
          title: '焊花里的青春',
          subProject: ids.subProject,
          media: [ids.video],
          description: '一位航天焊工的三十年。',
          status: 'published',
          bestWork: { status: 'selected' },
        } as never,
      })
    ).id,
  )
  ids.photoWork = Number(
    (
      await payload.create({
        collection: 'entries',
        data: {
          title: '车间里的正能量',
          subProject: ids.subProject,
          media: [ids.photo],
          status: 'published',
        } as never,
      })
    ).id,
  )
  await payload.update({
    collection: 'campaigns',
    id: ids.campaign,
    data: { introClip: ids.intro },
  })
  // What the intro job makes (jobs do not run in tests): the video with the intro in front.
  const copy = await fs.readFile(video)
  ids.labelled = Number(
    (
      await payload.create({
        collection: 'renditions',
        data: { name: 'intro', original: ids.video, campaign: ids.campaign, intro: ids.intro },
        file: { data: copy, mimetype: 'video/mp4', name: 'weld-intro.mp4', size: copy.length },
      })
    ).id,
  )
}, 300_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

/** 四川省总工会's column as its editor composes it. */
const composed = (channel: 'pc' | 'app') => ({
  title: '四川工会·大国工匠专栏',
  campaign: ids.campaign,
  channel,
  banner: ids.banner,
  intro: '寻访巴蜀大地上的大国工匠。',
  sections: [
    { kind: 'notices', title: '最新通知', limit: 5 },
    {
      kind: 'works',
      title: '精品视频',
      limit: 10,
      subProject: ids.subProject,
      selectedOnly: true,
      mediaKind: 'video',
    },
    { kind: 'craftsmen', title: '大国工匠' },
    {
      kind: 'picked',
      title: '编辑推荐',
      items: [
        { relationTo: 'entries', value: ids.photoWork },
        { relationTo: 'featured-workers', value: ids.worker },
      ],
    },
    // Placed last, pulled first.
    {
      kind: 'pinned',
      title: '置顶',
      items: [{ relationTo: 'notices', value: ids.nationalNotice }],
    },
  ],
  hasInteractionWindow: true,
  interactionWindow: { comments: true, contributions: true },
})

describe('composing and publishing', () => {
  it('saves the editor’s column on PC and app as drafts, filed under its unit, title as typed', async () => {
    for (const channel of ['pc', 'app'] as const) {
      const { status, body } = await as.sichuan.post('/api/columns?draft=true', composed(channel))
      expect(status, JSON.stringify(body)).toBe(201)
      expect(body.doc).toMatchObject({
        _status: 'draft',
        title: '四川工会·大国工匠专栏',
        unit: expect.objectContaining({ id: ids.sichuan }),
        interactionWindow: { moderation: 'pre', comments: true, contributions: true },
      })
      ids[channel] = body.doc.id
    }
  })

  it('keeps a draft from every site: no pull, no read, no history outside its editors', async () => {
    for (const headers of [{}, partner]) {
      const pull = await get(`/api/columns/${ids.pc}/pull`, headers)
      expect(pull.status).toBe(404)
      expect(pull.body.errors[0].message).toBe(
        '没有该专栏（或尚未发布） / no such column (or not published yet)',
      )
      expect((await get(`/api/columns/${ids.pc}/feed`, headers)).status).toBe(404)
      expect((await get(`/api/columns/${ids.pc}`, headers)).status).toBe(404)
      expect((await get('/api/columns/versions', headers)).status).toBe(403)
    }
    const gql = await as.public.graphql('query ($id: Int!) { ColumnPull(id: $id) }', {
      id: ids.pc,
    })
    expect(gql.body.errors[0].message).toContain('没有该专栏')
    const history = await as.sichuan.get('/api/columns/versions?limit=0')
    const parents = history.body.docs.map((doc: { parent: number | { id: number } }) =>
      typeof doc.parent === 'object' ? doc.parent.id : doc.parent,
    )
    expect(parents).toContain(ids.pc)
    // Another province's editor sees neither the draft nor its history.
    expect((await as.shanxi.get(`/api/columns/${ids.pc}`)).status).toBe(404)
    expect((await as.shanxi.get('/api/columns/versions?limit=0')).body.totalDocs).toBe(0)
  })

  it('publishes: the label goes into the title, as the campaign writes it', async () => {
    for (const channel of ['pc', 'app'] as const) {
      const { status, body } = await as.sichuan.patch(`/api/columns/${ids[channel]}`, {
        _status: 'published',
      })
      expect(status, JSON.stringify(body)).toBe(200)
      expect(body.doc.title).toBe(`【${label}】四川工会·大国工匠专栏`)
    }
  })
})

describe('pulling a published column', () => {
  let etag: string

  it('answers everything resolved in one request, to anyone', async () => {
    const { status, headers, body } = await get(`/api/columns/${ids.pc}/pull`)
    expect(status).toBe(200)
    expect(headers.get('cache-control')).toBe('public, max-age=30')
    etag = headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(body).toMatchObject({
      id: ids.pc,
      uri: `urn:wangju:column:${ids.pc}`,
      title: `【${label}】四川工会·大国工匠专栏`,
      channel: 'pc',
      campaign: { id: ids.campaign, label },
      owner: { kind: 'unit', id: ids.sichuan, name: '四川省总工会' },
      intro: '寻访巴蜀大地上的大国工匠。',
      interactionWindow: {
        enabled: true,
        moderation: 'pre',
        comments: true,
        contributions: true,
        postUrl: `${server.url}/api/interactions/comment`,
        postBody: { column: ids.pc },
      },
      interactions: [],
    })
    // The column's own page here, for a union with no site of its own.
    expect(body.url).toBe(`${server.url}/columns/${ids.pc}`)
    // The banner is public once the column is published.
    expect(body.banner.url).toMatch(new RegExp(`^${server.url}/api/media/file/`))
    expect((await fetch(body.banner.url)).status).toBe(200)

    const [pinned, notices, works, craftsmen, picked] = body.sections
    expect(body.sections.map((s: { kind: string }) => s.kind)).toEqual([
      'pinned',
      'notices',
      'works',
      'craftsmen',
      'picked',
    ])
    expect(pinned.items).toMatchObject([
      {
        kind: 'notice',
        id: ids.nationalNotice,
        title: expect.stringContaining('大国工匠篇'),
        summary: expect.any(String),
        url: `${server.url}/api/notices/${ids.nationalNotice}`,
      },
    ])
    // The national notice and Sichuan's forward of it.
    expect(notices.items).toHaveLength(2)
    expect(notices.limit).toBe(5)
    expect(works.items).toMatchObject([
      {
        kind: 'entry',
        id: ids.videoWork,
        title: `【${label}】焊花里的青春`,
        summary: '一位航天焊工的三十年。',
        isSelected: true,
        files: [{ kind: 'video', labelledUrl: expect.stringContaining('/api/renditions/file/') }],
      },
    ])
    // Sites republish the labelled copy: the video with the campaign's intro in front.
    expect(works.items[0].labelledUrl).toBe(works.items[0].files[0].labelledUrl)
    expect((await fetch(works.items[0].labelledUrl)).status).toBe(200)
    expect(craftsmen.items).toMatchObject([
      {
        kind: 'featured-worker',
        title: '高凤林',
        summary: '中国航天科技集团 · 焊工 · 全国劳动模范',
      },
    ])
    expect(craftsmen.limit).toBe(10)
    expect(picked.items.map((i: { uri: string }) => i.uri)).toEqual([
      `urn:wangju:entry:${ids.photoWork}`,
      `urn:wangju:featured-worker:${ids.worker}`,
    ])
    // A photo work without a labelled copy gives its file.
    expect(picked.items[0].labelledUrl).toMatch(/\/api\/media\/file\//)
  })

  it('answers 304 to a site that has it, with a key or without', async () => {
    for (const headers of [{}, partner]) {
      const again = await fetch(`${server.url}/api/columns/${ids.pc}/pull`, {
        headers: { ...headers, 'If-None-Match': etag },
      })
      expect(again.status).toBe(304)
      expect(await again.text()).toBe('')
      expect(again.headers.get('etag')).toBe(etag)
    }
  })

  it('refuses a wrong key with 401, as everywhere', async () => {
    const { status } = await get(`/api/columns/${ids.pc}/pull`, {
      Authorization: 'partner-accounts API-Key made-up-key-0000000000000000',
    })
    expect(status).toBe(401)
  })

  it('changes its ETag when a work in it changes', async () => {
    const edited = await as.admin.patch(`/api/entries/${ids.videoWork}`, {
      description: '三十年如一日，焊接火箭“心脏”。',
    })
    expect(edited.status).toBe(200)
    const { status, headers, body } = await get(`/api/columns/${ids.pc}/pull`, {
      'If-None-Match': etag,
    })
    expect(status).toBe(200)
    expect(headers.get('etag')).not.toBe(etag)
    expect(body.sections[2].items[0].summary).toBe('三十年如一日，焊接火箭“心脏”。')
    etag = headers.get('etag')!
  })

  it('keeps the published version while a newer draft waits', async () => {
    const draft = await as.sichuan.patch(`/api/columns/${ids.pc}?draft=true`, {
      intro: '草稿：尚未发布的导语。',
    })
    expect(draft.status).toBe(200)
    const { headers, body } = await get(`/api/columns/${ids.pc}/pull`)
    expect(body.intro).toBe('寻访巴蜀大地上的大国工匠。')
    expect(headers.get('etag')).toBe(etag)
  })

  it('is rebuilt when told an interaction changed (invalidateColumnPull), nothing else changing', async () => {
    invalidateColumnPull(booted.payload, ids.pc)
    invalidateColumnPull(booted.payload)
    const { headers } = await get(`/api/columns/${ids.pc}/pull`)
    expect(headers.get('etag')).toBe(etag)
  })

  it('carries the approved comments and contributions, newest first, once told', async () => {
    const { payload } = booted
    // The interaction window's collection is another part of the app (src/moderation).
    if (!payload.collections['interactions' as 'columns']) {
      return
    }
    const interaction = (data: Record<string, unknown>) =>
      payload.create({
        collection: 'interactions' as 'columns',
        data: { column: ids.pc, campaign: ids.campaign, ...data } as never,
      })
    await interaction({
      kind: 'comment',
      state: 'approved',
      body: '向大国工匠致敬！',
      authorName: '网友小王',
    })
    await interaction({ kind: 'comment', state: 'pending', body: '尚未审核的评论' })
    invalidateColumnPull(payload, ids.pc)
    const { headers, body } = await get(`/api/columns/${ids.pc}/pull`)
    expect(body.interactions).toMatchObject([
      { kind: 'comment', body: '向大国工匠致敬！', authorName: '网友小王', images: [] },
    ])
    expect(headers.get('etag')).not.toBe(etag)
    etag = headers.get('etag')!
  })

  it('answers the same document over GraphQL', async () => {
    const rest = await get(`/api/columns/${ids.app}/pull`)
    for (const api of [as.public, as.admin]) {
      const { status, body } = await api.graphql('query ($id: Int!) { ColumnPull(id: $id) }', {
        id: ids.app,
      })
      expect(status).toBe(200)
      expect(body.data.ColumnPull).toEqual(rest.body)
    }
  })

  it('answers a feed of its items, newest first, with an ETag', async () => {
    const { status, headers, body } = await get(`/api/columns/${ids.pc}/feed`, partner)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toContain('application/feed+json')
    expect(body).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: `【${label}】四川工会·大国工匠专栏`,
      feed_url: `${server.url}/api/columns/${ids.pc}/feed`,
    })
    const uris = body.items.map((item: { id: string }) => item.id)
    // Each item once, though the photo work is both picked and a work of the campaign.
    expect(new Set(uris).size).toBe(uris.length)
    expect(uris).toEqual(
      expect.arrayContaining([
        `urn:wangju:entry:${ids.videoWork}`,
        `urn:wangju:notice:${ids.nationalNotice}`,
        `urn:wangju:featured-worker:${ids.worker}`,
      ]),
    )
    const dates = body.items.map((item: { date_published: string }) => item.date_published)
    expect([...dates].sort().reverse()).toEqual(dates)
    const video = body.items.find(
      (item: { id: string }) => item.id === `urn:wangju:entry:${ids.videoWork}`,
    )
    expect(video.attachments[0].url).toContain('/api/renditions/file/')
    const again = await fetch(`${server.url}/api/columns/${ids.pc}/feed`, {
      headers: { 'If-None-Match': headers.get('etag')! },
    })
    expect(again.status).toBe(304)
  })
})

describe('coverage counts published columns only', () => {
  const renminPc = async () =>
    (await as.admin.get(`/api/campaigns/${ids.campaign}/coverage`)).body.cells.find(
      (cell: { partnerSite: { id: number }; channel: string }) =>
        cell.partnerSite.id === ids.renmin && cell.channel === 'pc',
    )

  it('measures the published column, not a draft', async () => {
    const created = await as.admin.post('/api/columns?draft=true', {
      title: '人民网工匠频道',
      partnerSite: ids.renmin,
      campaign: ids.campaign,
      channel: 'pc',
      hasInteractionWindow: true,
    })
    expect(created.status).toBe(201)
    expect(await renminPc()).toMatchObject({ hasColumn: false, isComplete: false })
    await as.admin.patch(`/api/columns/${created.body.doc.id}`, { _status: 'published' })
    expect(await renminPc()).toMatchObject({
      hasColumn: true,
      carriesLabel: true,
      hasInteractionWindow: true,
      isComplete: true,
    })
    // A draft switching the window off changes nothing until it is published.
    await as.admin.patch(`/api/columns/${created.body.doc.id}?draft=true`, {
      hasInteractionWindow: false,
    })
    expect(await renminPc()).toMatchObject({ isComplete: true })
    await as.admin.patch(`/api/columns/${created.body.doc.id}`, {
      hasInteractionWindow: false,
      _status: 'published',
    })
    expect(await renminPc()).toMatchObject({ hasInteractionWindow: false, isComplete: false })
  })
})

describe('who composes what', () => {
  it('lets the campaign’s hosts turn on post-moderation (先发后审)', async () => {
    const { status, body } = await as.acftu.patch(`/api/columns/${ids.app}`, {
      interactionWindow: { moderation: 'post' },
    })
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.doc.interactionWindow.moderation).toBe('post')
    // The unit's editor may go on editing it, and turn it back.
    const back = await as.sichuan.patch(`/api/columns/${ids.app}`, {
      interactionWindow: { moderation: 'pre' },
    })
    expect(back.status).toBe(200)
  })

  it.each([
    [
      'post-moderation set by a unit editor',
      () =>
        as.sichuan.post('/api/columns', {
          ...composed('pc'),
          channel: 'weibo',
          interactionWindow: { moderation: 'post' },
        }),
      403,
      '先发后审只能由主题活动的主办单位或全国办公室开启 / only the campaign’s hosts',
    ],
    [
      'another unit’s column',
      () => as.sichuan.post('/api/columns', { ...composed('pc'), unit: ids.shanxi }),
      403,
      '单位编辑只能编辑本单位的专栏 / unit editors compose their own unit’s column only',
    ],
    [
      'a partner site’s column',
      () =>
        as.sichuan.post('/api/columns', {
          ...composed('pc'),
          channel: 'wechat',
          partnerSite: ids.renmin,
        }),
      403,
      '单位编辑只能编辑本单位的专栏，参与网站的专栏由主办单位管理 / unit editors compose',
    ],
    [
      'a column without a unit or a partner site',
      () => as.admin.post('/api/columns', { ...composed('pc'), channel: 'weibo' }),
      400,
      '请选择专栏所属的单位或参与网站 / choose the unit or the partner site',
    ],
    [
      'a column of both a unit and a partner site',
      () =>
        as.admin.post('/api/columns', {
          ...composed('pc'),
          unit: ids.sichuan,
          partnerSite: ids.renmin,
        }),
      400,
      '专栏只能属于一个单位或一个参与网站，不能同时属于二者 / a column belongs to a unit or to a partner site, not both',
    ],
    [
      'a section of more than 50 items, even in a draft',
      () =>
        as.sichuan.post('/api/columns?draft=true', {
          ...composed('pc'),
          sections: [{ kind: 'notices', limit: 51 }],
        }),
      400,
      '第 1 个栏目的条数应为 1 到 50 的整数（现为 51） / section 1 shows 1 to 50 items (given 51)',
    ],
  ])('refuses %s in both languages, storing nothing', async (_, send, status, message) => {
    const before = await count()
    const res = await send()
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    expect(res.body.errors[0].message).toContain(message)
    expect(await count()).toBe(before)
  })

  it('refuses another province’s editor the column, in both languages', async () => {
    const res = await as.shanxi.patch(`/api/columns/${ids.pc}`, { intro: '改' })
    expect(res.status).toBe(403)
    expect(res.body.errors[0].message).toContain('本单位的单位编辑修改 / a column is changed by')
    const res2 = await as.shanxi.delete(`/api/columns/${ids.pc}`)
    expect(res2.status).toBe(403)
  })

  it('puts the label into a title written without it when the column is published', async () => {
    const { status, body } = await as.sichuan.post('/api/columns', {
      ...composed('pc'),
      channel: 'weibo',
      title: '巴蜀工匠',
      _status: 'published',
    })
    expect(status, JSON.stringify(body)).toBe(201)
    expect(body.doc.title).toBe(`【${label}】巴蜀工匠`)
  })
})
