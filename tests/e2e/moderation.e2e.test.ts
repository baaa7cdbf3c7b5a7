/**
 * 互动审核 in Chromium against the built server, on the demo data: a netizen's comment arrives
 * through the public endpoint into 中华全国总工会's 大国工匠篇 column on PC; the office opens the
 * pending queue, is refused a rejection without a reason on the page, rejects the comment held
 * for 刷票 with one, approves the rest, and sites pulling the column see the approved ones. Then
 * the moderators' 检测文字 box above the sensitive-word list. Screenshots go to tests/.artifacts/.
 */
import type { Browser, Page } from 'playwright-core'

import path from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { Api } from '../helpers/api'

import { artifactsDir } from '../helpers/builtServer'
import { e2eClient, openAdminPage } from './client'

const ours = '为大国工匠点赞，学习劳模精神、劳动精神、工匠精神！'
const seededPending = '我们车间的老师傅三十年如一日钻研焊接，也是身边的工匠。'
const seededHeld = '投票太慢了，有没有刷票的办法？'

let browser: Browser
let page: Page
let admin: Api
let anonymous: Api
let base: string
let column: number

beforeAll(async () => {
  base = inject('e2eBaseUrl')
  admin = await e2eClient()
  anonymous = await e2eClient({ as: 'anonymous' })
  const found = await anonymous.get(
    `/api/columns?where[title][contains]=${encodeURIComponent('大国工匠篇')}&where[channel][equals]=pc&depth=0&limit=1`,
  )
  column = Number(found.body.docs[0].id)
  ;({ browser, page } = await openAdminPage())
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

const shot = (name: string) =>
  page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })

const stateOf = async (body: string) =>
  (
    await admin.get(
      `/api/interactions?where[body][equals]=${encodeURIComponent(body)}&depth=0&limit=1`,
    )
  ).body.docs[0] as { id: number; state: string; rejectionReason?: string }

const openQueue = async () => {
  await page.goto(
    `${base}/admin/collections/interactions?where[state][equals]=pending&sort=createdAt`,
  )
  await page
    .locator('[data-testid="moderation-actions"][data-hydrated]')
    .waitFor({ timeout: 60_000 })
}

const tick = (body: string) =>
  page.locator('tr', { hasText: body }).locator('input[type="checkbox"]').check()

describe('the moderation queue', () => {
  it('decides the pending comments on the page, as the server allows', async () => {
    const sent = await anonymous.post('/api/interactions/comment', {
      column,
      body: ours,
      authorName: '太原网友',
    })
    expect(sent.status).toBe(201)
    expect(sent.body.state).toBe('pending')

    await openQueue()
    for (const body of [ours, seededPending, seededHeld]) {
      await page.locator('tr', { hasText: body }).waitFor({ timeout: 60_000 })
    }
    await shot('moderation-queue')

    // Rejecting needs a reason: the server's refusal is shown and nothing changes.
    await tick(seededHeld)
    await page.getByRole('button', { name: '不通过' }).click()
    const answer = page.getByTestId('moderation-answer')
    await answer.waitFor({ timeout: 60_000 })
    expect(await answer.innerText()).toContain('不通过时请填写原因')
    await shot('moderation-refused')
    expect((await stateOf(seededHeld)).state).toBe('pending')

    await page.getByTestId('moderation-reason').fill('疑似刷票广告')
    await page.getByRole('button', { name: '不通过' }).click()
    await page.getByText('已不通过 1 条').waitFor({ timeout: 60_000 })
    expect(await stateOf(seededHeld)).toMatchObject({
      state: 'rejected',
      rejectionReason: '疑似刷票广告',
    })

    await openQueue()
    await tick(ours)
    await tick(seededPending)
    await page.getByRole('button', { name: '通过', exact: true }).click()
    await page.getByText('已通过 2 条').waitFor({ timeout: 60_000 })
    await shot('moderation-approved')
    expect((await stateOf(ours)).state).toBe('approved')
    expect((await stateOf(seededPending)).state).toBe('approved')

    // Sites pulling the column see what was approved, never what was rejected.
    const pulled = await anonymous.get(`/api/columns/${column}/pull`)
    const bodies = pulled.body.interactions.map((each: { body: string }) => each.body)
    expect(bodies).toEqual(expect.arrayContaining([ours, seededPending]))
    expect(bodies).not.toContain(seededHeld)
  })
})

describe('检测文字 above the sensitive-word list', () => {
  it('shows what a window would do with a text', async () => {
    await page.goto(`${base}/admin/collections/sensitive-words`)
    const tools = page.locator('[data-testid="word-list-tools"][data-hydrated]')
    await tools.waitFor({ timeout: 60_000 })
    await tools.getByTestId('word-text').fill('别做傻 瓜，找我代开发票')
    await tools.getByRole('button', { name: '检测' }).click()
    const screening = tools.getByTestId('word-screening')
    await screening.waitFor({ timeout: 60_000 })
    expect(await screening.getAttribute('data-outcome')).toBe('hold')
    const text = await screening.innerText()
    expect(text).toContain('「傻 瓜」命中「傻瓜」（替换）')
    expect(text).toContain('「代开发票」命中「代开发票」（待审）')
    expect(text).toContain('显示为：别做＊＊＊，找我代开发票')
    await shot('sensitive-words-test')
  })
})
