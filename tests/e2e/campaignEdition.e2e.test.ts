/**
 * 复制为新一年度 in Chromium against the built server: the national office opens the demo's
 * national 2016 campaign (“中国梦·大国工匠篇”), asks for 2026 in its sidebar, previews the edition,
 * gives it this year's theme, creates it and opens it from the link, where its 开始前检查 says
 * what it lacks and refuses to open it; asking again for 2026 is refused on the page with the
 * existing edition named. Screenshots go to tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { artifactsDir } from '../helpers/builtServer'
import { e2eClient, openAdminPage } from './client'

const sourceName = '“中国梦·大国工匠篇”大型主题宣传活动'
const theme = '弘扬劳模精神、劳动精神、工匠精神'

let browser: Browser
let page: Page
let admin: Api
let base: string
let source: number

beforeAll(async () => {
  base = inject('e2eBaseUrl')
  admin = await e2eClient()
  const found = await admin.get(
    `/api/campaigns?where[name][equals]=${encodeURIComponent(sourceName)}&depth=0&limit=1`,
  )
  source = Number(found.body.docs[0].id)
  ;({ browser, page } = await openAdminPage())
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (name: string) =>
  page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })

describe('复制为新一年度 in the admin', () => {
  it('previews, edits the theme, creates the 2026 edition and opens it', async () => {
    await page.goto(`${base}/admin/collections/campaigns/${source}`)
    const box = page.locator('[data-testid="campaign-edition"][data-hydrated]')
    await box.waitFor({ timeout: 60_000 })
    await box.locator('#edition-year').fill('2026')
    await box.getByRole('button', { name: '预览' }).click()
    const plan = box.getByTestId('edition-plan')
    await plan.waitFor({ timeout: 60_000 })
    expect(await box.locator('#edition-name').inputValue()).toBe(`2026年${sourceName}`)
    expect(await plan.innerText()).toContain('按年度顺延 10 年')
    await box.locator('#edition-theme').fill(theme)
    await shot('campaign-edition-preview')
    await box.getByRole('button', { name: '创建新一年度活动（草稿）' }).click()
    const link = box.getByTestId('edition-link')
    await link.waitFor({ timeout: 60_000 })
    expect(await box.getByTestId('edition-result').innerText()).toMatch(/^已创建“2026年/)
    await shot('campaign-edition-created')
    await link.click()
    await page.waitForURL(/\/admin\/collections\/campaigns\/\d+$/, { timeout: 60_000 })
    const id = Number(/campaigns\/(\d+)$/.exec(page.url())![1])
    await page
      .locator('[data-testid="campaign-edition"][data-hydrated]')
      .waitFor({ timeout: 60_000 })
    // The edition is in preparation: its checklist says what it lacks, and opening it is refused.
    const readiness = page.locator('[data-testid="campaign-readiness"][data-hydrated]')
    await readiness.getByTestId('readiness-period').waitFor({ timeout: 60_000 })
    expect(await readiness.getByTestId('readiness-period').getAttribute('data-met')).toBe('true')
    expect(
      await readiness.getByTestId('readiness-sub-projects').getAttribute('data-met'),
    ).toBeNull()
    await readiness.getByRole('button', { name: '开始活动（进行中）' }).click()
    const refusal = readiness.getByTestId('readiness-result')
    await refusal.waitFor({ timeout: 60_000 })
    expect(await refusal.innerText()).toMatch(/活动尚不能开始，缺少：至少一个已发布的子项目/)
    await shot('campaign-edition-opened')
    const made = (await admin.get(`/api/campaigns/${id}?depth=0`)).body
    expect(made).toMatchObject({
      name: `2026年${sourceName}`,
      year: 2026,
      status: 'draft',
      theme,
      clonedFrom: source,
    })
  })

  it('refuses a second 2026 edition on the page, naming the first', async () => {
    await page.goto(`${base}/admin/collections/campaigns/${source}`)
    const box = page.locator('[data-testid="campaign-edition"][data-hydrated]')
    await box.waitFor({ timeout: 60_000 })
    await box.locator('#edition-year').fill('2026')
    await box.getByRole('button', { name: '预览' }).click()
    const result = box.getByTestId('edition-result')
    await result.waitFor({ timeout: 60_000 })
    expect(await result.innerText()).toMatch(
      /^2026 年度已有“2026年“中国梦·大国工匠篇”大型主题宣传活动”（编号 \d+），不再重复创建 \/ the 2026 edition exists already/,
    )
    await shot('campaign-edition-refused')
  })
})
