/**
 * 设置向导 from an empty database: a built server of its own with no demo data; the national office
 * enters the two units it needs in the directory (REST), then, in Chromium, creates Linfen's
 * campaign from the 新建 form and sets it up with the wizard alone — no earlier campaign to take a
 * call from, so the call is new — until it opens. Screenshot: tests/.artifacts/campaign-setup-empty-opened.png.
 */
import type { Browser, Page } from 'playwright-core'

import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { BuiltServer } from '../helpers/builtServer'

import {
  artifactsDir,
  freePort,
  loginToken,
  makeDataDir,
  startBuiltServer,
  stopBuiltServer,
} from '../helpers/builtServer'
import { launchChromium, logIntoAdmin } from '../helpers/chromium'

const admin = { email: 'office@empty.example.org', password: 'empty-db-admin-password-1' }
const name = '2021年临汾市“网聚职工正能量 争做中国好网民”主题活动'

let server: BuiltServer
let dataDir: string
let browser: Browser
let page: Page
let token: string

const rest = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${server.base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

beforeAll(async () => {
  dataDir = await makeDataDir('wangju-empty-')
  server = await startBuiltServer({
    dataDir,
    port: await freePort(),
    admin,
    env: { SEED_DEMO: 'false' },
  })
  token = await loginToken({ base: server.base, credentials: admin })
  browser = await launchChromium()
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  })
  page = await context.newPage()
  await logIntoAdmin(page, { base: server.base, ...admin })
  await fs.mkdir(artifactsDir, { recursive: true })
}, 420_000)

afterAll(async () => {
  await browser?.close()
  if (server) {
    await stopBuiltServer(server.child)
  }
  if (dataDir) {
    await fs.rm(dataDir, { recursive: true, force: true })
  }
})

const wizard = () => page.locator('[data-testid="campaign-setup"][data-hydrated]')
const result = () => wizard().getByTestId('setup-result')
const saveAndExpect = async (button: string, expected: RegExp) => {
  await wizard().getByRole('button', { name: button }).click()
  await expect
    .poll(async () => (await result().isVisible()) && (await result().innerText()), {
      timeout: 60_000,
    })
    .toMatch(expected)
}

describe('设置向导 on an empty database', () => {
  it('takes a campaign from nothing to 进行中', async () => {
    expect((await rest('GET', '/api/campaigns?limit=1')).body.totalDocs).toBe(0)
    const linfen = await rest('POST', '/api/organizers', {
      name: '临汾市总工会',
      kind: 'federation',
      level: 'city',
    })
    expect(linfen.status, JSON.stringify(linfen.body)).toBe(201)
    const yaodu = await rest('POST', '/api/organizers', {
      name: '尧都区总工会',
      kind: 'federation',
      level: 'county',
      parent: linfen.body.doc.id,
    })
    expect(yaodu.status, JSON.stringify(yaodu.body)).toBe(201)

    await page.goto(`${server.base}/admin/collections/campaigns/create`)
    await page.locator('#field-name').fill(name)
    await page.locator('#field-year').fill('2021')
    await page.getByRole('button', { name: '保存' }).first().click()
    await page.waitForURL(/\/admin\/collections\/campaigns\/\d+$/, { timeout: 60_000 })
    const id = Number(/campaigns\/(\d+)$/.exec(page.url())![1])
    await page.goto(`${server.base}/admin/collections/campaigns/${id}/setup`)

    const basics = wizard().getByTestId('setup-card-basics')
    await basics.waitFor({ timeout: 60_000 })
    await basics.locator('#setup-start').fill('2021-06-01')
    await basics.locator('#setup-end').fill('2021-11-30')
    await basics.locator('#setup-hosts').selectOption({ label: '临汾市总工会' })
    await saveAndExpect('保存并下一步', /^已保存/)

    await wizard().getByTestId('setup-card-phases').waitFor({ timeout: 60_000 })
    await wizard().getByRole('button', { name: '下一步' }).click()

    const calls = wizard().getByTestId('setup-card-calls')
    await calls.waitFor({ timeout: 60_000 })
    // No earlier campaign: nothing to take as a template.
    expect(await calls.locator('#setup-template option').count()).toBe(1)
    await calls.locator('#setup-call-name').fill('网络正能量摄影作品征集')
    await calls.locator('#setup-call-kind').selectOption('photography')
    await calls.locator('#setup-call-deadline').fill('2021-09-15')
    // Without its kinds of work the call is refused on the page.
    await calls.getByRole('button', { name: '添加子项目' }).click()
    await calls.getByText('请填写子项目名称、作品类型和截止日期').waitFor({ timeout: 30_000 })
    await calls.getByRole('group', { name: '作品类型' }).getByLabel('图片').check()
    await saveAndExpect('添加子项目', /^已添加子项目“网络正能量摄影作品征集”/)
    await wizard().getByRole('button', { name: '下一步' }).click()

    const participants = wizard().getByTestId('setup-participants')
    await participants.waitFor({ timeout: 60_000 })
    await participants.getByLabel('尧都区总工会', { exact: true }).check()
    await saveAndExpect('保存并下一步', /^已保存/)

    await wizard().getByTestId('setup-step-review').click()
    await wizard().getByTestId('setup-readiness').waitFor({ timeout: 60_000 })
    await saveAndExpect('开始活动（进行中）', /^活动已开始（进行中）/)
    await wizard().getByTestId('setup-open').waitFor({ timeout: 60_000 })
    await page.screenshot({
      path: path.join(artifactsDir, 'campaign-setup-empty-opened.png'),
      fullPage: true,
    })
    const opened = (await rest('GET', `/api/campaigns/${id}?depth=0`)).body
    expect(opened).toMatchObject({
      name,
      status: 'active',
      hosts: [linfen.body.doc.id],
      participants: [yaodu.body.doc.id],
    })
    const call = (await rest('GET', `/api/sub-projects?where[campaign][equals]=${id}&depth=0`)).body
      .docs[0]
    expect(call).toMatchObject({
      name: '网络正能量摄影作品征集',
      kind: 'photography',
      _status: 'published',
      spec: { mediaKinds: ['image'] },
    })
  }, 300_000)
})
