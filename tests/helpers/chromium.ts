import type { Browser, Page } from 'playwright-core'

import { existsSync } from 'node:fs'

/** Debian's Chromium (`apt-get install chromium`, as `.ci/run` does), where it is installed. */
export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) =>
  existsSync(candidate),
)

/**
 * Headless, sandbox off (containers run as root), nothing that calls out to the network or
 * writes outside the run. Playwright starts every launch on a fresh `--user-data-dir` of its own
 * and removes it on close (it refuses one passed in `args`), so no run sees another's profile.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches Chromium; throws with what to do when it is not installed. */
export const launchChromium = async (): Promise<Browser> => {
  if (!chromiumPath) {
    throw new Error(
      'Chromium is not installed (looked for /usr/bin/chromium and /usr/bin/chromium-browser): ' +
        '`apt-get install chromium fonts-noto-cjk`, which `.ci/run` does on a fresh machine.',
    )
  }
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs })
}

/**
 * Logs `page` into the admin at `base`. Typed into before the page's script has taken over the
 * form, the fields are reset and the button sends nothing (a person's first keystroke comes
 * later): the fields are typed into again while they come back empty, and a sent login is waited
 * for as long as `timeoutMs` allows (a busy machine is slow to answer).
 */
export const logIntoAdmin = async (
  page: Page,
  {
    base,
    email,
    password,
    timeoutMs = 90_000,
  }: { base: string; email: string; password: string; timeoutMs?: number },
) => {
  const deadline = Date.now() + timeoutMs
  await page.goto(`${base}/admin/login`)
  await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined)
  const isLoggedIn = /\/admin\/?$/
  const email_ = page.locator('#field-email')
  for (;;) {
    // Gone (the page is navigating) counts as typed.
    if ((await email_.inputValue({ timeout: 5_000 }).catch(() => email)) !== email) {
      await email_.fill(email)
      await page.locator('#field-password').fill(password)
      await page.getByRole('button', { name: '登录' }).click()
    }
    const left = deadline - Date.now()
    if (left <= 0) {
      throw new Error(
        `not logged into the admin at ${base} as ${email} within ${timeoutMs} ms (still at ${page.url()})`,
      )
    }
    const arrived = await page.waitForURL(isLoggedIn, { timeout: Math.min(left, 10_000) }).then(
      () => true,
      () => false,
    )
    if (arrived) {
      return
    }
  }
}
