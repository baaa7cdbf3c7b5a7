/**
 * 评审打分, in Chromium against the built server: a judge of a blind 初评 opens its page from the
 * navigation, sees its works and how far it has got, opens one — the text with its 字数, nobody's
 * name — types a score above a criterion's maximum and reads the server's refusal, scores it,
 * submits it (locked), and goes on to the next; the organizer's reopening unlocks it again.
 * Then the organizer's side: the round's results and 分配作品 on its edit page, and an award
 * list proposed and frozen from its buttons, the 通报 draft linked. Screenshots go to
 * tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { deadlineDay } from '../../plugins/shared/deadline'
import { apiClient } from '../helpers/api'
import { artifactsDir } from '../helpers/builtServer'
import { launchChromium, logIntoAdmin } from '../helpers/chromium'
import { e2eClient } from './client'

const campaignName = '2026年临汾市“中国梦·大国工匠篇”网络正能量征文（评审）'
const password = 'scoring-e2e-password-1'
const authors = ['张建国', '李红梅', '王师傅']

/** `yyyy-MM-dd` in Beijing, `days` from today, as the admin's day picker stores it (noon UTC). */
const pickerDay = (days: number) => {
  const [y, m, d] = deadlineDay(new Date(), 'Asia/Shanghai').split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days, 12)).toISOString()
}

let browser: Browser
let page: Page
let admin: Api
let base: string
let round: number
let judgeEmail: string
const judgeEmails: string[] = []
let campaign: number
let subProject: number
const works: { id: number; title: string; text: string }[] = []

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
  const linfen = await idOf('临汾市总工会')
  const created = await admin.post('/api/campaigns', {
    name: campaignName,
    year: 2026,
    status: 'active',
    hosts: [linfen],
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  campaign = Number(created.body.doc.id)
  const call = await admin.post('/api/sub-projects', {
    campaign,
    name: '网络正能量文章征集',
    kind: 'essay',
    _status: 'published',
  })
  expect(call.status, JSON.stringify(call.body)).toBe(201)
  subProject = Number(call.body.doc.id)
  // Works the host itself screened in: they enter the round as reported to it.
  for (const [i, name] of authors.entries()) {
    const title = `焊花里的青春（${i + 1}）`
    const text = `三十年如一日，他在焊花里守着一份初心。`.repeat(3 + i)
    const work = await admin.post('/api/entries', {
      title,
      subProject,
      submittingUnit: linfen,
      status: 'screened-in',
      text,
      authors: [{ name, unit: '临汾钢铁厂' }],
    })
    expect(work.status, JSON.stringify(work.body)).toBe(201)
    works.push({ id: Number(work.body.doc.id), title, text })
  }
  const judges: number[] = []
  for (const n of [1, 2]) {
    const email = `scoring-judge-${n}-${Date.now()}@example.org`
    const user = await admin.post('/api/users', {
      email,
      password,
      name: `评委${n}`,
      role: 'judge',
    })
    expect(user.status, JSON.stringify(user.body)).toBe(201)
    judges.push(Number(user.body.doc.id))
    judgeEmails.push(email)
    judgeEmail ??= email
  }
  const made = await admin.post('/api/judging-rounds', {
    subProject,
    name: '初评',
    order: 1,
    status: 'open',
    opensAt: pickerDay(-1),
    closesAt: pickerDay(5),
    judgesPerWork: 2,
    blind: true,
    panel: judges,
    criteria: [
      { name: '思想性', weight: 4, maxScore: 10 },
      { name: '艺术性', weight: 3, maxScore: 10 },
      { name: '传播力', weight: 3, maxScore: 10 },
    ],
  })
  expect(made.status, JSON.stringify(made.body)).toBe(201)
  round = Number(made.body.doc.id)
  const assigned = await admin.post(`/api/judging-rounds/${round}/assign`, {})
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200)

  browser = await launchChromium()
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  })
  page = await context.newPage()
  await logIntoAdmin(page, { base, email: judgeEmail, password })
  await fs.mkdir(artifactsDir, { recursive: true })
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (name: string) =>
  page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })

describe('a judge scores in the admin', () => {
  it('opens its page from its home page: the round, its works, how far it has got', async () => {
    await page.goto(`${base}/admin`)
    // Its home page has no campaign of its own to show: it points to 评审打分.
    await page.getByTestId('dashboard-scoring').waitFor({ timeout: 60_000 })
    await shot('scoring-judge-home')
    // 评审打分 is in the navigation too (folded at this width).
    expect(await page.getByTestId('nav-scoring').count()).toBeGreaterThan(0)
    await page.getByTestId('dashboard-scoring').click()
    await page.waitForURL(/\/admin\/scoring/)
    const roundBox = page.getByTestId('scoring-round')
    await roundBox.waitFor({ timeout: 60_000 })
    expect(await roundBox.innerText()).toContain('网络正能量文章征集 初评')
    expect(await roundBox.innerText()).toContain('匿名评审')
    expect(await page.getByTestId('scoring-progress').innerText()).toContain('已完成 0 / 3')
    for (const work of works) {
      expect(await roundBox.getByRole('link', { name: work.title }).count()).toBe(1)
    }
    await shot('scoring-list')
  })

  it('shows the work with its 字数 and no names, and refuses a score above the maximum', async () => {
    await page.getByTestId('scoring-round').getByRole('link', { name: works[0]!.title }).click()
    const work = page.getByTestId('scoring-work')
    await work.waitFor({ timeout: 60_000 })
    const shown = await work.innerText()
    expect(shown).toContain(works[0]!.title)
    expect(await page.getByTestId('scoring-text-length').innerText()).toContain(
      `${[...works[0]!.text.replace(/\s+/gu, '')].length} 字`,
    )
    // Blind: neither the author nor the unit appears anywhere on the page.
    const everything = await page.locator('body').innerText()
    for (const name of [...authors, '临汾钢铁厂']) {
      expect(everything).not.toContain(name)
    }

    const form = page.locator('[data-testid="score-sheet-form"][data-hydrated]')
    await form.waitFor({ timeout: 60_000 })
    await form.getByLabel('思想性').fill('12')
    await form.getByLabel('艺术性').fill('8')
    await form.getByLabel('传播力').fill('7')
    await form.getByRole('button', { name: '保存' }).click()
    const message = form.getByTestId('score-message')
    await message.waitFor({ timeout: 30_000 })
    expect(await message.innerText()).toMatch(/思想性.*满分 10.*12/)
    // Said once, not once per place the server lists it.
    expect((await message.innerText()).split('满分 10 分').length).toBe(2)
    expect(await message.innerText()).toMatch(/[a-z]/)
    await shot('scoring-refused')
    // Nothing was written: the sheet has no scores yet.
    const sheets = (
      await admin.get(`/api/score-sheets?where[round][equals]=${round}&depth=0&limit=100`)
    ).body.docs as { scores?: unknown[] }[]
    expect(sheets.every((sheet) => !sheet.scores?.length)).toBe(true)
  })

  it('saves, submits (locked) and goes on; a reopening unlocks it', async () => {
    const form = page.locator('[data-testid="score-sheet-form"][data-hydrated]')
    await form.getByLabel('思想性').fill('9')
    await expect.poll(() => form.getByTestId('score-total').innerText()).toContain('81.00')
    await form.getByRole('button', { name: '提交' }).click()
    await form.getByRole('button', { name: '确定提交' }).click()
    await page.getByTestId('sheet-locked').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('sheet-status').innerText()).toBe('已提交')
    expect(await page.getByLabel('思想性').isDisabled()).toBe(true)
    expect(await page.getByTestId('scoring-progress').innerText()).toContain('已完成 1 / 3')
    await shot('scoring-submitted')

    const sheetId = Number(new URL(page.url()).searchParams.get('sheet'))
    const stored = (await admin.get(`/api/score-sheets/${sheetId}?depth=0`)).body
    expect(stored).toMatchObject({ status: 'submitted', total: 81 })

    await page.getByTestId('next-to-score').click()
    await page.waitForURL((url) => Number(url.searchParams.get('sheet')) !== sheetId)
    expect(await page.getByTestId('sheet-status').innerText()).toBe('待评')

    const reopened = await admin.post(`/api/score-sheets/${sheetId}/reopen`, {
      reason: '思想性评分与评语不一致，请复核',
    })
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200)
    await page.goto(`${base}/admin/scoring?sheet=${sheetId}`)
    await page
      .locator('[data-testid="score-sheet-form"][data-hydrated]')
      .waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('sheet-status').innerText()).toBe('待评')
    expect(await page.getByLabel('思想性').isDisabled()).toBe(false)
    expect(await page.getByLabel('思想性').inputValue()).toBe('9')
  })

  it('answers another judge’s sheet with a refusal, not the work', async () => {
    const other = await apiClient(base, { email: judgeEmail, password })
    const mine = (await other.get(`/api/score-sheets?depth=0&limit=100`)).body.docs as {
      id: number
    }[]
    const all = (
      await admin.get(`/api/score-sheets?where[round][equals]=${round}&depth=0&limit=100`)
    ).body.docs as { id: number }[]
    const notMine = all.find((sheet) => !mine.some((m) => m.id === sheet.id))
    expect(notMine).toBeDefined()
    await page.goto(`${base}/admin/scoring?sheet=${notMine!.id}`)
    await page.getByTestId('scoring-refusal').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('scoring-work').count()).toBe(0)
  })
})

describe('the organizer runs the round and the prizes in the admin', () => {
  let adminPage: Page

  beforeAll(async () => {
    // Both judges finish the round; the organizer closes it.
    for (const email of judgeEmails) {
      const judge = await apiClient(base, { email, password })
      const own = (await judge.get(`/api/score-sheets?depth=0&limit=100`)).body.docs as {
        id: number
        entry: number
        status: string
      }[]
      for (const sheet of own.filter((each) => each.status === 'assigned')) {
        const i = works.findIndex((work) => work.id === sheet.entry)
        const saved = await judge.patch(`/api/score-sheets/${sheet.id}`, {
          scores: [
            { criterion: '思想性', score: 9 - i },
            { criterion: '艺术性', score: 8 },
            { criterion: '传播力', score: 7 },
          ],
        })
        expect(saved.status, JSON.stringify(saved.body)).toBe(200)
        const submitted = await judge.post(`/api/score-sheets/${sheet.id}/submit`, {})
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
      }
    }
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    })
    adminPage = await context.newPage()
    const { email, password: adminPassword } = inject('e2eAdmin')
    await logIntoAdmin(adminPage, { base, email, password: adminPassword })
  }, 300_000)

  it('shows the round’s results and tops the assignment up', async () => {
    await adminPage.goto(`${base}/admin/collections/judging-rounds/${round}`)
    const results = adminPage.getByTestId('round-results')
    await results.getByTestId('result-row').first().waitFor({ timeout: 60_000 })
    const rows = await results.getByTestId('result-row').allInnerTexts()
    expect(rows).toHaveLength(works.length)
    // Work 1 scored highest by both judges: first, its raw mean the sheets' totals.
    expect(rows[0]).toContain(works[0]!.title)
    expect(rows[0]).toMatch(/^1\s/)
    const actions = adminPage.locator('[data-testid="round-actions"][data-hydrated]')
    await actions.getByRole('button', { name: '分配作品' }).click()
    await expect
      .poll(() =>
        actions
          .getByTestId('action-result')
          .innerText()
          .catch(() => ''),
      )
      .toContain('新增评分表 0 份')
    await adminPage.screenshot({
      path: path.join(artifactsDir, 'round-results.png'),
      fullPage: true,
    })
  })

  it(
    'proposes and freezes an award list from its buttons, drafting the 通报',
    { timeout: 240_000 },
    async () => {
      const closed = await admin.patch(`/api/judging-rounds/${round}`, { status: 'closed' })
      expect(closed.status, JSON.stringify(closed.body)).toBe(200)
      const list = await admin.post('/api/award-lists', {
        campaign,
        kind: 'works',
        subProject,
        tiers: [
          { tier: 'first', count: 1 },
          { tier: 'second', count: 1 },
        ],
      })
      expect(list.status, JSON.stringify(list.body)).toBe(201)
      const listId = Number(list.body.doc.id)
      await adminPage.goto(`${base}/admin/collections/award-lists/${listId}`)
      const actions = () => adminPage.locator('[data-testid="award-list-actions"][data-hydrated]')
      await actions().getByRole('button', { name: '生成建议名单' }).click()
      await actions()
        .getByTestId('action-result')
        .filter({ hasText: '一等奖 1 件' })
        .waitFor({ timeout: 60_000 })
      await expect
        .poll(
          async () => (await admin.get(`/api/award-lists/${listId}?depth=0`)).body.ranking?.length,
          {
            timeout: 60_000,
          },
        )
        .toBe(works.length)
      // The page reloads itself to show the stored ranking; reloading here makes sure it has.
      await adminPage.reload()
      await actions().waitFor({ timeout: 60_000 })
      await adminPage.screenshot({
        path: path.join(artifactsDir, 'award-list-proposed.png'),
        fullPage: true,
      })
      await actions().getByRole('button', { name: '确定名单并生成通报' }).click()
      await actions().getByRole('button', { name: '确定名单' }).click()
      await adminPage.getByTestId('award-list-frozen').waitFor({ timeout: 60_000 })
      await adminPage.getByTestId('award-list-notice').waitFor({ timeout: 60_000 })
      // The relationship fields show their documents' names once loaded.
      await adminPage.getByText(campaignName).first().waitFor({ timeout: 60_000 })
      await adminPage.screenshot({
        path: path.join(artifactsDir, 'award-list-frozen.png'),
        fullPage: true,
      })
      const stored = (await admin.get(`/api/award-lists/${listId}?depth=0`)).body
      expect(stored.status).toBe('frozen')
      const first = (await admin.get(`/api/entries/${works[0]!.id}?depth=0`)).body
      expect(first.awardTier).toBe('first')
      const notice = (await admin.get(`/api/notices/${stored.notice}?depth=0&draft=true`)).body
      expect(JSON.stringify(notice.attachments)).toContain(works[0]!.title)

      // 推荐获奖作品至上级活动: the city's campaign implements the national one.
      const created = async (path: string, data: Record<string, unknown>) => {
        const res = await admin.post(path, data)
        expect(res.status, JSON.stringify(res.body)).toBe(201)
        return Number(res.body.doc.id)
      }
      // The demo data's 全总.
      const acftu = Number(
        (
          await admin.get(
            `/api/organizers?where[name][equals]=${encodeURIComponent('中华全国总工会')}&depth=0&limit=1`,
          )
        ).body.docs[0].id,
      )
      const national = await created('/api/campaigns', {
        name: '2026年全国“中国梦·大国工匠篇”网络正能量征文',
        year: 2026,
        status: 'active',
        hosts: [acftu],
      })
      await created('/api/sub-projects', {
        campaign: national,
        name: '网络正能量征文',
        kind: 'essay',
        _status: 'published',
      })
      expect((await admin.patch(`/api/campaigns/${campaign}`, { parent: national })).status).toBe(
        200,
      )
      await actions().getByRole('button', { name: '推荐获奖作品至上级活动' }).click()
      const draftLink = actions().getByTestId('award-list-batch')
      await draftLink.waitFor({ timeout: 60_000 })
      expect(await actions().getByTestId('action-result').innerText()).toContain('2 件')
      await adminPage.screenshot({
        path: path.join(artifactsDir, 'award-list-recommended.png'),
        fullPage: true,
      })
      await draftLink.click()
      await adminPage.waitForURL(/\/admin\/collections\/report-batches\/\d+/, { timeout: 60_000 })
      await adminPage.getByText(works[0]!.title).first().waitFor({ timeout: 60_000 })
      await adminPage.screenshot({
        path: path.join(artifactsDir, 'award-list-recommended-batch.png'),
        fullPage: true,
      })
      const batchId = Number(/report-batches\/(\d+)/.exec(adminPage.url())![1])
      const batch = (await admin.get(`/api/report-batches/${batchId}?depth=0`)).body
      expect(batch).toMatchObject({ status: 'draft', toCampaign: national })
      expect(batch.entries).toHaveLength(2)
    },
  )
})
