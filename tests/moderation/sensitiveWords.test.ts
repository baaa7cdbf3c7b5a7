/**
 * 敏感词库: the national base list and a campaign's own, kept by the office and the campaign's
 * hosts, imported from a CSV, and tried out by moderators in the “test this text” box — over REST,
 * against the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { WindowWorld } from './fixture'

import { bootWindowWorld } from './fixture'

let world: WindowWorld

beforeAll(async () => {
  world = await bootWindowWorld('moderation_words')
}, 300_000)

afterAll(async () => {
  await world?.close()
})

const words = async () =>
  (
    await world.booted.payload.find({
      collection: 'sensitive-words',
      limit: 0,
      sort: 'word',
      depth: 0,
    })
  ).docs.map((doc) => `${doc.word}:${doc.action}:${doc.campaign ?? 'national'}`)

/** A multipart import as the admin page or a script sends it. */
const importFile = async (
  as: 'admin' | 'nationalOrganizer' | 'sichuanEditor' | 'public',
  csv: string,
  fields: Record<string, string> = {},
) => {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, value)
  }
  form.append('file', new Blob([csv], { type: 'text/csv' }), '敏感词.csv')
  const token =
    as === 'public'
      ? undefined
      : (
          (await (
            await fetch(`${world.server.url}/api/users/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                email: {
                  admin: 'admin@test.local',
                  nationalOrganizer: 'national@window.test',
                  sichuanEditor: 'sichuan@window.test',
                }[as],
                password: as === 'admin' ? 'test-admin-password-1' : 'window-test-password-1',
              }),
            })
          ).json()) as { token: string }
        ).token
  const res = await fetch(`${world.server.url}/api/sensitive-words/import`, {
    method: 'POST',
    headers: token ? { authorization: `JWT ${token}` } : {},
    body: form,
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('the word lists', () => {
  it('the office keeps the base list; a word is listed once as a reader sees it', async () => {
    const added = await world.as.admin.post('/api/sensitive-words', {
      word: '赌博',
      action: 'block',
    })
    expect(added.status).toBe(201)
    // The same word in traditional characters with a space is the same word.
    const again = await world.as.admin.post('/api/sensitive-words', {
      word: '賭 博',
      action: 'hold',
    })
    expect(again.status).toBe(400)
    expect(again.body.errors[0].message).toContain('已在全国基础词库中')
    // A campaign's list may hold it again, with its own action.
    const inCampaign = await world.as.nationalOrganizer.post('/api/sensitive-words', {
      word: '代开发票',
      action: 'hold',
      campaign: world.ids.campaign,
    })
    expect(inCampaign.status).toBe(201)
    expect(await words()).toEqual(['代开发票:hold:' + world.ids.campaign, '赌博:block:national'])
  })

  it('an organizer cannot write the base list, an editor no list; the public reads none', async () => {
    const base = await world.as.nationalOrganizer.post('/api/sensitive-words', {
      word: '傻瓜',
      action: 'replace',
    })
    expect(base.status).toBe(403)
    expect(base.body.errors[0].message).toContain('全国基础词库由全国办公室维护')
    const editor = await world.as.sichuanEditor.post('/api/sensitive-words', {
      word: '傻瓜',
      action: 'replace',
      campaign: world.ids.campaign,
    })
    expect(editor.status).toBe(403)
    expect((await world.as.public.get('/api/sensitive-words')).status).toBe(403)
    // Staff read the base list (and their hosted campaigns' lists).
    const read = await world.as.sichuanEditor.get('/api/sensitive-words?limit=100')
    expect(read.body.docs.map((doc: { word: string }) => doc.word)).toEqual(['赌博'])
    expect(await words()).toHaveLength(2)
  })

  it('imports a CSV: a bad row stops the whole file; a good one adds and re-sorts words', async () => {
    const bad = await importFile('admin', '词语,处理方式\n傻瓜,替换\n笨蛋,删除\n,\n  ,屏蔽\n')
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].message).toContain('2 行无法读取')
    expect(bad.body.problems.map((problem: { row: number }) => problem.row)).toEqual([3, 5])
    expect(await words()).toHaveLength(2)

    const preview = await importFile(
      'admin',
      '词语,处理方式,备注\n傻瓜,替换\n赌博,屏蔽\n翻墙,待审,涉政\n',
      { dryRun: 'true' },
    )
    expect(preview.body).toMatchObject({ words: 3, dryRun: true, created: 2, unchanged: 1 })
    expect(await words()).toHaveLength(2)

    const done = await importFile(
      'admin',
      '词语,处理方式,备注\n傻瓜,替换\n赌博,待审\n翻墙,待审,涉政\n',
    )
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ words: 3, created: 2, updated: 1, unchanged: 0 })
    expect(await words()).toEqual([
      '代开发票:hold:' + world.ids.campaign,
      '傻瓜:replace:national',
      '翻墙:hold:national',
      '赌博:hold:national',
    ])
    // Put back as the other tests expect it.
    await importFile('admin', '赌博,屏蔽\n')
    const audit = await world.booted.payload.find({
      collection: 'audit-log',
      where: { targetCollection: { equals: 'sensitive-words' } },
      limit: 20,
    })
    expect(audit.docs.some((doc) => String(doc.summary).includes('导入敏感词 3 个'))).toBe(true)
  })

  it('an organizer imports into its hosted campaign only; an editor and the public not at all', async () => {
    expect((await importFile('public', '坏词,屏蔽\n')).status).toBe(401)
    expect((await importFile('sichuanEditor', '坏词,屏蔽\n')).status).toBe(403)
    const base = await importFile('nationalOrganizer', '坏词,屏蔽\n')
    expect(base.status).toBe(403)
    const own = await importFile('nationalOrganizer', '坏词,屏蔽\n', {
      campaign: String(world.ids.campaign),
    })
    expect(own.body).toMatchObject({ created: 1 })
  })

  it('the test box shows what a window would do with a text, as a reader sees it', async () => {
    const tried = await world.as.sichuanEditor.post('/api/sensitive-words/test', {
      text: '你这个傻 瓜，别去賭·博，找我代开发票',
      campaign: world.ids.campaign,
    })
    expect(tried.status).toBe(200)
    expect(tried.body.outcome).toBe('block')
    expect(tried.body.hits.map((hit: { word: string; written: string }) => hit.written)).toEqual([
      '傻 瓜',
      '賭·博',
      '代开发票',
    ])
    expect(tried.body.text).toBe('你这个＊＊＊，别去賭·博，找我代开发票')
    // Without the campaign only the base list applies.
    const base = await world.as.sichuanEditor.post('/api/sensitive-words/test', {
      text: '找我代开发票',
    })
    expect(base.body.outcome).toBe('pass')
    expect((await world.as.public.post('/api/sensitive-words/test', { text: '赌博' })).status).toBe(
      401,
    )
    expect((await world.as.sichuanEditor.post('/api/sensitive-words/test', {})).status).toBe(400)
  })
})
