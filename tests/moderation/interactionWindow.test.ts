/**
 * 互动窗口: netizens comment without an account through the public endpoint, as any site would
 * call it; nothing shows before the column's unit approves it (先审后发) unless its organizer chose
 * post-moderation; blocked words are refused, held ones queued, replaced ones masked; moderators
 * decide one by one or in bulk, and every decision is audited. Over HTTP against real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { WindowWorld } from './fixture'

import { bootWindowWorld, comment, createColumn, label, storedCount } from './fixture'

let world: WindowWorld

beforeAll(async () => {
  world = await bootWindowWorld('moderation_window', { INTERACTION_LIMIT_PER_DEVICE: '3/3600' })
  const { payload } = world.booted
  for (const [word, action] of [
    ['赌博', 'block'],
    ['代开发票', 'hold'],
    ['傻瓜', 'replace'],
  ]) {
    await payload.create({ collection: 'sensitive-words', data: { word, action } as never })
  }
}, 300_000)

afterAll(async () => {
  await world?.close()
})

/** What the public reads of the column's window: the approved ones, newest first. */
const publicTexts = async () =>
  (
    await world.as.public.get(
      `/api/interactions?where[column][equals]=${world.ids.column}&sort=-createdAt&limit=50`,
    )
  ).body.docs.map((doc: { body: string }) => doc.body)

describe('a comment in a pre-moderated window', () => {
  it('with a blocked word is refused, bilingual, naming what was written, and nothing is stored', async () => {
    const before = await storedCount(world)
    const refused = await comment(world, {
      column: world.ids.column,
      body: '工匠精神好，顺便来賭 博吧',
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(
      /不宜发布的词语「賭 博」.* \/ .*may not be published/,
    )
    expect(await storedCount(world)).toBe(before)
  })

  it('is queued, invisible to the public until approved; a held word is queued too', async () => {
    const plain = await comment(world, {
      column: world.ids.column,
      body: '向大国工匠致敬！',
      authorName: '成都网友',
      contact: '138 0000 1234',
    })
    expect(plain.status).toBe(201)
    expect(plain.body).toMatchObject({ state: 'pending', body: '向大国工匠致敬！' })
    expect(plain.body.message).toContain('审核通过后显示')
    const held = await comment(world, { column: world.ids.column, body: '有需要代开发票的联系我' })
    expect(held.body.state).toBe('pending')
    expect(await publicTexts()).toEqual([])
    const before = await world.as.public.get(`/api/columns/${world.ids.column}/pull`)
    expect(before.body.interactions).toEqual([])

    // The moderator sees the hits and the contact; the public never the contact.
    const queued = await world.as.sichuanEditor.get(`/api/interactions/${held.body.id}?depth=0`)
    expect(queued.body.hitWords).toBe('代开发票')
    const approved = await world.as.sichuanEditor.post('/api/interactions/moderate', {
      ids: [plain.body.id],
      decision: 'approve',
    })
    expect(approved.status).toBe(200)
    expect(await publicTexts()).toEqual(['向大国工匠致敬！'])
    // Sites pulling the column see it at once (the cached pull is made stale by the decision).
    const pulled = await world.as.public.get(`/api/columns/${world.ids.column}/pull`)
    expect(pulled.body.interactions.map((each: { body: string }) => each.body)).toEqual([
      '向大国工匠致敬！',
    ])
    const seen = await world.as.public.get(`/api/interactions/${plain.body.id}`)
    expect(seen.body.authorName).toBe('成都网友')
    expect(seen.body.contact).toBeUndefined()
    expect(seen.body.origin).toBeUndefined()
    const staff = await world.as.sichuanEditor.get(`/api/interactions/${plain.body.id}`)
    expect(staff.body.contact).toBe('13800001234')

    // Rejecting needs a reason; with one it is recorded with who decided.
    const noReason = await world.as.sichuanEditor.post('/api/interactions/moderate', {
      ids: [held.body.id],
      decision: 'reject',
    })
    expect(noReason.status).toBe(400)
    expect(noReason.body.errors[0].message).toContain('不通过时请填写原因')
    const rejected = await world.as.sichuanEditor.post('/api/interactions/moderate', {
      ids: [held.body.id],
      decision: 'reject',
      reason: '广告',
    })
    expect(rejected.status).toBe(200)
    const decided = await world.booted.payload.findByID({
      collection: 'interactions',
      id: held.body.id,
      depth: 0,
    })
    expect(decided).toMatchObject({ state: 'rejected', rejectionReason: '广告' })
    expect(decided.moderatedBy).toBeTruthy()

    const audit = await world.booted.payload.find({
      collection: 'audit-log',
      where: { targetCollection: { equals: 'interactions' } },
      limit: 10,
    })
    // The approval, and the rejection with its reason.
    expect([...new Set(audit.docs.map((doc) => doc.targetId))].sort()).toEqual(
      [String(plain.body.id), String(held.body.id)].sort(),
    )
    expect(JSON.stringify(audit.docs)).toContain('广告')
  })

  it('masks a replaced word, one ＊ per character written, and keeps the original for staff', async () => {
    const masked = await comment(world, { column: world.ids.column, body: '别做傻 瓜' })
    expect(masked.body.body).toBe('别做＊＊＊')
    const stored = await world.as.sichuanEditor.get(`/api/interactions/${masked.body.id}`)
    expect(stored.body.original).toBe('别做傻 瓜')
  })

  it('another province cannot decide; a bulk decision with one foreign id changes nothing', async () => {
    const one = await comment(world, { column: world.ids.column, body: '点赞四川工匠' })
    const two = await comment(world, { column: world.ids.column, body: '学习劳模精神' })
    const foreign = await world.as.shanghaiEditor.post('/api/interactions/moderate', {
      ids: [one.body.id, two.body.id],
      decision: 'approve',
    })
    expect(foreign.status).toBe(404)
    expect(foreign.body.errors[0].message).toContain('不在你的审核范围')
    expect((await world.as.public.get(`/api/interactions/${one.body.id}`)).status).toBe(404)
    // The campaign's host decides in bulk.
    const bulk = await world.as.nationalOrganizer.post('/api/interactions/moderate', {
      ids: [one.body.id, two.body.id],
      decision: 'approve',
    })
    expect(bulk.body).toEqual({ decided: [one.body.id, two.body.id], state: 'approved' })
    expect(await publicTexts()).toEqual(['学习劳模精神', '点赞四川工匠', '向大国工匠致敬！'])
    // Nobody creates or edits what netizens wrote through the collection.
    expect(
      (
        await world.as.admin.post('/api/interactions', {
          kind: 'comment',
          column: world.ids.column,
        })
      ).status,
    ).toBe(403)
    await world.as.admin.patch(`/api/interactions/${one.body.id}`, { body: '改写' })
    expect((await world.as.public.get(`/api/interactions/${one.body.id}`)).body.body).toBe(
      '点赞四川工匠',
    )
  })
})

describe('the reference page’s form, posted without JavaScript', () => {
  const post = (fields: Record<string, string>) =>
    fetch(`${world.server.url}/api/interactions/comment`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '198.51.100.77',
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })

  it('goes back to the column’s page saying what became of the comment', async () => {
    const sent = await post({ column: String(world.ids.column), body: '工匠精神代代相传' })
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(
      `/columns/${world.ids.column}?comment=pending#comment-form`,
    )
    const before = await storedCount(world)
    const refused = await post({ column: String(world.ids.column), body: '来赌博' })
    expect(refused.status).toBe(303)
    const back = new URL(refused.headers.get('location')!, 'http://page.invalid')
    expect(back.pathname).toBe(`/columns/${world.ids.column}`)
    expect(back.searchParams.get('comment')).toBe('error')
    expect(back.searchParams.get('reason')).toBe('blocked')
    expect(await storedCount(world)).toBe(before)
    expect((await post({ body: '没有专栏' })).status).toBe(400)
  })
})

describe('bad input and limits', () => {
  it('refuses HTML, empty, too long, a bad contact, a draft or closed column — storing nothing', async () => {
    const closed = await createColumn(world, {
      title: `${label}——上海职工风采`,
      unit: world.ids.shanghai,
      hasInteractionWindow: false,
    })
    const draft = await createColumn(world, {
      title: `${label}——四川职工风采（微信）`,
      unit: world.ids.sichuan,
      channel: 'wechat',
      _status: 'draft',
    })
    const before = await storedCount(world)
    const cases: [Record<string, unknown>, number, string][] = [
      [{ column: world.ids.column, body: '<a href="x">点我</a>' }, 400, '只收纯文字'],
      [{ column: world.ids.column, body: '   ' }, 400, '请填写评论内容'],
      [{ column: world.ids.column, body: '好'.repeat(501) }, 400, '不超过 500 字'],
      [{ column: world.ids.column, body: '好', contact: 'call me' }, 400, '手机号码或电子邮箱'],
      [{ column: 'abc', body: '好' }, 400, '请指定专栏'],
      [{ column: 999999, body: '好' }, 404, '没有该专栏'],
      [{ column: draft, body: '好' }, 404, '没有该专栏'],
      [{ column: closed, body: '好' }, 403, '未开放评论'],
      [{ column: world.ids.column, body: '好', entry: 999999 }, 404, '没有这件作品'],
    ]
    for (const [body, status, fragment] of cases) {
      const answer = await comment(world, body)
      expect({ body, status: answer.status }).toEqual({ body, status })
      expect(answer.body.errors[0].message).toContain(fragment)
      expect(answer.body.errors[0].message).toMatch(/ \/ [a-z]/i)
    }
    expect(await storedCount(world)).toBe(before)
  })

  it('one device sends at most its share per hour: a 429 with retry-after, nothing stored', async () => {
    const device = 'wx-device-0001'
    for (let i = 0; i < 3; i++) {
      expect(
        (await comment(world, { column: world.ids.column, body: `第${i}条` }, { device })).status,
      ).toBe(201)
    }
    const before = await storedCount(world)
    const fourth = await comment(world, { column: world.ids.column, body: '第4条' }, { device })
    expect(fourth.status).toBe(429)
    expect(fourth.body.errors[0].message).toContain('同一设备提交过于频繁')
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect(await storedCount(world)).toBe(before)
    // Another device from the same address is still heard.
    expect(
      (
        await comment(
          world,
          { column: world.ids.column, body: '换个手机' },
          { device: 'wx-device-0002' },
        )
      ).status,
    ).toBe(201)
  })
})

describe('a post-moderated window', () => {
  it('shows a clean comment at once but still holds a held word; only hosts may turn it on', async () => {
    const denied = await world.as.sichuanEditor.post('/api/columns', {
      title: `${label}——四川职工风采（客户端）`,
      campaign: world.ids.campaign,
      unit: world.ids.sichuan,
      channel: 'app',
      hasInteractionWindow: true,
      interactionWindow: { moderation: 'post' },
      _status: 'published',
    })
    expect(denied.status).toBe(403)
    const post = await world.as.nationalOrganizer.post('/api/columns', {
      title: `${label}——四川职工风采（客户端）`,
      campaign: world.ids.campaign,
      unit: world.ids.sichuan,
      channel: 'app',
      hasInteractionWindow: true,
      interactionWindow: { moderation: 'post', comments: true, contributions: true },
      _status: 'published',
    })
    expect(post.status).toBe(201)
    const column = post.body.doc.id
    const clean = await comment(world, { column, body: '为工匠点赞' }, { address: '198.51.100.20' })
    expect(clean.body).toMatchObject({ state: 'approved' })
    expect(clean.body.message).toContain('已发布')
    const held = await comment(world, { column, body: '代开发票' }, { address: '198.51.100.20' })
    expect(held.body.state).toBe('pending')
    const shown = await world.as.public.get(`/api/interactions?where[column][equals]=${column}`)
    expect(shown.body.docs.map((doc: { body: string }) => doc.body)).toEqual(['为工匠点赞'])
  })
})

describe('the campaign dashboard', () => {
  it('counts the window by state, for the whole campaign or the reader’s own columns', async () => {
    const stored = (
      await world.booted.payload.find({ collection: 'interactions', limit: 0, depth: 0 })
    ).docs
    const count = (keep: (doc: (typeof stored)[number]) => boolean) => stored.filter(keep).length
    const expected = {
      pending: count((doc) => doc.state === 'pending'),
      approved: count((doc) => doc.state === 'approved'),
      rejected: count((doc) => doc.state === 'rejected'),
      comments: count((doc) => doc.kind === 'comment'),
      contributions: count((doc) => doc.kind === 'contribution'),
      madeIntoWorks: 0,
    }
    expect(expected.approved).toBeGreaterThan(0)
    const path = `/api/campaigns/${world.ids.campaign}/dashboard`
    expect((await world.as.nationalOrganizer.get(path)).body.interactions).toEqual(expected)
    // Every comment here went to Sichuan's columns: Shanghai's editor counts none of them.
    expect((await world.as.sichuanEditor.get(path)).body.interactions).toEqual(expected)
    expect((await world.as.shanghaiEditor.get(path)).body.interactions).toMatchObject({
      pending: 0,
      approved: 0,
      comments: 0,
    })
  })
})
