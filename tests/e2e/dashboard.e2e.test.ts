/**
 * 活动看板, in Chromium against the built server: the admin opens on the campaign dashboard —
 * the demo data's campaigns in the picker, a campaign's figures, its charts drawn as SVG in the
 * browser from the page's numbers, in the page's font, units behind quota and works awaiting screening with links to their edit views — and
 * a county editor's dashboard shows its county's numbers only. The figures are the JSON
 * endpoint's. Screenshots go to tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { deadlineDay } from '../../plugins/shared/deadline'
import { artifactsDir } from '../helpers/builtServer'
import { e2eClient, openAdminPage } from './client'

const campaignName = '2026年临汾市“网聚职工正能量 争做中国好网民”主题活动（看板）'
/** The demo data's Linfen edition (closed): offered under 其他活动. */
const demoCampaign = '2020年临汾市“网聚职工正能量 争做中国好网民”主题活动'

/** `yyyy-MM-dd` in Beijing, `days` from today, as the admin's day picker stores it (noon UTC). */
const pickerDay = (days: number) => {
  const [y, m, d] = deadlineDay(new Date(), 'Asia/Shanghai').split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days, 12)).toISOString()
}

/** The works seeded: 7 of the 19 counties send works, on 3 calls, over the last 20 days. */
const statuses = ['submitted', 'screened-in', 'reported', 'submitted', 'screened-out', 'published']
const workCount = 48
/** The stage of work `i`, mixed across counties and calls. */
const statusOf = (i: number) => statuses[(i + Math.floor(i / 3)) % statuses.length]!

let browser: Browser
let page: Page
let admin: Api
let base: string
let campaign: number
let units: { id: number; name: string }[]

beforeAll(async () => {
  base = inject('e2eBaseUrl')
  admin = await e2eClient()
  const idOf = async (name: string) =>
    Number(
      (
        await admin.get(
          `/api/organizers?where[name][equals]=${encodeURIComponent(name)}&depth=0&limit=1`,
        )
      ).body.docs[0].id,
    )
  const demo = (
    await admin.get(
      `/api/campaigns?where[name][equals]=${encodeURIComponent(demoCampaign)}&depth=0&limit=1`,
    )
  ).body.docs[0] as { participants: number[] }
  const linfen = await idOf('临汾市总工会')
  units = await Promise.all(
    demo.participants.map(async (id) => {
      const { body } = await admin.get(`/api/organizers/${id}?depth=0`)
      return { id, name: body.name as string }
    }),
  )
  const created = await admin.post('/api/campaigns', {
    name: campaignName,
    year: 2026,
    status: 'active',
    hosts: [linfen],
    participants: units.map((u) => u.id),
    phases: [
      { name: '活动启动', start: pickerDay(-20), end: pickerDay(-6) },
      { name: '活动推进', start: pickerDay(-5), end: pickerDay(20) },
      {
        name: '评选总结',
        start: pickerDay(21),
        end: pickerDay(60),
        deadlines: [{ date: pickerDay(30), due: '报送初步筛选的参评作品和情况报告' }],
      },
    ],
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  campaign = Number(created.body.doc.id)
  const calls: number[] = []
  for (const [name, kind] of [
    ['网络正能量微视频征集', 'micro-video'],
    ['网络正能量摄影作品征集', 'photography'],
    ['网络正能量文章征集', 'essay'],
  ]) {
    const call = await admin.post('/api/sub-projects', {
      campaign,
      name,
      kind,
      deadline: pickerDay(5),
      quota: { mode: 'minimum', count: 2 },
      _status: 'published',
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    calls.push(Number(call.body.doc.id))
  }
  for (let i = 0; i < workCount; i++) {
    const unit = units[i % 7]!
    const work = await admin.post('/api/entries', {
      title: `${unit.name.replace(/总工会|工会$/, '')}：劳动者的一天（${i + 1}）`,
      subProject: calls[i % 3],
      submittingUnit: unit.id,
      status: statusOf(i),
      createdAt: new Date(Date.now() - ((i * 7) % 20) * 86_400_000 - i * 600_000).toISOString(),
    })
    expect(work.status, JSON.stringify(work.body)).toBe(201)
  }

  ;({ browser, page } = await openAdminPage())
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

const text = async (testId: string) => (await page.getByTestId(testId).innerText()).trim()

describe('the admin opens on the campaign dashboard', () => {
  it('offers the office its campaigns, active ones first, with the demo data’s', async () => {
    await page.goto(`${base}/admin`)
    await page.getByTestId('campaign-dashboard').waitFor({ timeout: 60_000 })
    // Closed ones sit in a folded <details>: their text, not what is rendered.
    const choices = await page.getByTestId('campaign-choice').allTextContents()
    expect(choices).toContain(campaignName)
    expect(choices).toContain(`${demoCampaign}（已结束）`)
    // Active first: every active campaign before any closed one.
    const firstClosed = choices.findIndex((c) => c.endsWith('（已结束）'))
    expect(choices.indexOf(campaignName)).toBeLessThan(firstClosed)
    // The card grid's links are kept.
    for (const label of ['作品', '主题活动', '任务分解表', '用户', '后台任务']) {
      expect(
        await page
          .getByTestId('collection-links')
          .getByRole('link', { name: label, exact: true })
          .count(),
        label,
      ).toBeGreaterThan(0)
    }
  })

  it('shows a campaign’s figures and charts, as the JSON endpoint counts them', async () => {
    await page.goto(`${base}/admin?campaign=${campaign}`)
    await page.getByTestId('campaign-figures').waitFor({ timeout: 60_000 })
    const json = (await admin.get(`/api/campaigns/${campaign}/dashboard`)).body
    expect(json.totals.works).toBe(workCount)
    expect(await text('dashboard-campaign-name')).toBe(campaignName)
    expect(await text('figure-phase')).toContain('活动推进')
    expect(await text('figure-deadline')).toContain(json.nextDeadline.day)
    expect(await text('figure-deadline')).toContain('还有 5 天')
    expect(await text('figure-works')).toContain(String(workCount))
    expect(await text('figure-works')).toContain(`已报送 ${json.totals.reported}`)
    // 7 counties sent works, 2 per call at least is asked: the 12 others have none.
    expect(json.behindQuota.length).toBeGreaterThanOrEqual(12)
    expect(await text('figure-behind')).toContain(`${json.behindQuota.length} / 19`)
    expect(await text('figure-awaiting')).toContain(String(json.awaitingScreening.total))
    const submitted = Array.from({ length: workCount }, (_, i) => statusOf(i)).filter(
      (status) => status === 'submitted',
    ).length
    expect(json.awaitingScreening).toMatchObject({ submitted, total: submitted })
    expect(await text('figure-delivered')).toContain('推送送达')
    expect(await text('figure-receipts')).toContain('已核验')
    // The works of the last 30 days, per Beijing day: all of them.
    expect(
      json.submissionsPerDay.reduce((sum: number, day: { count: number }) => sum + day.count, 0),
    ).toBe(workCount)

    // Charts: SVG drawn in the browser from the page's numbers, with the sub-projects' and
    // units' names in them, in the page's font.
    for (const chart of ['chart-per-day', 'chart-per-sub-project', 'chart-per-unit']) {
      await page.getByTestId(chart).locator('svg').waitFor({ timeout: 60_000 })
      expect(await page.getByTestId(chart).locator('svg').count(), chart).toBe(1)
    }
    const [chartFont, pageFont] = await page
      .getByTestId('chart-per-unit')
      .locator('svg text')
      .first()
      .evaluate((text) => [
        getComputedStyle(text).fontFamily,
        getComputedStyle(document.body).fontFamily,
      ])
    expect(chartFont).toBe(pageFont)
    expect(await page.getByTestId('chart-per-sub-project').locator('svg').innerHTML()).toContain(
      '网络正能量摄影作品征集',
    )
    const unitChart = await page.getByTestId('chart-per-unit').locator('svg').innerHTML()
    expect(unitChart).toContain(units[0]!.name)
    expect(unitChart).toContain(units[18]!.name)
    // Bars: one rect-like path per non-zero value at least.
    expect(await page.getByTestId('chart-per-day').locator('svg path').count()).toBeGreaterThan(10)

    // Units behind quota, furthest behind first (ten of them), by name; the works awaiting
    // screening, linked to their edit views.
    const behind = await text('behind-quota')
    expect(behind).toContain(units[7]!.name)
    expect(behind).toContain(`另有 ${json.behindQuota.length - 10} 个单位未完成`)
    const links = page.getByTestId('awaiting-screening').locator('tbody a')
    expect(await links.count()).toBe(10)
    expect(await links.first().getAttribute('href')).toMatch(/^\/admin\/collections\/entries\/\d+$/)

    await page.screenshot({
      path: path.join(artifactsDir, 'admin-campaign-dashboard.png'),
      fullPage: true,
    })
    // No part of the page is wider than the window.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true)

    // A unit's works: the list of works filed under it and below it in this campaign.
    const unitWorks = await page
      .getByTestId('behind-quota')
      .getByRole('link', { name: '查看作品 / works' })
      .first()
      .getAttribute('href')
    expect(unitWorks).toMatch(/where%5BsubmittingUnit\.path%5D%5Bcontains%5D=%2F\d+%2F/)
    const firstUnitWorks = unitWorks!.replace(/%2F\d+%2F/, `%2F${units[0]!.id}%2F`)

    const title = await links.first().innerText()
    await links.first().click()
    await page.waitForURL(/\/admin\/collections\/entries\/\d+$/, { timeout: 60_000 })
    await expect
      .poll(() => page.locator('#field-title').inputValue(), { timeout: 60_000 })
      .toBe(title)

    await page.goto(`${base}${firstUnitWorks}`)
    await page.locator('table tbody tr').first().waitFor({ timeout: 60_000 })
    expect(await page.locator('table tbody tr').count()).toBe(7)
  })

  it('says so for a campaign that does not exist', async () => {
    await page.goto(`${base}/admin?campaign=987654`)
    await page.getByTestId('dashboard-refusal').waitFor({ timeout: 60_000 })
    expect(await text('dashboard-refusal')).toContain('没有编号为 987654 的主题活动')
  })
})

describe('a county editor’s dashboard', () => {
  it('shows its county’s numbers only, and the collections it works with', async () => {
    const county = units[0]!
    const editor = { email: 'dashboard-county@test.local', password: 'dashboard-editor-pw-1' }
    const made = await admin.post('/api/users', {
      ...editor,
      role: 'unit-editor',
      organizer: county.id,
      name: `${county.name}编辑`,
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    // One API login, its token as the admin's cookie: no second browser login.
    const login = await fetch(`${base}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(editor),
    })
    const { token } = (await login.json()) as { token: string }
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    })
    await context.addCookies([{ name: 'payload-token', value: token, url: base }])
    const editorPage = await context.newPage()
    try {
      await editorPage.goto(`${base}/admin?campaign=${campaign}`)
      const figures = editorPage.getByTestId('campaign-figures')
      await figures.waitFor({ timeout: 60_000 })
      expect(await editorPage.getByTestId('dashboard-scope').innerText()).toContain(
        `仅显示${county.name}及下级单位的数据`,
      )
      const json = await (
        await fetch(`${base}/api/campaigns/${campaign}/dashboard`, {
          headers: { Authorization: `JWT ${token}` },
        })
      ).json()
      // Works 1, 8, 15 … of the 48 went to the first county.
      expect(json.totals.works).toBe(7)
      expect(json.units.map((u: { unit: { name: string } }) => u.unit.name)).toEqual([county.name])
      expect(json.push).toBeNull()
      expect(await editorPage.getByTestId('figure-works').innerText()).toContain('7')
      expect(await editorPage.getByTestId('figure-delivered').count()).toBe(0)
      const choices = await editorPage.getByTestId('campaign-choice').allTextContents()
      expect(choices).toContain(campaignName)
      expect(choices).toContain(`${demoCampaign}（已结束）`)
      for (const hidden of ['主题活动', '任务分解表', '用户', '后台任务']) {
        expect(
          await editorPage.getByRole('link', { name: hidden, exact: true }).count(),
          hidden,
        ).toBe(0)
      }
      await editorPage.screenshot({
        path: path.join(artifactsDir, 'admin-campaign-dashboard-county.png'),
        fullPage: true,
      })
    } finally {
      await context.close()
    }
  })
})
