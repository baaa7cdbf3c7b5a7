import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { createLocalReq } from 'payload'
import { renderToStaticMarkup } from 'react-dom/server'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { seedData } from '../../../src/seed/data'
import { seed } from '../../../src/seed/seed'
import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { makeImage, makeVideo, removeFixtures } from '../../submission-spec/tests/fixtures'
import { CoverageView } from '../components/CoverageView'
import { streamLayout } from '../utilities/intro'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let mediaDir: string
const ids: Record<string, number> = {}
const label = '中国梦·大国工匠篇'

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-unified-'))
  booted = await bootPayload({
    name: 'unified_campaign',
    env: { MEDIA_DIR: mediaDir },
  })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(server.url)
  await seed({ payload: booted.payload, data: seedData })
  const { payload } = booted
  const find = async (collection: string, field: string, value: string) =>
    Number(
      (
        await payload.find({
          collection: collection as 'organizers',
          where: { [field]: { equals: value } },
          limit: 1,
        })
      ).docs[0]!.id,
    )
  ids.campaign = await find('campaigns', 'label', label)
  await payload.update({ collection: 'campaigns', id: ids.campaign, data: { status: 'active' } })
  ids.subProject = Number(
    (
      await payload.create({
        collection: 'sub-projects',
        data: {
          campaign: ids.campaign,
          name: '大国工匠作品征集',
          kind: 'other',
          _status: 'published',
        },
      })
    ).id,
  )
  ids.yaodu = await find('organizers', 'name', '尧都区总工会')
  ids.renmin = await find('partner-sites', 'name', '人民网')
  ids.xinhua = await find('partner-sites', 'name', '新华网')
  await payload.create({
    collection: 'users',
    data: {
      email: 'editor@yaodu.test',
      password: 'editor-password-1',
      role: 'unit-editor',
      organizer: ids.yaodu,
    },
  })
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

const published = (title: string) => ({ title, subProject: ids.subProject, status: 'published' })

describe('rule 3: the work label in published titles', () => {
  it.each([
    ['a plain title', '焊花里的青春'],
    ['a title carrying the half-width label', '[中国梦·大国工匠篇]焊花里的青春'],
    ['a title carrying the label twice', '【中国梦·大国工匠篇】【中国梦.大国工匠篇】焊花里的青春'],
  ])('is applied once over REST to %s', async (_, title) => {
    const { status, body } = await admin.post('/api/entries', published(title))
    expect(status).toBe(201)
    expect(body.doc.title).toBe('【中国梦·大国工匠篇】焊花里的青春')
  })

  it('is applied once over GraphQL', async () => {
    const { body } = await admin.graphql(
      `mutation ($data: mutationEntryInput!) { createEntry(data: $data) { title } }`,
      {
        data: {
          title: '中国梦・大国工匠篇 大国焊匠',
          subProject: ids.subProject,
          status: 'published',
        },
      },
    )
    expect(body.data.createEntry.title).toBe('【中国梦·大国工匠篇】大国焊匠')
  })

  it('is applied once on the admin’s save path (multipart _payload)', async () => {
    const { body } = await admin.post('/api/entries', {
      title: '草稿作品',
      subProject: ids.subProject,
    })
    const form = new FormData()
    form.append(
      '_payload',
      JSON.stringify({ title: '［中国梦·大国工匠篇］草稿作品', status: 'published' }),
    )
    const token = (await (
      await fetch(`${server.url}/api/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@test.local', password: 'test-admin-password-1' }),
      })
    ).json()) as { token: string }
    const res = await fetch(`${server.url}/api/entries/${body.doc.id}?depth=0`, {
      method: 'PATCH',
      headers: { Authorization: `JWT ${token.token}` },
      body: form,
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { doc: { title: string } }).doc.title).toBe(
      '【中国梦·大国工匠篇】草稿作品',
    )
  })

  it('is re-applied when a later edit strips it', async () => {
    const { body } = await admin.post('/api/entries', published('匠心'))
    const edited = await admin.patch(`/api/entries/${body.doc.id}`, { title: '匠心（修订）' })
    expect(edited.body.doc.title).toBe('【中国梦·大国工匠篇】匠心（修订）')
  })

  it('leaves drafts as typed and labels a column’s title', async () => {
    const draft = await admin.post('/api/entries', {
      title: '未发布的作品',
      subProject: ids.subProject,
    })
    expect(draft.body.doc.title).toBe('未发布的作品')
    const column = await admin.post('/api/columns', {
      _status: 'published',
      title: '大国工匠专栏',
      partnerSite: ids.renmin,
      campaign: ids.campaign,
      channel: 'weibo',
    })
    expect(column.body.doc.title).toBe('【中国梦·大国工匠篇】大国工匠专栏')
  })

  it('keeps the wording of a column named after the campaign, and of a title that says the label', async () => {
    const column = await admin.post('/api/columns', {
      _status: 'published',
      title: '某省总工会网站·中国梦·大国工匠篇',
      partnerSite: ids.renmin,
      campaign: ids.campaign,
      channel: 'weibo',
    })
    expect(column.status).toBe(201)
    expect(column.body.doc.title).toBe('某省总工会网站·中国梦·大国工匠篇')
    const { body } = await admin.post('/api/entries', published('致敬中国梦·大国工匠篇的劳动者'))
    expect(body.doc.title).toBe('致敬中国梦·大国工匠篇的劳动者')
  })

  it('follows the campaign’s form: a suffix in other brackets', async () => {
    await booted.payload.update({
      collection: 'campaigns',
      id: ids.campaign,
      data: { unification: { labelPosition: 'suffix', labelBrackets: '（）' } },
    })
    const { body } = await admin.post('/api/entries', published('【中国梦·大国工匠篇】钳工之星'))
    expect(body.doc.title).toBe('钳工之星（中国梦·大国工匠篇）')
    await booted.payload.update({
      collection: 'campaigns',
      id: ids.campaign,
      data: { unification: { labelPosition: 'prefix', labelBrackets: '【】' } },
    })
  })
})

describe('rule 1: unified theme', () => {
  it('refuses to publish a featured worker without a campaign', async () => {
    const { status, body } = await admin.post('/api/featured-workers', {
      name: '无主题工匠',
      status: 'published',
    })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0].message).toContain('统一活动主题')
  })

  it('publishes a standing notice without a campaign (notices only warn) and reports it once, site-wide', async () => {
    const before = (await admin.get('/api/campaigns/standing')).body
    const compliance = (await admin.get(`/api/campaigns/${ids.campaign}/compliance`)).body
    const created = await admin.post('/api/notices', {
      title: '关于加强网络宣传工作的通知',
      _status: 'published',
    })
    expect(created.status).toBe(201)
    const { status, body } = await admin.get('/api/campaigns/standing')
    expect(status).toBe(200)
    expect(body.total).toBe(before.total + 1)
    const notices = body.collections.find(
      (each: { collection: string }) => each.collection === 'notices',
    )
    expect(notices.items[0]).toMatchObject({
      id: created.body.doc.id,
      title: '关于加强网络宣传工作的通知',
    })
    expect(body.rule.notices).toBe('warn')
    // A campaign's own report counts only what is in the campaign.
    expect((await admin.get(`/api/campaigns/${ids.campaign}/compliance`)).body).toEqual(compliance)
  })
})

describe('rule 2: columns and interaction windows', () => {
  it('reports every participating site × channel of the seed, and exactly what is missing', async () => {
    await admin.post('/api/columns', {
      _status: 'published',
      title: '【中国梦·大国工匠篇】专栏',
      partnerSite: ids.renmin,
      campaign: ids.campaign,
      channel: 'pc',
      hasInteractionWindow: true,
    })
    // Stored with the label (rule 3), but without an interaction window.
    await admin.post('/api/columns', {
      _status: 'published',
      title: '工匠频道',
      partnerSite: ids.xinhua,
      campaign: ids.campaign,
      channel: 'pc',
    })
    const { status, body } = await admin.get(`/api/campaigns/${ids.campaign}/coverage`)
    expect(status).toBe(200)
    // 15 central news sites, 央视网 and 6 commercial sites, on PC, Weibo, WeChat and app.
    expect(body.sites).toBe(22)
    expect(body.cells).toHaveLength(88)
    const renminPc = body.cells.find(
      (c: { partnerSite: { name: string }; channel: string }) =>
        c.partnerSite.name === '人民网' && c.channel === 'pc',
    )
    expect(renminPc).toMatchObject({
      hasColumn: true,
      carriesLabel: true,
      hasInteractionWindow: true,
      isComplete: true,
    })
    const xinhuaPc = body.missing.find(
      (m: { partnerSite: string; channel: string }) =>
        m.partnerSite === '新华网' && m.channel === 'PC 端',
    )
    expect(xinhuaPc.problems).toEqual(['未设互动窗口 / no interaction window'])
    // 人民网 Weibo got a column in the label test above, without a window.
    expect(body.complete).toBe(1)
    expect(body.missing).toHaveLength(87)
  })

  it('is for the national office and the campaign’s hosts only', async () => {
    const editor = await apiClient(server.url, {
      email: 'editor@yaodu.test',
      password: 'editor-password-1',
    })
    expect((await editor.get(`/api/campaigns/${ids.campaign}/coverage`)).status).toBe(403)
    expect(
      (await (await apiClient(server.url, null)).get(`/api/campaigns/${ids.campaign}/compliance`))
        .status,
    ).toBe(403)
  })

  it.each([
    ['a host’s organizer (中华全国总工会)', '中华全国总工会', 200, true],
    ['the organizer of a unit that does not host it (尧都区总工会)', '尧都区总工会', 403, false],
  ])(
    'answers, over REST and in the campaign’s Coverage tab alike, %s',
    async (_, unit, status, isShown) => {
      const organizer = Number(
        (
          await booted.payload.find({
            collection: 'organizers',
            where: { name: { equals: unit } },
            limit: 1,
          })
        ).docs[0]!.id,
      )
      const credentials = {
        email: `organizer-${organizer}@coverage.test`,
        password: 'organizer-password-1',
      }
      const user = await booted.payload.create({
        collection: 'users',
        data: { ...credentials, role: 'organizer', organizer },
      })
      const client = await apiClient(server.url, credentials)
      expect((await client.get(`/api/campaigns/${ids.campaign}/coverage`)).status).toBe(status)
      expect((await client.get(`/api/campaigns/${ids.campaign}/compliance`)).status).toBe(status)

      const req = await createLocalReq({ user: { ...user, collection: 'users' } }, booted.payload)
      const initPageResult = { req, collectionConfig: booted.payload.collections.campaigns.config }
      const tab = renderToStaticMarkup(
        await CoverageView({ initPageResult, doc: { id: ids.campaign } } as never),
      )
      expect(tab.includes('data-testid="coverage-view"')).toBe(isShown)
    },
  )

  it('counts each rule’s violations in the compliance summary', async () => {
    const { status, body } = await admin.get(`/api/campaigns/${ids.campaign}/compliance`)
    expect(status).toBe(200)
    expect(body.rules.columns.violations).toBe(87)
    expect(body.rules.label.violations).toBe(0)
    expect(body.rules.theme).toBeUndefined()
  })
})

describe('rule 3: the intro clip (片头)', () => {
  const upload = async (filePath: string) => {
    const data = await fs.readFile(filePath)
    return Number(
      (
        await booted.payload.create({
          collection: 'media',
          data: {},
          file: { data, mimetype: 'video/mp4', name: path.basename(filePath), size: data.length },
        })
      ).id,
    )
  }
  const introRendition = async (mediaId: number, introId: number) =>
    waitUntil(
      async () => {
        await booted.payload.jobs.run({ allQueues: true })
        const { docs } = await booted.payload.find({
          collection: 'renditions',
          where: {
            and: [
              { original: { equals: mediaId } },
              { name: { equals: 'intro' } },
              { intro: { equals: introId } },
            ],
          },
          limit: 1,
        })
        return docs[0]
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the intro rendition' },
    )
  const oneFrame = 1 / 25 + 1e-6
  const durationOf = async (filename: string) => {
    const layout = await streamLayout(path.join(mediaDir, 'renditions', filename))
    // A picture that starts late is as wrong as one that lasts too long.
    expect(Math.abs(layout.startSeconds)).toBeLessThanOrEqual(oneFrame / 2)
    return layout.durationSeconds
  }

  it.each([
    ['matching codecs (stream copy)', { codec: 'h264' as const, size: '64x64' }],
    ['different codecs and size (re-encoded)', { codec: 'mpeg4' as const, size: '96x54' }],
  ])(
    'puts a 1 s intro before a 2 s clip: a 3 s rendition, with %s',
    async (_, introSpec) => {
      const intro = await upload(
        await makeVideo({ seconds: 1, withSubtitles: false, frameRate: 25, ...introSpec }),
      )
      await booted.payload.update({
        collection: 'campaigns',
        id: ids.campaign,
        data: { introClip: intro },
      })
      const work = await upload(
        await makeVideo({ seconds: 2, withSubtitles: false, frameRate: 25, size: '64x64' }),
      )
      await admin.post('/api/entries', { ...published('视频作品'), media: [work] })
      const rendition = await introRendition(work, intro)
      // Within one frame at 25 fps.
      expect(Math.abs((await durationOf(rendition.filename!)) - 3)).toBeLessThanOrEqual(oneFrame)
      const original = await streamLayout(
        path.join(
          mediaDir,
          (await booted.payload.findByID({ collection: 'media', id: work })).filename!,
        ),
      )
      expect(Math.abs(original.durationSeconds - 2)).toBeLessThanOrEqual(oneFrame)
    },
    120_000,
  )

  it('redoes the renditions when the campaign’s intro changes', async () => {
    const work = await upload(
      await makeVideo({ seconds: 2, withSubtitles: false, frameRate: 25, size: '64x64' }),
    )
    await admin.post('/api/entries', { ...published('换片头的作品'), media: [work] })
    const longerIntro = await upload(
      await makeVideo({ seconds: 2, withSubtitles: false, frameRate: 25, size: '64x64' }),
    )
    await admin.patch(`/api/campaigns/${ids.campaign}`, { introClip: longerIntro })
    const rendition = await introRendition(work, longerIntro)
    expect(Math.abs((await durationOf(rendition.filename!)) - 4)).toBeLessThanOrEqual(oneFrame)
    // Jobs for the old intro may finish later; the queue is drained before counting.
    await booted.payload.jobs.run({ allQueues: true })
    const intros = await booted.payload.find({
      collection: 'renditions',
      where: { and: [{ original: { equals: work } }, { name: { equals: 'intro' } }] },
      depth: 0,
    })
    expect(intros.docs.map((d) => d.intro)).toEqual([longerIntro])
  }, 120_000)
})

describe('rule 3: the label as a photo watermark (option)', () => {
  const uploadPhoto = async () => {
    const file = await makeImage({ format: 'jpeg', width: 800, height: 600 })
    const data = await fs.readFile(file)
    return Number(
      (
        await booted.payload.create({
          collection: 'media',
          data: {},
          file: { data, mimetype: 'image/jpeg', name: path.basename(file), size: data.length },
        })
      ).id,
    )
  }
  const labelRenditions = async (mediaId: number) => {
    await booted.payload.jobs.run({ allQueues: true })
    return (
      await booted.payload.find({
        collection: 'renditions',
        where: { and: [{ original: { equals: mediaId } }, { name: { equals: 'label' } }] },
        depth: 0,
      })
    ).docs
  }
  /** Mean absolute difference per channel between two same-sized regions of two images. */
  const difference = async (
    a: string,
    b: string,
    region: { left: number; top: number; width: number; height: number },
  ) => {
    const [x, y] = await Promise.all(
      [a, b].map((file) => sharp(file).extract(region).raw().toBuffer()),
    )
    let sum = 0
    for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!)
    return sum / x!.length
  }

  it('draws the label into the corner of a copy, keeps the original, and follows the campaign’s label and option', async () => {
    await admin.patch(`/api/campaigns/${ids.campaign}`, { unification: { watermarkPhotos: true } })
    const photo = await uploadPhoto()
    await admin.post('/api/entries', { ...published('摄影作品'), media: [photo] })
    const [rendition] = await waitUntil(
      async () => ((await labelRenditions(photo)).length ? labelRenditions(photo) : undefined),
      { timeoutMs: 60_000, what: 'the labelled photo' },
    )
    expect(rendition).toMatchObject({
      labelText: `【${label}】`,
      renditionWidth: 800,
      renditionHeight: 600,
    })
    const original = path.join(
      mediaDir,
      (await booted.payload.findByID({ collection: 'media', id: photo })).filename!,
    )
    const labelled = path.join(mediaDir, 'renditions', rendition!.filename!)
    expect(await sharp(labelled).metadata()).toMatchObject({ width: 800, height: 600 })
    // The label is in the lower right corner; the rest of the picture is the photo.
    expect(
      await difference(original, labelled, { left: 560, top: 540, width: 220, height: 40 }),
    ).toBeGreaterThan(20)
    expect(
      await difference(original, labelled, { left: 0, top: 0, width: 400, height: 300 }),
    ).toBeLessThan(3)

    // Other brackets: the copy is redone with the new text, and only that one stays.
    await admin.patch(`/api/campaigns/${ids.campaign}`, {
      unification: { watermarkPhotos: true, labelBrackets: '「」' },
    })
    await waitUntil(
      async () =>
        (await labelRenditions(photo)).some((r) => r.labelText === `「${label}」`)
          ? true
          : undefined,
      { timeoutMs: 60_000, what: 'the redone copy' },
    )
    expect((await labelRenditions(photo)).map((r) => r.labelText)).toEqual([`「${label}」`])

    // Switched off: no labelled copy is left.
    await admin.patch(`/api/campaigns/${ids.campaign}`, {
      unification: { watermarkPhotos: false, labelBrackets: '【】' },
    })
    await waitUntil(async () => ((await labelRenditions(photo)).length === 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the copies to go',
    })
  }, 120_000)
})

describe('rule 4: recommending and selecting best works (精品)', () => {
  it('lets a union editor and a partner recommend with a reason, and only the national office select', async () => {
    const { body } = await admin.post('/api/entries', {
      ...published('精品候选'),
      submittingUnit: ids.yaodu,
    })
    const id = body.doc.id
    const editor = await apiClient(server.url, {
      email: 'editor@yaodu.test',
      password: 'editor-password-1',
    })

    expect((await editor.post(`/api/entries/${id}/recommend`, {})).status).toBe(400)
    expect(
      (await editor.post(`/api/entries/${id}/recommend`, { reason: '一线工人真实故事' })).status,
    ).toBe(200)
    await booted.payload.update({
      collection: 'partner-sites',
      id: ids.renmin,
      data: { push: { campaigns: [ids.campaign] } } as never,
    })
    const account = await booted.payload.create({
      collection: 'partner-accounts',
      data: {
        name: '人民网接口',
        partnerSite: ids.renmin,
        enableAPIKey: true,
        apiKey: 'renmin-api-key-0123456789abcdef',
      },
    })
    const partner = await apiClient(server.url, null, {
      Authorization: 'partner-accounts API-Key renmin-api-key-0123456789abcdef',
    })
    expect(
      (await partner.post(`/api/entries/${id}/recommend`, { reason: '适合全网推送' })).status,
    ).toBe(200)
    expect(account.id).toBeTruthy()

    expect((await editor.post(`/api/entries/${id}/select`, { reason: '自己选自己' })).status).toBe(
      403,
    )
    expect(
      (await editor.patch(`/api/entries/${id}`, { bestWork: { status: 'selected' } })).body.doc
        ?.bestWork?.status,
    ).not.toBe('selected')
    const selected = await admin.post(`/api/entries/${id}/select`, { reason: '传播局精选' })
    expect(selected.status).toBe(200)

    const entry = await booted.payload.findByID({ collection: 'entries', id })
    expect(entry.bestWork).toMatchObject({ status: 'selected', reason: '传播局精选' })
    expect(entry.recommendations?.map((r) => r.kind)).toEqual(['union', 'partner'])
    expect((await admin.post(`/api/entries/${id}/deselect`, {})).status).toBe(200)
    expect((await booted.payload.findByID({ collection: 'entries', id })).bestWork?.status).toBe(
      'recommended',
    )
  })

  it('lets a partner recommend only works of the campaigns its site takes', async () => {
    const { body } = await admin.post('/api/entries', {
      ...published('别家活动的作品'),
      submittingUnit: ids.yaodu,
    })
    await booted.payload.create({
      collection: 'partner-accounts',
      data: {
        name: '新华网接口',
        partnerSite: ids.xinhua,
        enableAPIKey: true,
        apiKey: 'xinhua-api-key-0123456789abcdef',
      },
    })
    const partner = await apiClient(server.url, null, {
      Authorization: 'partner-accounts API-Key xinhua-api-key-0123456789abcdef',
    })
    expect(
      (await partner.post(`/api/entries/${body.doc.id}/recommend`, { reason: '想推荐' })).status,
    ).toBe(404)
    await booted.payload.update({
      collection: 'partner-sites',
      id: ids.xinhua,
      data: { push: { campaigns: [ids.campaign] } } as never,
    })
    expect(
      (await partner.post(`/api/entries/${body.doc.id}/recommend`, { reason: '想推荐' })).status,
    ).toBe(200)
  })

  it('stamps when and by whom a work was selected by hand in the admin, and clears it when taken back', async () => {
    const { body } = await admin.post('/api/entries', {
      ...published('手工选定'),
      submittingUnit: ids.yaodu,
    })
    const id = body.doc.id
    const me = (await admin.get('/api/users/me')).body.user
    const before = Date.now()
    const selected = (
      await admin.patch(`/api/entries/${id}?depth=0`, { bestWork: { status: 'selected' } })
    ).body.doc
    expect(selected.bestWork.selectedBy).toBe(me.id)
    expect(Date.parse(selected.bestWork.selectedAt)).toBeGreaterThanOrEqual(before - 1000)
    // Another edit keeps the stamp.
    const edited = (
      await admin.patch(`/api/entries/${id}?depth=0`, {
        bestWork: { status: 'selected', reason: '补充理由' },
      })
    ).body.doc
    expect(edited.bestWork).toMatchObject({
      selectedAt: selected.bestWork.selectedAt,
      selectedBy: me.id,
      reason: '补充理由',
    })
    const retitled = (
      await admin.patch(`/api/entries/${id}?depth=0`, { title: '手工选定（改题）' })
    ).body.doc
    expect(retitled.bestWork).toMatchObject({
      status: 'selected',
      selectedAt: selected.bestWork.selectedAt,
    })
    const back = (
      await admin.patch(`/api/entries/${id}?depth=0`, { bestWork: { status: 'recommended' } })
    ).body.doc
    expect(back.bestWork).toMatchObject({
      status: 'recommended',
      selectedAt: null,
      selectedBy: null,
    })
  })
})
