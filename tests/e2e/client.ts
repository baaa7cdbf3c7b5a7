import type { Browser, Page } from 'playwright-core'

import fs from 'node:fs/promises'

import { inject } from 'vitest'

import type { Api } from '../helpers/api'

import { apiClient } from '../helpers/api'
import { artifactsDir } from '../helpers/builtServer'
import { launchChromium } from '../helpers/chromium'

/** Who a request is sent as. */
export type Caller = 'admin' | 'anonymous'

/**
 * A REST/GraphQL client for the e2e run's built server (tests/helpers/api.ts), as its first admin
 * (the run's one token: no login of its own) or anonymous. `headers` go with every request (e.g.
 * `accept-language`).
 */
export const e2eClient = ({
  as = 'admin',
  headers = {},
}: { as?: Caller; headers?: Record<string, string> } = {}): Promise<Api> =>
  apiClient(inject('e2eBaseUrl'), null, {
    ...headers,
    ...(as === 'admin' ? { Authorization: `JWT ${inject('e2eAdminToken')}` } : {}),
  })

/**
 * Chromium with one page signed into the built server's admin as the run's first admin, at a PC
 * window's size, in Chinese; screenshots' folder made. Signed in with the run's token as the
 * admin's session cookie, not through the login form: the account's logins are rate-limited
 * (10 in 5 minutes) and the files that test the form itself need them. Close `browser` after.
 */
export const openAdminPage = async (): Promise<{ browser: Browser; page: Page }> => {
  const base = inject('e2eBaseUrl')
  const browser = await launchChromium()
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  })
  await context.addCookies([
    {
      name: 'payload-token',
      value: inject('e2eAdminToken'),
      url: base,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ])
  const page = await context.newPage()
  await page.goto(`${base}/admin`)
  await page.waitForURL((url) => !url.pathname.startsWith('/admin/login'), { timeout: 90_000 })
  await fs.mkdir(artifactsDir, { recursive: true })
  return { browser, page }
}
