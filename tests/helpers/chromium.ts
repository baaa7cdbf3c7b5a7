import type { Browser } from 'playwright-core'

import { existsSync } from 'node:fs'

/** Debian's Chromium (`apt-get install chromium`, as `.ci/run` does), where it is installed. */
export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate))

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
