import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

/**
 * Who reads an uploaded file: the media document (REST, GraphQL, Local API), the file itself
 * (`/api/media/file/…`) and its renditions (`/api/renditions/file/…`), for every role, as the
 * documents that use the file change. Hierarchy: 全总 → 山西 → 临汾 → 尧都 / 霍州, 上海 beside.
 */

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
const ids: Record<string, number> = {}
const files: Record<string, string> = {}
const renditionFiles: Record<string, string> = {}
const headersOf: Record<string, Record<string, string>> = {}
const password = 'media-access-password-1'
const partnerKey = 'media-access-partner-key-0123456789'

const jpeg = () => sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } }).jpeg().toBuffer()

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-media-access-'))
  booted = await bootPayload({ name: 'media_access', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>, user?: unknown) =>
    Number((await payload.create({ collection: collection as 'organizers', data: data as never, depth: 0, ...(user ? { user, overrideAccess: true } : {}) })).id)
  const org = (name: string, level: string, parent?: number) => create('organizers', { name, kind: 'federation', level, parent })
  ids.national = await org('中华全国总工会', 'national')
  ids.shanxi = await org('山西省总工会', 'provincial', ids.national)
  ids.linfen = await org('临汾市总工会', 'city', ids.shanxi)
  ids.yaodu = await org('尧都区总工会', 'county', ids.linfen)
  ids.huozhou = await org('霍州市总工会', 'county', ids.linfen)
  ids.shanghai = await org('上海市总工会', 'provincial', ids.national)
  ids.linfenCampaign = await create('campaigns', { name: '2020年临汾市主题活动', year: 2020, status: 'active', hosts: [ids.linfen] })
  ids.linfenDraftCampaign = await create('campaigns', { name: '2021年临汾市主题活动（筹备）', year: 2021, status: 'draft', hosts: [ids.linfen] })
  ids.shanghaiCampaign = await create('campaigns', { name: '2017年上海市主题活动', year: 2017, status: 'active', hosts: [ids.shanghai] })
  ids.linfenCall = await create('sub-projects', { campaign: ids.linfenCampaign, name: '网络正能量摄影作品征集', kind: 'photography', _status: 'published' })
  ids.shanghaiCall = await create('sub-projects', { campaign: ids.shanghaiCampaign, name: '“最美画面故事”征集', kind: 'photography', _status: 'published' })

  const user = async (key: string, email: string, role: string, organizer?: number) => {
    ids[key] = await create('users', { email, password, role, organizer, name: key })
    const res = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    headersOf[key] = { Authorization: `JWT ${((await res.json()) as { token: string }).token}` }
  }
  await user('organizer', 'organizer@linfen.test', 'organizer', ids.linfen)
  await user('cityEditor', 'city@linfen.test', 'unit-editor', ids.linfen)
  await user('countyEditor', 'yaodu@linfen.test', 'unit-editor', ids.yaodu)
  await user('huozhouEditor', 'huozhou@linfen.test', 'unit-editor', ids.huozhou)
  await user('shanghaiEditor', 'editor@shanghai.test', 'unit-editor', ids.shanghai)
  await user('judge', 'judge@linfen.test', 'judge')
  const adminLogin = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(testAdmin) })
  headersOf.admin = { Authorization: `JWT ${((await adminLogin.json()) as { token: string }).token}` }
  headersOf.anonymous = {}
  const site = await create('partner-sites', { name: '中工网', kind: 'central-news-site', push: { campaigns: [ids.linfenCampaign] } })
  await payload.create({ collection: 'partner-accounts', data: { name: '中工网接口', partnerSite: site, enableAPIKey: true, apiKey: partnerKey } as never })
  headersOf.partner = { Authorization: `partner-accounts API-Key ${partnerKey}` }

  /** A stored photo with one rendition, the way the processing job leaves it. */
  const photo = async (key: string, uploadedBy?: string) => {
    const data = await jpeg()
    const doc = await payload.create({
      collection: 'media',
      data: { alt: key },
      file: { data, mimetype: 'image/jpeg', name: `${key}.jpg`, size: data.length },
      context: { skipMediaProcessing: true },
      ...(uploadedBy ? { user: await payload.findByID({ collection: 'users', id: ids[uploadedBy]!, depth: 0 }), overrideAccess: false } : {}),
    })
    ids[key] = Number(doc.id)
    files[key] = doc.filename!
    const rendition = await payload.create({
      collection: 'renditions',
      data: { original: doc.id, name: 'thumbnail' },
      file: { data, mimetype: 'image/jpeg', name: `${key}-thumbnail.jpg`, size: data.length },
    })
    renditionFiles[key] = (rendition as { filename: string }).filename
    return ids[key]!
  }
  const entry = (title: string, submittingUnit: number, status: string, media: number, extra: Record<string, unknown> = {}) =>
    create('entries', { title, subProject: submittingUnit === ids.shanghai ? ids.shanghaiCall : ids.linfenCall, submittingUnit, status, media: [media], ...extra })

  // 尧都's unscreened submission: its own unit, the city above and Linfen's organizer reach it.
  await entry('尧都区：车间里的正能量', ids.yaodu, 'submitted', await photo('yaoduSubmitted'))
  await entry('霍州市：大国工匠在身边', ids.huozhou, 'published', await photo('published'))
  // Assigned to the judge, not published.
  await entry('霍州市：战疫一线', ids.huozhou, 'in-review', await photo('judged'), { judges: [ids.judge] })
  // Published, selected, then taken back: taken down (撤稿), no longer public.
  const takenDown = await entry('霍州市：劳动者之歌', ids.huozhou, 'published', await photo('takenDown'), { bestWork: { status: 'selected' } })
  await payload.update({ collection: 'entries', id: takenDown, data: { bestWork: { status: 'recommended' } } as never })
  await entry('上海：最美劳动者', ids.shanghai, 'submitted', await photo('shanghaiSubmitted'))
  await create('featured-workers', { name: '霍州市工匠', unit: ids.huozhou, campaign: ids.linfenCampaign, status: 'published', photo: await photo('publishedWorker') })
  await create('featured-workers', { name: '上海工匠', unit: ids.shanghai, campaign: ids.shanghaiCampaign, status: 'recommended', photo: await photo('recommendedWorker') })
  await payload.update({ collection: 'campaigns', id: ids.linfenCampaign, data: { logo: await photo('activeLogo') } })
  await payload.update({ collection: 'campaigns', id: ids.linfenDraftCampaign, data: { logo: await photo('draftLogo') } })
  await create('notices', { title: '关于持续深入开展2020年主题活动的通知', campaign: ids.linfenCampaign, _status: 'published', attachments: [{ title: '附件1', file: await photo('publishedAttachment') }] })
  await create('notices', { title: '评选结果的通报（草稿）', campaign: ids.linfenCampaign, _status: 'draft', attachments: [{ title: '附件', file: await photo('draftAttachment') }] })
  // Uploaded by 临汾's city editor and used by nothing yet.
  await photo('unusedUpload', 'cityEditor')
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const roles = ['anonymous', 'partner', 'judge', 'countyEditor', 'huozhouEditor', 'cityEditor', 'shanghaiEditor', 'organizer', 'admin'] as const
type Role = (typeof roles)[number]

/** Each file and the roles that may read it; every other role may not. */
const readers: Record<string, Role[] | 'everyone'> = {
  yaoduSubmitted: ['countyEditor', 'cityEditor', 'organizer', 'admin'],
  published: 'everyone',
  judged: ['judge', 'huozhouEditor', 'cityEditor', 'organizer', 'admin'],
  takenDown: ['huozhouEditor', 'cityEditor', 'organizer', 'admin'],
  shanghaiSubmitted: ['shanghaiEditor', 'admin'],
  publishedWorker: 'everyone',
  recommendedWorker: ['shanghaiEditor', 'admin'],
  activeLogo: 'everyone',
  draftLogo: ['organizer', 'admin'],
  publishedAttachment: 'everyone',
  draftAttachment: ['organizer', 'admin'],
  unusedUpload: ['cityEditor', 'admin'],
}

const cases = Object.entries(readers).flatMap(([file, allowed]) =>
  roles.map((role) => ({ file, role, canRead: allowed === 'everyone' || allowed.includes(role) })),
)

const get = (url: string, role: Role) => fetch(`${server.url}${url}`, { headers: headersOf[role] })

describe('who reads an uploaded file', () => {
  it.each(cases)('$role reading $file (GET /api/media/:id): $canRead', async ({ file, role, canRead }) => {
    const res = await get(`/api/media/${ids[file]}?depth=0`, role)
    expect(res.status).toBe(canRead ? 200 : 404)
  })

  it.each(cases)('$role downloading $file (/api/media/file/…): $canRead', async ({ file, role, canRead }) => {
    const res = await get(`/api/media/file/${encodeURIComponent(files[file]!)}`, role)
    expect(res.status).toBe(canRead ? 200 : 403)
    if (canRead) {
      expect(res.headers.get('content-type')).toBe('image/jpeg')
    }
  })

  it.each(cases)('$role downloading the thumbnail of $file (/api/renditions/file/…): $canRead', async ({ file, role, canRead }) => {
    const res = await get(`/api/renditions/file/${encodeURIComponent(renditionFiles[file]!)}`, role)
    expect(res.status).toBe(canRead ? 200 : 403)
  })

  it.each(roles)('lists to %s exactly the files it may read, over REST and GraphQL', async (role) => {
    const expected = Object.keys(readers)
      .filter((file) => readers[file] === 'everyone' || (readers[file] as Role[]).includes(role))
      .map((file) => ids[file])
      .sort((a, b) => a! - b!)
    const rest = (await (await get('/api/media?limit=100&depth=0&sort=id', role)).json()) as { docs: { id: number }[] }
    expect(rest.docs.map((doc) => doc.id)).toEqual(expected)
    const graphql = await fetch(`${server.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headersOf[role] },
      body: JSON.stringify({ query: '{ allMedia(limit: 100, sort: "id") { docs { id } } }' }),
    })
    const { data } = (await graphql.json()) as { data: { allMedia: { docs: { id: number }[] } } }
    expect(data.allMedia.docs.map((doc) => Number(doc.id))).toEqual(expected)
  })

  it('keeps a Shanghai editor away from a Linfen county’s unscreened photo in the Local API too', async () => {
    const shanghaiEditor = await booted.payload.findByID({ collection: 'users', id: ids.shanghaiEditor!, depth: 0 })
    const { docs } = await booted.payload.find({ collection: 'media', where: { id: { equals: ids.yaoduSubmitted } }, user: shanghaiEditor, overrideAccess: false })
    expect(docs).toEqual([])
    const renditions = await booted.payload.find({ collection: 'renditions', where: { original: { equals: ids.yaoduSubmitted } }, user: shanghaiEditor, overrideAccess: false })
    expect(renditions.docs).toEqual([])
  })

  it('answers GraphQL’s Media query with null for a file the caller may not read', async () => {
    const query = `{ Media(id: ${ids.yaoduSubmitted}) { id alt } }`
    const ask = async (role: Role) =>
      (await (await fetch(`${server.url}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headersOf[role] }, body: JSON.stringify({ query }) })).json()) as {
        data: { Media: { alt: string } | null }
      }
    expect((await ask('anonymous')).data.Media).toBeNull()
    expect((await ask('countyEditor')).data.Media?.alt).toBe('yaoduSubmitted')
  })

  it('shows which units, campaigns and judges use a file to office staff only', async () => {
    const staff = (await (await get(`/api/media/${ids.published}?depth=0`, 'cityEditor')).json()) as { usage?: { isPublic: boolean; units: number[] } }
    expect(staff.usage).toMatchObject({ isPublic: true, units: [ids.huozhou] })
    for (const role of ['anonymous', 'partner', 'judge'] as const) {
      const body = (await (await get(`/api/media/${ids.published}?depth=0`, role)).json()) as Record<string, unknown>
      expect(body.usage, role).toBeUndefined()
      expect(body.uploadedBy, role).toBeUndefined()
    }
  })
})

/**
 * Who downloads a file's untouched original (`GET /api/media/:id/original`, GPS and all): office
 * staff whose reach holds the file, never a judge (it reads the public copy of the works it
 * scores), a partner or the public, however public the copy is.
 */
const originalReaders: Record<string, Role[]> = {
  judged: ['huozhouEditor', 'cityEditor', 'organizer', 'admin'],
  published: ['huozhouEditor', 'cityEditor', 'organizer', 'admin'],
}

/** What a caller that may not download an original gets: 401 without login, 403 for who is not staff, 404 outside reach. */
const refusal: Record<Role, number> = {
  anonymous: 401,
  partner: 403,
  judge: 403,
  countyEditor: 404,
  huozhouEditor: 404,
  cityEditor: 404,
  shanghaiEditor: 404,
  organizer: 404,
  admin: 404,
}

const originalCases = Object.entries(originalReaders).flatMap(([file, allowed]) =>
  roles.map((role) => ({ file, role, status: allowed.includes(role) ? 200 : refusal[role] })),
)

describe('who downloads an original', () => {
  it.each(originalCases)('$role downloading the original of $file: $status', async ({ file, role, status }) => {
    const res = await get(`/api/media/${ids[file]}/original`, role)
    expect(res.status).toBe(status)
  })
})

describe('a file follows the documents that use it', () => {
  const anonymousStatus = async (mediaId: number) => (await get(`/api/media/${mediaId}?depth=0`, 'anonymous')).status

  it('makes a work’s photo public when the work is published, and private again when it is taken down or deleted', async () => {
    const { payload } = booted
    const mediaId = ids.yaoduSubmitted!
    const [entry] = (await payload.find({ collection: 'entries', where: { media: { in: [mediaId] } }, depth: 0 })).docs
    expect(await anonymousStatus(mediaId)).toBe(404)
    await payload.update({ collection: 'entries', id: entry!.id, data: { status: 'published' } })
    expect(await anonymousStatus(mediaId)).toBe(200)
    await payload.update({ collection: 'entries', id: entry!.id, data: { bestWork: { status: 'selected' } } as never })
    await payload.update({ collection: 'entries', id: entry!.id, data: { bestWork: { status: 'recommended' } } as never })
    expect(await anonymousStatus(mediaId)).toBe(404)
    await payload.update({ collection: 'entries', id: entry!.id, data: { bestWork: { status: 'selected' } } as never })
    expect(await anonymousStatus(mediaId)).toBe(200)
    await payload.delete({ collection: 'entries', id: entry!.id })
    expect(await anonymousStatus(mediaId)).toBe(404)
  })

  it('moves publicity with the photo when a published profile changes its photo', async () => {
    const { payload } = booted
    const [worker] = (await payload.find({ collection: 'featured-workers', where: { photo: { equals: ids.publishedWorker } }, depth: 0 })).docs
    const data = await jpeg()
    const replacement = Number((await payload.create({ collection: 'media', data: { alt: '新照片' }, file: { data, mimetype: 'image/jpeg', name: 'new.jpg', size: data.length } })).id)
    expect(await anonymousStatus(replacement)).toBe(404)
    await payload.update({ collection: 'featured-workers', id: worker!.id, data: { photo: replacement } })
    expect(await anonymousStatus(replacement)).toBe(200)
    expect(await anonymousStatus(ids.publishedWorker!)).toBe(404)
  })

  it('publishes a notice’s attachment with the notice', async () => {
    const { payload } = booted
    const [notice] = (await payload.find({ collection: 'notices', where: { 'attachments.file': { in: [ids.draftAttachment] } }, draft: true, depth: 0 })).docs
    expect(await anonymousStatus(ids.draftAttachment!)).toBe(404)
    await payload.update({ collection: 'notices', id: notice!.id, data: { _status: 'published' } })
    expect(await anonymousStatus(ids.draftAttachment!)).toBe(200)
  })
})

/** A Lexical document with a paragraph and, below it, the picture `mediaId` (an upload node, as the admin's editor saves it). */
const textWithPicture = (mediaId: number | null) => ({
  root: {
    type: 'root',
    format: '',
    indent: 0,
    version: 1,
    direction: 'ltr',
    children: [
      {
        type: 'paragraph',
        format: '',
        indent: 0,
        version: 1,
        direction: 'ltr',
        textFormat: 0,
        textStyle: '',
        children: [{ type: 'text', text: '大国工匠在车间', format: 0, detail: 0, mode: 'normal', style: '', version: 1 }],
      },
      ...(mediaId ? [{ type: 'upload', version: 3, format: '', id: '6750a1b2c3d4e5f6a7b8c9d1', fields: null, relationTo: 'media', value: mediaId }] : []),
    ],
  },
})

describe('a picture in rich text', () => {
  it.each([
    {
      collection: 'notices',
      unpublished: { title: '关于开展“大国工匠”宣传的通知', campaign: 'linfenCampaign', _status: 'draft' },
      text: 'body',
      publish: { _status: 'published' },
      unpublish: { _status: 'draft' },
    },
    {
      collection: 'featured-workers',
      unpublished: { name: '王工匠', unit: 'huozhou', campaign: 'linfenCampaign', status: 'recommended' },
      text: 'story',
      publish: { status: 'published' },
      unpublish: { status: 'recommended' },
    },
  ])('is public while the $collection that shows it in its $text is published, over REST', async ({ collection, unpublished, text, publish, unpublish }) => {
    const data = await jpeg()
    const picture = Number(
      (await booted.payload.create({ collection: 'media', data: { alt: `${collection} picture` }, file: { data, mimetype: 'image/jpeg', name: `${collection}-picture.jpg`, size: data.length } })).id,
    )
    const admin = { ...headersOf.admin, 'content-type': 'application/json' }
    const send = async (method: string, url: string, body: unknown) => {
      const res = await fetch(`${server.url}${url}`, { method, headers: admin, body: JSON.stringify(body) })
      const json = (await res.json()) as { doc: { id: number } }
      expect(res.status, JSON.stringify(json)).toBe(method === 'POST' ? 201 : 200)
      return json.doc
    }
    const withIds = Object.fromEntries(Object.entries(unpublished).map(([key, value]) => [key, key === 'unit' || key === 'campaign' ? ids[value] : value]))
    const doc = await send('POST', `/api/${collection}`, { ...withIds, [text]: textWithPicture(picture) })
    const anonymous = async () => (await get(`/api/media/${picture}?depth=0`, 'anonymous')).status

    expect(await anonymous()).toBe(404)
    await send('PATCH', `/api/${collection}/${doc.id}`, publish)
    expect(await anonymous()).toBe(200)
    const shown = (await (await get(`/api/${collection}/${doc.id}?depth=1`, 'anonymous')).json()) as Record<string, { root: { children: { type: string; value: unknown }[] } }>
    expect(shown[text]!.root.children.find((node) => node.type === 'upload')?.value).toMatchObject({ id: picture, url: expect.stringContaining('/api/media/file/') })
    await send('PATCH', `/api/${collection}/${doc.id}`, unpublish)
    expect(await anonymous()).toBe(404)
    await send('PATCH', `/api/${collection}/${doc.id}`, publish)
    expect(await anonymous()).toBe(200)
    // Taken out of the text of the published document: private again.
    await send('PATCH', `/api/${collection}/${doc.id}`, { [text]: textWithPicture(null) })
    expect(await anonymous()).toBe(404)
  })
})

describe('a picture taken out of a notice through a draft', () => {
  it.each(['body', 'attachments'] as const)('is private once the draft without it (%s) is published', async (where) => {
    const data = await jpeg()
    const picture = Number(
      (await booted.payload.create({ collection: 'media', data: { alt: `draft-${where}` }, file: { data, mimetype: 'image/jpeg', name: `draft-${where}.jpg`, size: data.length } })).id,
    )
    const uses = (mediaId: number | null) =>
      where === 'body' ? { body: textWithPicture(mediaId) } : { attachments: mediaId ? [{ title: '附件1', file: mediaId }] : [] }
    const admin = { ...headersOf.admin, 'content-type': 'application/json' }
    const send = async (method: string, url: string, body: unknown) => {
      const res = await fetch(`${server.url}${url}`, { method, headers: admin, body: JSON.stringify(body) })
      const json = (await res.json()) as { doc: { id: number } }
      expect(res.status, JSON.stringify(json)).toBe(method === 'POST' ? 201 : 200)
      return json.doc
    }
    const anonymous = async () => (await get(`/api/media/${picture}?depth=0`, 'anonymous')).status
    const notice = await send('POST', '/api/notices', { title: `关于评选结果的通报（${where}）`, campaign: ids.linfenCampaign, _status: 'published', ...uses(picture) })
    expect(await anonymous()).toBe(200)
    // The editor takes the picture out in a draft: the published notice still shows it.
    await send('PATCH', `/api/notices/${notice.id}?draft=true`, { _status: 'draft', ...uses(null) })
    expect(await anonymous()).toBe(200)
    await send('PATCH', `/api/notices/${notice.id}`, { _status: 'published' })
    expect(await anonymous()).toBe(404)
  })
})
