/**
 * The built server, as a person uses it: the national office issues a partner's API key in the
 * admin (shown once; the partner's feed takes it), and a password-reset mail's link — on a
 * server started without SERVER_URL, on a port of its own — opens the admin's reset page and
 * sets the new password. Screenshots go to tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { BuiltServer } from '../helpers/builtServer'
import type { Mailbox } from '../helpers/smtp'

import {
  artifactsDir,
  freePort,
  makeDataDir,
  startBuiltServer,
  stopBuiltServer,
} from '../helpers/builtServer'
import { launchChromium, logIntoAdmin } from '../helpers/chromium'
import { startMailbox } from '../helpers/smtp'
import { e2eClient } from './client'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
  await fs.mkdir(artifactsDir, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
})

/** A new page logged into the admin at `base` as `credentials`. */
const adminPage = async ({
  base,
  credentials,
}: {
  base: string
  credentials: { email: string; password: string }
}): Promise<Page> => {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  })
  const page = await context.newPage()
  await logIntoAdmin(page, { base, ...credentials })
  return page
}

describe('a partner account’s API key, issued in the admin', () => {
  it('is shown once in the sidebar, and the partner’s feed takes it', async () => {
    const base = inject('e2eBaseUrl')
    const admin = await e2eClient()
    const campaign = (await admin.get('/api/campaigns?limit=1&depth=0')).body.docs[0].id as number
    const { body: site } = await admin.post('/api/partner-sites', {
      name: '密钥测试站',
      kind: 'union-site',
      push: { campaigns: [campaign] },
    })
    const { body: account } = await admin.post('/api/partner-accounts', {
      name: '密钥测试站接口',
      partnerSite: site.doc.id,
    })

    const page = await adminPage({ base, credentials: inject('e2eAdmin') })
    await page.goto(`${base}/admin/collections/partner-accounts/${account.doc.id}`)
    const panel = page.getByTestId('partner-account-key')
    await panel.getByRole('button', { name: '签发新密钥' }).click({ timeout: 30_000 })
    await panel.getByRole('button', { name: '确定签发' }).click()
    const shown = panel.getByTestId('new-api-key')
    await shown.waitFor({ timeout: 30_000 })
    const apiKey = (await shown.textContent())!.trim()
    expect(apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    await expect(panel.getByTestId('key-result').textContent()).resolves.toContain('只显示这一次')
    await page.screenshot({
      path: path.join(artifactsDir, 'admin-partner-account-key.png'),
      fullPage: false,
    })

    const feedStatus = async () =>
      (
        await fetch(`${base}/api/campaigns/${campaign}/feed.json`, {
          headers: { Authorization: `partner-accounts API-Key ${apiKey}` },
        })
      ).status
    expect(await feedStatus()).toBe(200)

    // The form behind the sidebar was loaded before the key was issued: saving it keeps the key.
    await page.locator('#field-name').fill('密钥测试站接口（改名）')
    await page.getByRole('button', { name: '保存' }).click()
    await page.locator('[data-sonner-toast]').first().waitFor({ timeout: 30_000 })
    await expect
      .poll(async () => (await admin.get(`/api/partner-accounts/${account.doc.id}`)).body.name, {
        timeout: 10_000,
      })
      .toBe('密钥测试站接口（改名）')
    expect(await feedStatus()).toBe(200)
    await page.context().close()
  })
})

describe('a password-reset mail, on a server without SERVER_URL on a port of its own', () => {
  const admin = { email: 'reset-e2e-admin@test.local', password: 'reset-e2e-password-1' }
  let mailbox: Mailbox
  let server: BuiltServer
  let dataDir: string

  beforeAll(async () => {
    mailbox = await startMailbox()
    dataDir = await makeDataDir('wangju-e2e-reset-')
    server = await startBuiltServer({
      dataDir,
      port: await freePort(),
      admin,
      env: {
        ...mailbox.env,
        SERVER_URL: '',
        HOST: '',
        CSRF_ORIGINS: '',
        CORS_ORIGINS: '',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
      },
    })
  }, 300_000)

  afterAll(async () => {
    if (server) {
      await stopBuiltServer(server.child).catch(() => null)
    }
    await mailbox?.close()
    if (dataDir) {
      await fs.rm(dataDir, { recursive: true, force: true })
    }
  }, 120_000)

  it('links, absolutely, to the admin’s reset page, which sets the new password', async () => {
    expect(new URL(server.base).port).not.toBe('3000')
    const res = await fetch(`${server.base}/api/users/forgot-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email }),
    })
    expect(res.status).toBe(200)
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes(admin.email), 60_000)
    const link = /href="([^"]+)"/.exec(String(mail.html))?.[1]
    expect(link).toMatch(new RegExp(`^${server.base}/admin/reset/[0-9a-f]+$`))

    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    })
    const page = await context.newPage()
    expect((await page.goto(link!))?.status()).toBe(200)
    // Typed into before the page's script has taken over the form, the fields are reset and the
    // button submits nothing; a person's first keystroke comes later.
    await page.waitForLoadState('networkidle', { timeout: 30_000 })
    await page.locator('#field-password').fill('reset-e2e-password-2')
    await page.locator('#field-confirm-password').fill('reset-e2e-password-2')
    await page.screenshot({
      path: path.join(artifactsDir, 'admin-reset-password.png'),
      fullPage: false,
    })
    await page.getByRole('button', { name: '重置密码' }).click()
    await page.waitForURL((url) => !url.pathname.includes('/reset/'), { timeout: 60_000 })
    await page.screenshot({
      path: path.join(artifactsDir, 'admin-reset-password-done.png'),
      fullPage: false,
    })
    await context.close()

    const login = await fetch(`${server.base}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: 'reset-e2e-password-2' }),
    })
    expect(login.status).toBe(200)
  }, 180_000)
})
