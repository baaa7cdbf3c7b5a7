/**
 * `npm run smoke`: the built production server, end to end, as a newcomer meets it.
 *
 * Starts `npm start` on a fresh data folder, checks /readyz, the Chinese admin login (in
 * Chromium when it is installed, with the coverage tab, a unit editor's admin and the push
 * admin), REST login, /api/users/me and a GraphQL query; stops it
 * with SIGINT and checks that no PostgreSQL is left; starts it again and checks the data kept.
 */
import type { ChildProcess } from 'node:child_process'
import type { Browser, Page } from 'playwright-core'

import fs from 'node:fs/promises'
import path from 'node:path'

import {
  artifactsDir as artifacts,
  freePort,
  makeDataDir,
  postgresProcessesFor,
  startBuiltServer,
  stopBuiltServer,
} from '../helpers/builtServer'
import { chromiumPath, launchChromium, logIntoAdmin } from '../helpers/chromium'
import { checkPushAdmin } from './pushAdmin'

const admin = { email: 'smoke@test.local', password: 'smoke-test-password-1' }

const step = (msg: string) => process.stdout.write(`smoke: ${msg}\n`)

const fail = (msg: string): never => {
  throw new Error(`smoke: ${msg}`)
}

const startServer = async ({ dataDir, port }: { dataDir: string; port: number }) => {
  const started = Date.now()
  const server = await startBuiltServer({
    dataDir,
    port,
    admin,
    // The push check's receiver listens on loopback.
    env: { OUTBOUND_ALLOW_LIST: '127.0.0.1' },
  })
  step(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return server
}

const stopServer = async (child: ChildProcess) => {
  const code = await stopBuiltServer(child)
  if (code !== 0) {
    fail(`server exited with ${code} after SIGINT`)
  }
}

const expectStatus = async (res: Response, expected: number, what: string) => {
  if (res.status !== expected) {
    fail(`${what}: expected ${expected}, got ${res.status}: ${(await res.text()).slice(0, 500)}`)
  }
}

const checkApi = async (base: string) => {
  const admin200 = await fetch(`${base}/admin`)
  await expectStatus(admin200, 200, 'GET /admin')

  const login = await fetch(`${base}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  await expectStatus(login, 200, 'POST /api/users/login')
  const { token } = (await login.json()) as { token: string }

  const me = await fetch(`${base}/api/users/me`, { headers: { Authorization: `JWT ${token}` } })
  await expectStatus(me, 200, 'GET /api/users/me')
  const { user } = (await me.json()) as { user: { email: string } | null }
  if (user?.email !== admin.email) {
    fail(`/api/users/me returned ${JSON.stringify(user)}`)
  }

  const gql = await fetch(`${base}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', Authorization: `JWT ${token}` },
    body: JSON.stringify({ query: '{ Users { totalDocs docs { email role } } }' }),
  })
  await expectStatus(gql, 200, 'POST /api/graphql')
  const body = (await gql.json()) as {
    data?: { Users: { docs: { email: string; role: string }[] } }
  }
  if (!body.data?.Users.docs.some((u) => u.email === admin.email && u.role === 'admin')) {
    fail(`GraphQL answered ${JSON.stringify(body)}`)
  }
  step('REST login, /api/users/me and GraphQL answer')
  return token
}

/** Collections the demo data fills, with the heading their list view shows. */
const collectionHeadings: [string, string][] = [
  ['campaigns', '主题活动'],
  ['notices', '通知'],
  ['sub-projects', '子项目'],
  ['quotas', '任务分解表'],
  ['partner-sites', '参与网站'],
  ['organizers', '单位'],
  ['contacts', '联系人'],
]

/** The admin in a real browser: Chinese login page, sign in, dashboard. */
const checkAdminInBrowser = async (base: string, token: string) => {
  if (!chromiumPath) {
    if (process.env.CI) {
      fail('Chromium is not installed (apt-get install chromium)')
    }
    step('Chromium not installed: browser check skipped')
    return
  }
  const browser = await launchChromium()
  try {
    // An English browser still gets the Chinese admin by default.
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
    await page.goto(`${base}/admin/login`)
    await page.getByRole('button', { name: '登录' }).waitFor({ timeout: 60_000 })
    await fs.mkdir(artifacts, { recursive: true })
    await page.screenshot({ path: path.join(artifacts, 'admin-login.png') })
    await logIntoAdmin(page, { base, ...admin })
    await page.getByText('用户').first().waitFor({ timeout: 60_000 })
    await page.screenshot({ path: path.join(artifacts, 'admin-dashboard.png') })
    // The admin's dashboard links every collection (the editor check below relies on these links).
    for (const label of ['主题活动', '任务分解表', '用户', '后台任务']) {
      if ((await page.getByRole('link', { name: label, exact: true }).count()) === 0) {
        fail(`the admin's dashboard has no link to ${label}`)
      }
    }
    // Every domain collection opens in the admin with the demo data in it.
    for (const [slug, heading] of collectionHeadings) {
      await page.goto(`${base}/admin/collections/${slug}`)
      await page.getByRole('heading', { name: heading }).first().waitFor({ timeout: 60_000 })
      await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 })
      // Relationship cells say 加载中 until their titles arrive.
      await page.getByText('加载中').first().waitFor({ state: 'detached', timeout: 30_000 })
      await page.screenshot({ path: path.join(artifacts, `admin-${slug}.png`), fullPage: true })
    }
    step(
      'admin login in Chromium works, in Chinese, and lists the demo data (screenshots in tests/.artifacts)',
    )
    await checkCoverageView({ base, token, page })
    await checkUnitEditorView({ base, token, browser })
    await checkPushAdmin({ base, token, browser, artifacts, step, fail, admin })
  } finally {
    await browser.close()
  }
}

/** The four-unifications coverage tab of the 2016 national campaign, with the seed's 22 sites. */
const checkCoverageView = async ({
  base,
  token,
  page,
}: {
  base: string
  token: string
  page: Page
}) => {
  const res = await fetch(
    `${base}/api/campaigns?where[label][equals]=${encodeURIComponent('中国梦·大国工匠篇')}`,
    {
      headers: { Authorization: `JWT ${token}` },
    },
  )
  const campaignId =
    ((await res.json()) as { docs: { id: number }[] }).docs[0]?.id ??
    fail('seeded 2016 campaign not found')
  await page.goto(`${base}/admin/collections/campaigns/${campaignId}/coverage`)
  const view = page.getByTestId('coverage-view')
  await view.waitFor({ timeout: 60_000 })
  const text = await view.innerText()
  if (
    !text.includes('参与网站 22 家') ||
    !text.includes('人民网') ||
    !text.includes('四个统一合规情况')
  ) {
    fail(`coverage view shows: ${text.slice(0, 300)}`)
  }
  await page.screenshot({
    path: path.join(artifacts, 'admin-campaign-coverage.png'),
    fullPage: true,
  })
  step('the campaign’s coverage tab lists the 22 participating sites and the compliance summary')
}

/** A county editor's admin shows the collections it works with and nothing else. */
const checkUnitEditorView = async ({
  base,
  token,
  browser,
}: {
  base: string
  token: string
  browser: Browser
}) => {
  const headers = { 'content-type': 'application/json', Authorization: `JWT ${token}` }
  const unit = await fetch(
    `${base}/api/organizers?where[name][equals]=${encodeURIComponent('尧都区总工会')}`,
    { headers },
  )
  const unitId =
    ((await unit.json()) as { docs: { id: number }[] }).docs[0]?.id ??
    fail('seeded 尧都区总工会 not found')
  const editor = { email: 'yaodu-editor@test.local', password: 'smoke-editor-password-1' }
  const created = await fetch(`${base}/api/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...editor, role: 'unit-editor', organizer: unitId, name: '尧都区编辑' }),
  })
  await expectStatus(created, 201, 'POST /api/users (unit editor)')
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
  })
  const page = await context.newPage()
  await logIntoAdmin(page, { base, ...editor })
  await page.getByText('作品').first().waitFor({ timeout: 60_000 })
  await page.screenshot({ path: path.join(artifacts, 'admin-unit-editor-dashboard.png') })
  for (const hidden of ['主题活动', '任务分解表', '用户', '后台任务', '参与网站账号']) {
    if ((await page.getByRole('link', { name: hidden, exact: true }).count()) > 0) {
      fail(`a unit editor's admin shows ${hidden}`)
    }
  }
  await context.close()
  step('a county editor’s admin shows only what it works with')
}

const main = async () => {
  const dataDir = await makeDataDir('wangju-smoke-')
  try {
    const port = await freePort()
    step(`first start on a fresh data folder (${dataDir})`)
    const first = await startServer({ dataDir, port })
    const token = await checkApi(first.base)
    await checkAdminInBrowser(first.base, token)

    await stopServer(first.child)
    const left = postgresProcessesFor(dataDir)
    if (left.length) {
      fail(`PostgreSQL still running after SIGINT:\n${left.join('\n')}`)
    }
    step('SIGINT stopped the server and its PostgreSQL')

    const second = await startServer({ dataDir, port })
    if (/first admin created/i.test(second.output())) {
      fail('second start created the first admin again: data was not kept')
    }
    await checkApi(second.base)
    await stopServer(second.child)
    step('second start kept the data')
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true })
  }
}

main().then(
  () => step('passed'),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  },
)
