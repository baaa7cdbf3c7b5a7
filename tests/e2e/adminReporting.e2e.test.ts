/**
 * The admin in Chromium, against the built server, in Chinese: an entry's array rows and buttons
 * carry Chinese labels (作者 01, 添加作者; "Author 01", "添加 Author" before), and the sub-project
 * picker names each call's campaign, so a year's 网络正能量诵读作品征集 is told from another's;
 * a campaign's 报送进度 tab shows the progress matrix and previews a task-table file, listing its
 * problems before anything is saved. Screenshots go to tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { artifactsDir } from '../helpers/builtServer'
import { launchChromium, logIntoAdmin } from '../helpers/chromium'
import { e2eClient } from './client'

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  })
  page = await context.newPage()
  const { email, password } = inject('e2eAdmin')
  await logIntoAdmin(page, { base: inject('e2eBaseUrl'), email, password })
  await fs.mkdir(artifactsDir, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
})

describe('the admin in Chinese', () => {
  it('labels an entry’s authors in Chinese and names the campaign in the sub-project picker', async () => {
    await page.goto(`${inject('e2eBaseUrl')}/admin/collections/entries/create`)
    const addAuthor = page.getByRole('button', { name: /添加\s*作者/ }).first()
    await addAuthor.waitFor({ timeout: 60_000 })
    await addAuthor.click()
    await page
      .getByText(/作者\s*01/)
      .first()
      .waitFor({ timeout: 30_000 })
    const form = await page.locator('form').first().innerText()
    expect(form).not.toMatch(/Author|Attachment|Platform|Deadline|Propagandist/)

    // The picker lists Linfen 2020's call by its name and campaign.
    await page.locator('#field-subProject').click()
    await page.keyboard.type('诵读')
    const option = page
      .locator('.rs__option')
      .filter({ hasText: '网络正能量诵读作品征集（2020年临汾市' })
    await option.first().waitFor({ timeout: 30_000 })
    await page.screenshot({
      path: path.join(artifactsDir, 'admin-entry-labels.png'),
      fullPage: false,
    })
    expect(await option.count()).toBe(1)
  })

  it('shows a campaign’s progress and previews a task table with its problems, saving nothing', async () => {
    const admin = await e2eClient()
    const { docs } = (
      await admin.get(`/api/campaigns?where[year][equals]=2020&where[name][like]=临汾&depth=0`)
    ).body
    const linfen = docs[0]
    const quotasBefore = (
      await admin.get(`/api/quotas?where[campaign][equals]=${linfen.id}&limit=0`)
    ).body.totalDocs
    await page.goto(`${inject('e2eBaseUrl')}/admin/collections/campaigns/${linfen.id}/progress`)
    const view = page.getByTestId('progress-view')
    await view.waitFor({ timeout: 60_000 })
    await expect(view.innerText()).resolves.toContain('尧都区总工会')
    await expect(view.innerText()).resolves.toContain('网络正能量微视频征集')

    const csv =
      '\ufeff序号,单位,线下活动,网络正能量微视频征集\n1,尧都区总工会,1,2\n2,临汾市不存在区总工会,1,1\n'
    await page.locator('[data-testid="task-table-import"] input[type="file"]').setInputFiles({
      name: '任务分解表.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    const alert = page.locator('[data-testid="task-table-import"] [role="alert"]')
    await alert.waitFor({ timeout: 30_000 })
    await expect(alert.innerText()).resolves.toContain('临汾市不存在区总工会')
    await expect(page.getByRole('button', { name: '导入 / Import' }).isDisabled()).resolves.toBe(
      true,
    )
    await alert.scrollIntoViewIfNeeded()
    await page.screenshot({
      path: path.join(artifactsDir, 'admin-progress-task-table.png'),
      fullPage: false,
    })
    const quotasAfter = (
      await admin.get(`/api/quotas?where[campaign][equals]=${linfen.id}&limit=0`)
    ).body.totalDocs
    expect(quotasAfter).toBe(quotasBefore)
  })
})
