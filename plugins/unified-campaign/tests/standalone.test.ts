import { createLocalReq } from 'payload'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions as Caller, Doc, PluginTestApp } from '../../../tests/helpers/pluginApp'

import { CoverageView } from '../components/CoverageView'
import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { unifiedCampaignTestConfig } from './helpers/config'

/**
 * The plugin outside this project: a fresh Payload app with only the collections it needs, no
 * roles, and the plugin with its default options (README: Use in another app).
 */

let app: PluginTestApp
let user: Doc
let partnerAccount: Doc
let campaign: Doc
let editor: Caller
const partner: Caller = { apiKey: 'standalone-partner-key-0123456789' }
const nobody: Caller = {}

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'unified_campaign_standalone',
    config: unifiedCampaignTestConfig(),
  })
  const credentials = { email: 'editor@standalone.test', password: 'standalone-password-1' }
  user = await app.local.create({ collection: 'users', data: credentials })
  editor = { token: await app.login(credentials) }
  partnerAccount = await app.local.create({
    collection: 'partner-accounts',
    data: { name: '工人日报网接口', enableAPIKey: true, apiKey: partner.apiKey },
  })
  const unit = await app.local.create({ collection: 'organizers', data: { name: '全国总工会' } })
  campaign = await app.local.create({
    collection: 'campaigns',
    data: { name: '安全生产月', label: '安全生产月', participants: [unit.id] },
  })
  const site = await app.local.create({
    collection: 'partner-sites',
    data: { name: '工人日报网', organizer: unit.id, channels: ['pc', 'weibo'] },
  })
  const column = await app.call('POST', '/api/columns', {
    ...editor,
    body: {
      title: '安全生产专栏',
      campaign: campaign.id,
      partnerSite: site.id,
      channel: 'pc',
      hasInteractionWindow: true,
    },
  })
  expect(column.status).toBe(201)
})

afterAll(async () => {
  await app?.close()
})

describe('the work label (rule 3)', () => {
  it.each([
    ['a plain title', '守护者'],
    ['a title carrying the label in other brackets', '[安全生产月]守护者'],
  ])('is put once into the title of a published work with %s', async (_, title) => {
    const { status, body } = await app.call('POST', '/api/entries', {
      ...editor,
      body: { title, campaign: campaign.id, status: 'published' },
    })
    expect(status).toBe(201)
    expect(body.doc.title).toBe('【安全生产月】守护者')
  })

  it('is put into a column’s title', async () => {
    const column = (
      await app.call('GET', `/api/columns?where[campaign][equals]=${campaign.id}`, editor)
    ).body.docs[0]
    expect(column.title).toBe('【安全生产月】安全生产专栏')
  })
})

describe('the unified theme (rule 1)', () => {
  it('refuses to publish a work without a campaign', async () => {
    const { status, body } = await app.call('POST', '/api/entries', {
      ...editor,
      body: { title: '无主题作品', status: 'published' },
    })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0]).toMatchObject({
      path: 'campaign',
      message: expect.stringContaining('统一活动主题'),
    })
  })
})

describe('the coverage and compliance reports (rule 2)', () => {
  it('answers a logged-in user with each site × channel and what is missing', async () => {
    const { status, body } = await app.call('GET', `/api/campaigns/${campaign.id}/coverage`, editor)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      sites: 1,
      complete: 1,
      missing: [
        { partnerSite: '工人日报网', channel: '微博', problems: ['未开设专栏 / no column'] },
      ],
    })
    expect(body.cells).toHaveLength(2)
  })

  it('counts violations in an app without notices or featured workers', async () => {
    const { status, body } = await app.call(
      'GET',
      `/api/campaigns/${campaign.id}/compliance`,
      editor,
    )
    expect(status).toBe(200)
    expect(body.rules).toMatchObject({
      columns: { violations: 1 },
      label: { violations: 0 },
    })
  })

  it('reports content outside every campaign once, to any logged-in user by default', async () => {
    const { status, body } = await app.call('GET', '/api/campaigns/standing', editor)
    expect(status).toBe(200)
    // This app has works only: no notices or profiles to count.
    expect(body.collections.map((each: { collection: string }) => each.collection)).toEqual([
      'entries',
    ])
    expect((await app.call('GET', '/api/campaigns/standing')).status).toBe(401)
  })

  it.each([
    ['a partner account', partner],
    ['nobody', nobody],
  ])('refuses %s', async (_, caller) => {
    expect((await app.call('GET', `/api/campaigns/${campaign.id}/coverage`, caller)).status).toBe(
      403,
    )
    expect((await app.call('GET', `/api/campaigns/${campaign.id}/compliance`, caller)).status).toBe(
      403,
    )
  })

  /** The campaign's Coverage tab as the admin renders it for `who` (a server component). */
  const coverageTab = async (who: Doc & { collection: string }) => {
    const req = await createLocalReq({ user: who as never }, app.payload)
    const collectionConfig = app.payload.collections['campaigns'].config
    return renderToStaticMarkup(
      await CoverageView({
        initPageResult: { req, collectionConfig },
        doc: { id: campaign.id },
      } as never),
    )
  }

  it('shows the report in the campaign’s Coverage tab to whom the REST report answers, and no one else', async () => {
    const shown = await coverageTab({ ...user, collection: 'users' })
    expect(shown).toContain('data-testid="coverage-view"')
    expect(shown).toContain('工人日报网')
    const refused = await coverageTab({ ...partnerAccount, collection: 'partner-accounts' })
    expect(refused).not.toContain('coverage-view')
    expect(refused).not.toContain('工人日报网')
  })
})

describe('best works (rule 4)', () => {
  it('lets a partner account recommend a work it may read, and a user select it', async () => {
    const work = (
      await app.call('POST', '/api/entries', {
        ...editor,
        body: { title: '精品候选', campaign: campaign.id, status: 'published' },
      })
    ).body.doc
    expect(
      (
        await app.call('POST', `/api/entries/${work.id}/recommend`, {
          ...partner,
          body: { reason: '适合全网推送' },
        })
      ).status,
    ).toBe(200)
    expect(
      (await app.call('POST', `/api/entries/${work.id}/select`, { ...partner, body: {} })).status,
    ).toBe(403)
    expect(
      (
        await app.call('POST', `/api/entries/${work.id}/select`, {
          ...editor,
          body: { reason: '编辑部精选' },
        })
      ).status,
    ).toBe(200)

    const stored = await app.local.findByID({ collection: 'entries', id: work.id, depth: 0 })
    expect(stored.bestWork).toMatchObject({
      status: 'selected',
      selectedBy: user.id,
      reason: '编辑部精选',
    })
    expect(stored.recommendations).toMatchObject([
      { kind: 'partner', by: 'partner-accounts:工人日报网接口', reason: '适合全网推送' },
    ])
  })
})
