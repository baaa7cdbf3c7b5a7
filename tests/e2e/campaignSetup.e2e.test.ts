/**
 * 设置向导 in Chromium against the built server: the national office creates Linfen's 2027
 * campaign from the admin's 新建 form (name and year only), then sets it up step by step — basics
 * with the hosts and dates (a missing date refused on the page first), a phase with its deadline,
 * a call taken from Linfen's 2020 micro-video call as a template, participants, a contact, a
 * partner site's column — tries to open it too early (refused, naming what is missing) and opens
 * it once the checklist is met. Screenshots of each step go to tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { artifactsDir } from '../helpers/builtServer'
import { e2eClient, openAdminPage } from './client'

const name = '2027年临汾市“网聚职工正能量 争做中国好网民”主题活动'

let browser: Browser
let page: Page
let admin: Api
let base: string
let campaign: number

beforeAll(async () => {
  base = inject('e2eBaseUrl')
  admin = await e2eClient()
  ;({ browser, page } = await openAdminPage())
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (file: string) =>
  page.screenshot({ path: path.join(artifactsDir, `${file}.png`), fullPage: true })

const wizard = () => page.locator('[data-testid="campaign-setup"][data-hydrated]')
const result = () => wizard().getByTestId('setup-result')

/** Clicks a button and waits for the step's answer to say `expected`. */
const saveAndExpect = async (button: string, expected: RegExp) => {
  await wizard().getByRole('button', { name: button }).click()
  await expect
    .poll(async () => (await result().isVisible()) && (await result().innerText()), {
      timeout: 60_000,
    })
    .toMatch(expected)
}

describe('设置向导: a new campaign set up step by step until it opens', () => {
  it('creates the campaign from the 新建 form and opens its set-up', async () => {
    await page.goto(`${base}/admin/collections/campaigns/create`)
    await page.locator('#field-name').fill(name)
    await page.locator('#field-year').fill('2027')
    await page.getByRole('button', { name: '保存' }).first().click()
    await page.waitForURL(/\/admin\/collections\/campaigns\/\d+$/, { timeout: 60_000 })
    campaign = Number(/campaigns\/(\d+)$/.exec(page.url())![1])
    await page.getByTestId('readiness-setup').click()
    await page.waitForURL(/\/setup$/, { timeout: 60_000 })
    await wizard().getByTestId('setup-card-basics').waitFor({ timeout: 60_000 })
  })

  it('basics: refuses a missing date on the page, then saves the hosts, label, theme and dates', async () => {
    const step = wizard().getByTestId('setup-card-basics')
    await step.locator('#setup-theme').fill('展示劳动风采·争做中国好网民')
    await step.locator('#setup-label').fill('网聚职工正能量')
    await step.locator('#setup-start').fill('2027-06-01')
    await step.locator('#setup-hosts').selectOption({ label: '临汾市总工会' })
    await step.getByRole('button', { name: '保存并下一步' }).click()
    await step.getByText('请填写活动名称、年度、活动时间和主办单位').waitFor({ timeout: 30_000 })
    await shot('campaign-setup-basics-refused')
    await step.locator('#setup-end').fill('2027-11-30')
    await saveAndExpect('保存并下一步', /^已保存/)
    await wizard().getByTestId('setup-phases').waitFor({ timeout: 60_000 })
    const stored = (await admin.get(`/api/campaigns/${campaign}?depth=0`)).body
    expect(stored).toMatchObject({
      theme: '展示劳动风采·争做中国好网民',
      label: '网聚职工正能量',
      status: 'draft',
    })
    expect(stored.hosts).toHaveLength(1)
  })

  it('phases: adds one with its deadline', async () => {
    const step = wizard().getByTestId('setup-card-phases')
    await step.locator('#setup-phase-name').fill('评选总结')
    await step.locator('#setup-phase-start').fill('2027-09-01')
    await step.locator('#setup-phase-end').fill('2027-11-30')
    await step.locator('#setup-phase-deadline').fill('2027-09-15')
    await step.locator('#setup-phase-due').fill('报送初步筛选的参评作品')
    await saveAndExpect('添加阶段', /^已保存/)
    await step.getByText('评选总结：2027-09-01 至 2027-11-30').waitFor({ timeout: 30_000 })
    await shot('campaign-setup-phases')
    await wizard().getByRole('button', { name: '下一步' }).click()
    await wizard().getByTestId('setup-calls').waitFor({ timeout: 60_000 })
  })

  it('review before any call: opening is refused, naming what is missing', async () => {
    await wizard().getByTestId('setup-step-review').click()
    await wizard().getByTestId('setup-readiness').waitFor({ timeout: 60_000 })
    await saveAndExpect('开始活动（进行中）', /活动尚不能开始，缺少：至少一个已发布的子项目/)
    await shot('campaign-setup-review-refused')
    await wizard().getByTestId('setup-step-calls').click()
  })

  it('calls: takes Linfen’s 2020 micro-video call as a template, with its whole spec', async () => {
    const step = wizard().getByTestId('setup-card-calls')
    const template = step.locator('#setup-template')
    const option = template
      .locator('option', { hasText: '网络正能量微视频征集（2020年临汾市' })
      .first()
    await template.selectOption((await option.getAttribute('value'))!)
    expect(await step.locator('#setup-call-name').inputValue()).toBe('网络正能量微视频征集')
    await step.locator('#setup-call-deadline').fill('2027-09-15')
    await saveAndExpect('添加子项目', /^已添加子项目“网络正能量微视频征集”/)
    await step
      .getByTestId('setup-calls')
      .getByText(/网络正能量微视频征集（微视频；视频；\s*截止 2027-09-15）/)
      .waitFor({ timeout: 30_000 })
    await shot('campaign-setup-calls')
    const calls = (await admin.get(`/api/sub-projects?where[campaign][equals]=${campaign}&depth=0`))
      .body.docs
    expect(calls[0].spec).toMatchObject({
      containers: ['mp4'],
      maxDurationSeconds: 180,
      maxDurationIsExclusive: true,
      subtitlesRequired: true,
    })
    await wizard().getByRole('button', { name: '下一步' }).click()
  })

  it('participants, a contact and a column', async () => {
    const participants = wizard().getByTestId('setup-participants')
    await participants.waitFor({ timeout: 60_000 })
    await participants.getByLabel('尧都区总工会', { exact: true }).check()
    await participants.getByLabel('霍州市总工会', { exact: true }).check()
    await saveAndExpect('保存并下一步', /^已保存/)
    const contacts = wizard().locator('[data-testid^="setup-contacts-"]').first()
    await contacts.waitFor({ timeout: 60_000 })
    // Each tick is saved at once (and shown ticked once saved).
    await contacts.locator('input[type="checkbox"]').first().click()
    await expect
      .poll(() => contacts.locator('input[type="checkbox"]').first().isChecked(), {
        timeout: 60_000,
      })
      .toBe(true)
    await expect
      .poll(
        async () =>
          await result()
            .innerText()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toMatch(/^已保存/)
    await shot('campaign-setup-contacts')
    await wizard().getByRole('button', { name: '下一步' }).click()
    const columns = wizard().getByTestId('setup-columns')
    await columns.waitFor({ timeout: 60_000 })
    await wizard().locator('#setup-column-site').selectOption({ label: '人民网' })
    await saveAndExpect('添加专栏', /^已添加专栏“人民网·2027年临汾市/)
    await shot('campaign-setup-columns')
    await wizard().getByRole('button', { name: '下一步' }).click()
  })

  it('review: every item met, the campaign opens', async () => {
    await wizard().getByTestId('setup-readiness').waitFor({ timeout: 60_000 })
    for (const key of [
      'period',
      'hosts',
      'sub-projects',
      'specs',
      'deadlines',
      'participants',
      'contacts',
      'columns',
    ]) {
      expect(
        await wizard().getByTestId(`setup-readiness-${key}`).getAttribute('data-met'),
        key,
      ).toBe('true')
    }
    await saveAndExpect('开始活动（进行中）', /^活动已开始（进行中）/)
    await wizard().getByTestId('setup-open').waitFor({ timeout: 60_000 })
    await shot('campaign-setup-opened')
    const opened = (await admin.get(`/api/campaigns/${campaign}?depth=0`)).body
    expect(opened).toMatchObject({ name, status: 'active' })
    expect(opened.participants).toHaveLength(2)
  })
})
