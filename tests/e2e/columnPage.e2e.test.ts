/**
 * The reference column page (`/columns/:id`, src/columns/page) against the built server, on the
 * demo data's published 2016 大国工匠篇 column of 中华全国总工会 on PC: given a banner and a video
 * work whose labelled copy (the campaign's intro clip in front) a job makes, the page reads
 * without JavaScript — the label in the title, the sections' items, the video playing the labelled
 * copy, the approved comments and the comment form — answers 304 to its ETag, and 404 for a
 * draft or unknown column. In Chromium at PC and mobile widths: full-page screenshots in
 * tests/.artifacts/, nothing wider than the window, and no serious or critical axe-core finding.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'

import axe from 'axe-core'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { artifactsDir } from '../helpers/builtServer'
import { launchChromium } from '../helpers/chromium'
import { waitUntil } from '../helpers/wait'
import { e2eClient } from './client'

const label = '中国梦·大国工匠篇'
const videoTitle = '焊花里的青春'
const seededComment = '向坚守一线的大国工匠致敬！精益求精的工匠精神值得我们每个人学习。'

let browser: Browser
let admin: Api
let base: string
let token: string
let column: { id: number; title: string; campaign: number; unit: number }
let pulled: {
  title: string
  sections: { title: string | null; items: { title: string; labelledUrl?: string | null }[] }[]
}
let labelledUrl: string

/** A file uploaded as the national office's staff does. */
const upload = async (data: Buffer, name: string, type: string, alt: string) => {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type }), name)
  form.append('_payload', JSON.stringify({ alt }))
  const res = await fetch(`${base}/api/media`, {
    method: 'POST',
    headers: { Authorization: `JWT ${token}` },
    body: form,
  })
  const body = (await res.json()) as { doc: { id: number } }
  expect(res.status, JSON.stringify(body)).toBe(201)
  return Number(body.doc.id)
}

const created = async (path_: string, data: unknown) => {
  const { status, body } = await admin.post(path_, data)
  expect(status, JSON.stringify(body)).toBe(201)
  return Number(body.doc.id)
}

const pageUrl = (id: number, query = '') => `${base}/columns/${id}${query}`

beforeAll(async () => {
  base = inject('e2eBaseUrl')
  token = inject('e2eAdminToken')
  admin = await e2eClient()
  const found = await admin.get(
    `/api/columns?where[title][contains]=${encodeURIComponent('大国工匠篇')}&where[channel][equals]=pc&where[_status][equals]=published&depth=0&limit=1`,
  )
  const doc = found.body.docs[0]
  expect(doc, 'the demo data’s published 大国工匠篇 column on PC').toBeTruthy()
  column = { id: Number(doc.id), title: doc.title, campaign: doc.campaign, unit: doc.unit }

  // A banner for the column, and a video work of its campaign with the campaign's intro clip.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="400"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#b3261e"/><stop offset="1" stop-color="#f2a33a"/></linearGradient></defs><rect width="1600" height="400" fill="url(#g)"/><circle cx="1300" cy="200" r="140" fill="#ffd86b" opacity=".7"/></svg>`
  const banner = await upload(
    await sharp(Buffer.from(svg)).png().toBuffer(),
    'craftsmen-banner.png',
    'image/png',
    '大国工匠篇专栏题图：工匠精神',
  )
  const patched = await admin.patch(`/api/columns/${column.id}`, {
    banner,
    _status: 'published',
  })
  expect(patched.status, JSON.stringify(patched.body)).toBe(200)
  // With a sound track: the intro job fails on a mute intro clip in front of a work with sound
  // (ffmpeg: "Invalid file index 2 in filtergraph", plugins/unified-campaign/utilities/intro.ts).
  const intro = await upload(
    await fs.readFile(
      await makeVideo({ seconds: 1, withSubtitles: false, size: '320x180', frameRate: 5 }),
    ),
    'intro.mp4',
    'video/mp4',
    '片头',
  )
  const video = await upload(
    await fs.readFile(
      await makeVideo({ seconds: 2, withSubtitles: false, size: '320x180', frameRate: 5 }),
    ),
    'weld.mp4',
    'video/mp4',
    videoTitle,
  )
  const campaignPatched = await admin.patch(`/api/campaigns/${column.campaign}`, {
    introClip: intro,
  })
  expect(campaignPatched.status, JSON.stringify(campaignPatched.body)).toBe(200)
  const subProject = await created('/api/sub-projects', {
    campaign: column.campaign,
    name: '大国工匠微视频',
    kind: 'micro-video',
    _status: 'published',
  })
  await created('/api/entries', {
    title: videoTitle,
    subProject,
    status: 'published',
    description: '一位航天焊工的三十年。',
    authors: [{ name: '张师傅', unit: '中国航天科技集团' }],
    media: [video],
  })
  // The intro job makes the labelled copy; the pull gives it once it is there.
  labelledUrl = await waitUntil(
    async () => {
      const { body } = await admin.get(`/api/columns/${column.id}/pull`)
      pulled = body
      const item = body.sections
        .flatMap((section: (typeof pulled.sections)[number]) => section.items)
        .find((each: { title: string }) => each.title.includes(videoTitle))
      return item?.labelledUrl?.includes('/api/renditions/') ? (item.labelledUrl as string) : false
    },
    {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      what: `the labelled copy of ${videoTitle} in the pull`,
    },
  )
  browser = await launchChromium()
  await fs.mkdir(artifactsDir, { recursive: true })
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await removeFixtures()
})

describe('the column page without JavaScript', () => {
  it('shows the column: label in the title, sections and items, the video’s labelled copy, the window', async () => {
    const res = await fetch(pageUrl(column.id))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
    const html = await res.text()
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/)
    expect(pulled.title).toContain(label)
    const escaped = (text: string) =>
      text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#x27;')
    expect(html).toContain(`<title>${escaped(pulled.title)}</title>`)
    expect(html).toContain(`<h1>${escaped(pulled.title)}</h1>`)
    // Every section in order, with its items.
    let at = 0
    for (const section of pulled.sections) {
      if (section.title) {
        const found = html.indexOf(`>${escaped(section.title)}</h2>`, at)
        expect(found, section.title).toBeGreaterThan(at)
        at = found
      }
      for (const item of section.items) {
        expect(html).toContain(escaped(item.title))
      }
    }
    expect(pulled.sections.flatMap((section) => section.items).length).toBeGreaterThan(1)
    expect(html).toContain(`<video controls="" preload="metadata"`)
    expect(html).toContain(`src="${labelledUrl}"`)
    expect(html).toContain('alt="大国工匠篇专栏题图：工匠精神"')
    // The approved comment shows; those awaiting review do not.
    expect(html).toContain(seededComment)
    expect(html).not.toContain('刷票')
    // The form posts as a plain form.
    expect(html).toContain(
      `<form id="comment-form" aria-labelledby="comment-form-heading" action="/api/interactions/comment" method="post">`,
    )
    expect(html).toContain(`<input type="hidden" name="column" value="${column.id}"/>`)
    expect(html).toMatch(/<textarea id="comment-body" name="body" required=""/)
    expect(html).toContain('<label for="comment-author">')
    expect(html).toContain('<label for="comment-contact">')

    // The same page again: 304 on its ETag, then 200 on another.
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await fetch(pageUrl(column.id), { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const other = await fetch(pageUrl(column.id), { headers: { 'if-none-match': '"other"' } })
    expect(other.status).toBe(200)
  })

  it('shows what became of a comment posted from the form', async () => {
    const pending = await (await fetch(pageUrl(column.id, '?comment=pending'))).text()
    expect(pending).toMatch(
      /<p id="comment-status" role="status" class="status ok" data-state="pending">已收到您的评论，审核通过后显示/,
    )
    const refused = await fetch(pageUrl(column.id, '?comment=error&reason=blocked'))
    expect(refused.headers.get('cache-control')).toBe('no-store')
    expect(await refused.text()).toContain(
      'role="status" class="status error" data-state="error">未能提交：评论含有不宜发布的词语，请修改后再提交',
    )
    // A link cannot put words of its own on the page: only known reasons are shown.
    const crafted = await (
      await fetch(
        pageUrl(column.id, `?comment=error&reason=${encodeURIComponent('请拨打 110')}&message=x`),
      )
    ).text()
    expect(crafted).toContain('未能提交：请稍后再试')
    expect(crafted).not.toContain('请拨打')
  })

  it('answers 404, in Chinese and English, for a draft or unknown column', async () => {
    const draft = await admin.post('/api/columns?draft=true', {
      title: `草稿专栏·${label}`,
      campaign: column.campaign,
      unit: column.unit,
      channel: 'weibo',
      hasInteractionWindow: true,
      _status: 'draft',
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    for (const id of [Number(draft.body.doc.id), 999_999, 'abc']) {
      const res = await fetch(`${base}/columns/${id}`)
      expect(res.status, String(id)).toBe(404)
      const html = await res.text()
      expect(html).toContain('<html lang="zh-CN">')
      expect(html).toContain('没有该专栏')
      expect(html).toContain('No such column')
      expect(html).not.toContain('草稿专栏')
    }
  })
})

const layouts: { name: string; options: BrowserContextOptions }[] = [
  { name: 'pc', options: { viewport: { width: 1280, height: 900 } } },
  {
    name: 'mobile',
    options: {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    },
  },
]

describe('the column page in Chromium', () => {
  for (const { name, options } of layouts) {
    it(`${name}: fits the window, plays the labelled video, passes axe-core`, async () => {
      // axe-core is injected as an inline script, which the page's own policy refuses.
      const context = await browser.newContext({ locale: 'zh-CN', bypassCSP: true, ...options })
      const page = await context.newPage()
      try {
        await page.goto(pageUrl(column.id), { waitUntil: 'networkidle' })
        await page.locator('img.banner').evaluate((img: HTMLImageElement) => img.decode())
        const video = page.locator('video')
        expect(await video.getAttribute('src')).toBe(labelledUrl)
        expect(
          await video.evaluate(
            (element: HTMLVideoElement) =>
              new Promise<number>((resolve) => {
                if (element.readyState >= 1) {
                  resolve(element.duration)
                }
                element.addEventListener('loadedmetadata', () => resolve(element.duration))
                element.addEventListener('error', () => resolve(-1))
              }),
          ),
          'the labelled copy: the intro clip (1 s) in front of the work (2 s)',
        ).toBeGreaterThan(2.5)
        await page.screenshot({
          path: path.join(artifactsDir, `column-page-${name}.png`),
          fullPage: true,
        })
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        ).toBe(true)
        await scanned(page)
      } finally {
        await context.close()
      }
    })
  }

  it('runs its own script under its policy: the form is enhanced', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' })
    const page = await context.newPage()
    const refused: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        refused.push(message.text())
      }
    })
    try {
      await page.goto(pageUrl(column.id), { waitUntil: 'networkidle' })
      await page.locator('#comment-form[data-enhanced]').waitFor({ timeout: 10_000 })
      expect(refused).toEqual([])
    } finally {
      await context.close()
    }
  })
})

/**
 * A netizen comments from the page: with its script the answer shows in place; without
 * JavaScript the browser posts the form and lands back on the page, which says what became of it.
 * A blocked word is refused either way, with a fixed reason and nothing stored.
 */
describe('commenting from the page', () => {
  const pendingWith = async (body: string) =>
    (
      await admin.get(
        `/api/interactions?where[body][equals]=${encodeURIComponent(body)}&depth=0&limit=1`,
      )
    ).body.docs[0] as { state: string } | undefined

  for (const javaScriptEnabled of [true, false]) {
    it(`${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled })
      const page = await context.newPage()
      const body = `网页评论：向焊花里的青春致敬（${javaScriptEnabled ? '脚本' : '无脚本'}）`
      try {
        await page.goto(pageUrl(column.id))
        if (javaScriptEnabled) {
          await page.locator('#comment-form[data-enhanced]').waitFor({ timeout: 10_000 })
        }
        await page.fill('#comment-body', body)
        await page.fill('#comment-author', '太原网友')
        await page.getByRole('button', { name: '提交评论' }).click()
        const status = page.locator('#comment-status')
        await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('审核通过后显示')
        expect((await pendingWith(body))?.state).toBe('pending')
        await page.screenshot({
          path: path.join(
            artifactsDir,
            `column-page-comment-${javaScriptEnabled ? 'script' : 'no-script'}.png`,
          ),
        })

        await page.fill('#comment-body', '来赌博吧')
        await page.getByRole('button', { name: '提交评论' }).click()
        await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('未能提交')
        expect(await status.innerText()).toContain('不宜发布的词语')
        expect(await pendingWith('来赌博吧')).toBeUndefined()
      } finally {
        await context.close()
      }
    })
  }
})

/** axe-core's WCAG 2 A/AA rules on the page: no serious or critical violation. */
const scanned = async (page: Page) => {
  await page.addScriptTag({ content: axe.source })
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    }),
  )
  const grave = results.violations
    .filter((each) => each.impact === 'serious' || each.impact === 'critical')
    .map((each) => ({
      id: each.id,
      impact: each.impact,
      help: each.help,
      nodes: each.nodes.map((node) => node.target.join(' ')).slice(0, 5),
    }))
  expect(grave).toEqual([])
}
