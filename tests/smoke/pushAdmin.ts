/**
 * The partner-push admin in the built server, in Chromium: a partner site's 推送操作 (rotate the
 * secret, pause, resume), a delivery's 重新发送 reaching a real local receiver again under the
 * same webhook-id, the delivery list's 重放 form; and a partner pulling the feed with its key
 * (the Express fast path in front of Next).
 */
import type { Browser, Page } from 'playwright-core'

import { createServer } from 'node:http'
import path from 'node:path'

import { Webhook } from 'standardwebhooks'

import { logIntoAdmin } from '../helpers/chromium'

type Check = {
  base: string
  token: string
  browser: Browser
  artifacts: string
  step: (msg: string) => void
  fail: (msg: string) => never
}

type Received = { webhookId: string; verified: boolean }

/** A partner's receiver on a free loopback port; verifies each push once it knows the secret. */
const startReceiver = async () => {
  const received: Received[] = []
  let secret: string | null = null
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += String(chunk)))
    req.on('end', () => {
      let verified = false
      try {
        new Webhook(secret!).verify(body, req.headers as Record<string, string>)
        verified = true
      } catch {
        verified = false
      }
      received.push({ webhookId: String(req.headers['webhook-id']), verified })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/hooks/wangju`,
    received,
    setSecret: (value: string) => (secret = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const waitFor = async <T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  fail: Check['fail'],
  timeoutMs = 60_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value !== undefined) {
      return value
    }
    if (Date.now() > deadline) {
      fail(`timed out waiting for ${what}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
}

const login = async (page: Page, base: string, email: string, password: string) => {
  await logIntoAdmin(page, { base, email, password })
}

export const checkPushAdmin = async ({
  base,
  token,
  browser,
  artifacts,
  step,
  fail,
  admin,
}: Check & { admin: { email: string; password: string } }) => {
  const headers = { 'content-type': 'application/json', Authorization: `JWT ${token}` }
  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await res.json().catch(() => ({}))) as T
    if (!res.ok) {
      fail(`${method} /api${url}: ${res.status} ${JSON.stringify(json).slice(0, 400)}`)
    }
    return json
  }
  const receiver = await startReceiver()
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  })
  try {
    // A seeded sub-project (子项目) whose works are text (an activity case) and its campaign.
    const subProject =
      (
        await api<{ docs: { id: number; campaign: number }[] }>(
          'GET',
          '/sub-projects?where[_status][equals]=published&where[kind][equals]=activity-case&depth=0&limit=1',
        )
      ).docs[0] ?? fail('no published sub-project in the demo data')
    const campaign = { id: subProject.campaign }
    const site =
      (
        await api<{ docs: { id: number; name: string }[] }>(
          'GET',
          `/partner-sites?where[name][equals]=${encodeURIComponent('中工网')}&depth=0`,
        )
      ).docs[0] ?? fail('seeded 中工网 not found')
    await api('PATCH', `/partner-sites/${site.id}`, {
      push: { status: 'active', endpointURL: receiver.url, campaigns: [campaign.id] },
    })

    const page = await context.newPage()
    await login(page, base, admin.email, admin.password)

    // Rotate: the new secret is shown once, and it is the one pushes are signed with.
    await page.goto(`${base}/admin/collections/partner-sites/${site.id}`)
    // The buttons answer once hydrated (after each reload the actions trigger, too).
    const actions = page.locator('[data-testid="partner-site-actions"][data-hydrated]')
    await actions.waitFor({ timeout: 60_000 })
    await actions.getByRole('button', { name: '更换签名密钥' }).click()
    await actions.getByRole('button', { name: '确定更换' }).click()
    const secret = (await page.getByTestId('new-secret').innerText({ timeout: 30_000 })).trim()
    if (!/^whsec_[A-Za-z0-9+/=]+$/.test(secret)) {
      fail(`the rotated secret looks like ${secret}`)
    }
    receiver.setSecret(secret)
    await page.screenshot({
      path: path.join(artifacts, 'admin-partner-site-rotated.png'),
      fullPage: true,
    })

    // Pause, then resume, from the buttons; the stored status follows.
    const storedStatus = async () =>
      (await api<{ push: { status: string } }>('GET', `/partner-sites/${site.id}?depth=0`)).push
        .status
    await actions.getByRole('button', { name: '暂停推送' }).click()
    await waitFor(
      'the site to be paused',
      async () => ((await storedStatus()) === 'paused' ? true : undefined),
      fail,
    )
    await actions.getByText('当前状态：暂停').waitFor({ timeout: 30_000 })
    await actions.getByRole('button', { name: '恢复推送' }).click()
    await waitFor(
      'the site to be active',
      async () => ((await storedStatus()) === 'active' ? true : undefined),
      fail,
    )
    await actions.getByText('当前状态：接收推送').waitFor({ timeout: 30_000 })
    step('a partner site’s 推送操作 rotate the secret (shown once) and pause and resume pushes')

    // A work selected as 精品 is pushed to the receiver, signed with the new secret.
    const unit =
      (
        await api<{ docs: { id: number }[] }>(
          'GET',
          `/organizers?where[name][equals]=${encodeURIComponent('尧都区总工会')}&depth=0`,
        )
      ).docs[0] ?? fail('seeded 尧都区总工会 not found')
    const { doc: entry } = await api<{ doc: { id: number } }>('POST', '/entries', {
      title: '焊花里的青春',
      subProject: subProject.id,
      submittingUnit: unit.id,
      status: 'published',
      text: '三十年如一日，他在焊花里守着一份初心。',
      authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
    })
    await api('PATCH', `/entries/${entry.id}`, { bestWork: { status: 'selected' } })
    const first = await waitFor('the push to reach the receiver', () => receiver.received[0], fail)
    if (!first.verified) {
      fail('the push did not verify with the rotated secret')
    }

    // The work's 推送进度 bar: one partner, delivered (re-read while under way).
    await page.goto(`${base}/admin/collections/entries/${entry.id}`)
    const progress = page.getByTestId('push-progress')
    await progress.getByText('已送达 1').waitFor({ timeout: 30_000 })
    // The sidebar scrolls on its own: a full-page shot would cut it at the viewport's height.
    await progress.scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(artifacts, 'admin-entry-push-progress.png') })

    // 重新发送 from the delivery's page: the same message again.
    const delivery = await waitFor(
      'the delivery to be delivered',
      async () =>
        (
          await api<{ docs: { id: number; state: string }[] }>(
            'GET',
            `/deliveries?where[entry][equals]=${entry.id}&where[partnerSite][equals]=${site.id}&depth=0`,
          )
        ).docs.find((d) => d.state === 'delivered'),
      fail,
    )
    await page.goto(`${base}/admin/collections/deliveries/${delivery.id}`)
    const deliveryActions = page.locator('[data-testid="delivery-actions"][data-hydrated]')
    await deliveryActions.getByRole('button', { name: '重新发送' }).click()
    await deliveryActions
      .getByTestId('action-result')
      .getByText('已重新排队')
      .waitFor({ timeout: 30_000 })
    await page.screenshot({
      path: path.join(artifacts, 'admin-delivery-resent.png'),
      fullPage: true,
    })
    const again = await waitFor('the resent push', () => receiver.received[1], fail)
    if (again.webhookId !== first.webhookId || !again.verified) {
      fail(`the resend came as ${JSON.stringify(again)}, the first as ${JSON.stringify(first)}`)
    }
    step('a delivery’s 重新发送 reaches the receiver again, same webhook-id, verified')

    // The list's replay form: nothing has finally failed, so nothing is replayed.
    await page.goto(`${base}/admin/collections/deliveries`)
    const replay = page.locator('[data-testid="replay-failed"][data-hydrated]')
    await replay.getByRole('button', { name: '重放' }).click()
    await replay.getByTestId('action-result').getByText('已重放 0 条').waitFor({ timeout: 30_000 })
    await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 })
    await page.getByText('加载中').first().waitFor({ state: 'detached', timeout: 30_000 })
    await page.screenshot({
      path: path.join(artifacts, 'admin-deliveries-replay.png'),
      fullPage: true,
    })
    step('the delivery list’s 重放 form answers')

    // The partner pulls the campaign's feed with its key: served in front of Next, 304 on repeat.
    const apiKey = `smoke-partner-key-${Date.now()}`
    await api('POST', '/partner-accounts', {
      name: '中工网接口',
      partnerSite: site.id,
      enableAPIKey: true,
      apiKey,
    })
    const feedUrl = `${base}/api/campaigns/${campaign.id}/feed.json`
    const partnerHeaders = { Authorization: `partner-accounts API-Key ${apiKey}` }
    const feed = await fetch(feedUrl, { headers: partnerHeaders })
    const page1 = (await feed.json()) as { items?: { id: string }[] }
    if (
      feed.status !== 200 ||
      !page1.items?.some((item) => item.id === `urn:wangju:entry:${entry.id}`)
    ) {
      fail(`feed.json answered ${feed.status}: ${JSON.stringify(page1).slice(0, 300)}`)
    }
    const repeat = await fetch(feedUrl, {
      headers: { ...partnerHeaders, 'If-None-Match': feed.headers.get('etag')! },
    })
    if (repeat.status !== 304) {
      fail(`a repeat with the ETag answered ${repeat.status}`)
    }
    const anonymous = await fetch(feedUrl)
    if (anonymous.status !== 401) {
      fail(`the feed without a key answered ${anonymous.status}`)
    }
    step('a partner pulls the feed with its key (200, then 304 with the ETag; 401 without a key)')
  } finally {
    await context.close()
    await receiver.close()
  }
}
