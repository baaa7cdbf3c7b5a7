import { createLocalReq, initTransaction, killTransaction } from 'payload'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Changed } from '../../plugins/shared/changeNotices'
import type { Booted } from '../helpers/payload'

import { onChangesElsewhere } from '../../plugins/shared/changeNotices'
import { serveApp } from '../helpers/http'
import { bootPayload, creatorOf } from '../helpers/payload'
import { waitUntil } from '../helpers/wait'

/**
 * Copies kept by one app instance go stale at once when another instance on the same database
 * changes what they show (plugins/shared/changeNotices.ts). "Another instance" here is what one
 * does on the wire: a write and `pg_notify('wangju_changes', …)` in one transaction on its own
 * connection — this Payload's hooks never see the write. Each case first shows the copy is kept
 * without the notice, then reads once, right after the notice reached this instance: no TTL is
 * waited out. Several real instances: tests/e2e/scaleOut.e2e.test.ts.
 */

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let elsewhere: pg.Client
const ids = {} as Record<
  'unit' | 'campaign' | 'subProject' | 'work' | 'site' | 'account' | 'doomed',
  number
>
const keys = { partner: 'notices-partner-key-0123456789', doomed: 'notices-doomed-key-0123456789' }

const create = creatorOf(() => booted.payload)

/** Resolves with the next change told to this instance (after the caches have dropped theirs). */
let nextNotice: Promise<Changed>
let heardNotice: (changed: Changed) => void = () => {}
const expectNotice = () => {
  nextNotice = new Promise((resolve) => (heardNotice = resolve))
}
const noticeArrived = (timeoutMs = 5_000) =>
  Promise.race([
    nextNotice,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no change notice within ${timeoutMs} ms`)), timeoutMs),
    ),
  ])

/** What another instance's save does: the write and its notice commit together. */
const changeElsewhere = async (statement: string, params: unknown[], slugs?: string[]) => {
  await elsewhere.query('begin')
  await elsewhere.query(statement, params)
  if (slugs) {
    await elsewhere.query(`select pg_notify('wangju_changes', $1)`, [
      JSON.stringify({ from: 'another-instance', slugs }),
    ])
  }
  await elsewhere.query('commit')
}

const read = async (path: string, key = keys.partner) => {
  const res = await fetch(`${http.url}${path}`, {
    headers: { Authorization: `partner-accounts API-Key ${key}` },
  })
  return { status: res.status, cache: res.headers.get('x-cache'), text: await res.text() }
}

const workPath = () => `/api/entries/${ids.work}?depth=0`
const feedPath = () => `/api/campaigns/${ids.campaign}/feed.json?limit=5`

const listeningPids = async (): Promise<number[]> => {
  const { rows } = await elsewhere.query<{ pid: number }>(
    `select pid from pg_stat_activity
      where datname = current_database() and query = 'listen "wangju_changes"'`,
  )
  return rows.map((row) => row.pid)
}

beforeAll(async () => {
  // Long TTLs: only a notice can make a kept copy stale within a test.
  booted = await bootPayload({ name: 'change_notices', env: { PARTNER_READ_CACHE_MS: '60000' } })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  onChangesElsewhere(booted.payload, (changed) => heardNotice(changed))
  elsewhere = new pg.Client({ connectionString: booted.databaseUrl })
  await elsewhere.connect()
  // The instance starts listening in the background of its start.
  await waitUntil(async () => (await listeningPids()).length > 0, {
    timeoutMs: 10_000,
    what: 'the instance to listen',
  })
  ids.unit = await create('organizers', { name: '临汾市总工会', kind: 'federation', level: 'city' })
  ids.campaign = await create('campaigns', {
    name: '2016年“中国梦·大国工匠篇”',
    year: 2016,
    status: 'active',
    label: '中国梦·大国工匠篇',
    hosts: [ids.unit],
  })
  ids.subProject = await create('sub-projects', {
    campaign: ids.campaign,
    name: '大国工匠作品征集',
    kind: 'other',
    _status: 'published',
  })
  ids.work = await create('entries', {
    title: '焊花里的青春',
    subProject: ids.subProject,
    submittingUnit: ids.unit,
    status: 'published',
    text: '三十年如一日。',
    authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
  })
  ids.site = await create('partner-sites', {
    name: '中工网',
    kind: 'central-news-site',
    push: { campaigns: [ids.campaign] },
  })
  ids.account = await create('partner-accounts', {
    name: '中工网接口',
    partnerSite: ids.site,
    enableAPIKey: true,
    apiKey: keys.partner,
  })
  ids.doomed = await create('partner-accounts', {
    name: '中工网旧接口',
    partnerSite: ids.site,
    enableAPIKey: true,
    apiKey: keys.doomed,
  })
})

afterAll(async () => {
  await elsewhere?.end()
  await http?.close()
  await booted?.payload.destroy()
})

describe('a change told by another instance', () => {
  it("makes a partner's kept REST read stale at once", async () => {
    expect((await read(workPath())).cache).toBe('miss')
    expect((await read(workPath())).cache).toBe('hit')

    await changeElsewhere('update entries set title = $1 where id = $2', ['焊花（暂）', ids.work])
    const unaware = await read(workPath())
    expect(unaware.cache).toBe('hit')
    expect(JSON.parse(unaware.text).title).not.toContain('焊花（暂）')

    expectNotice()
    await changeElsewhere(
      'update entries set title = $1 where id = $2',
      ['焊花里的青春（修订）', ids.work],
      ['entries'],
    )
    expect((await noticeArrived())('entries')).toBe(true)
    const told = await read(workPath())
    expect(told.cache).toBe('miss')
    expect(JSON.parse(told.text).title).toContain('焊花里的青春（修订）')
  })

  it("rebuilds a campaign's feed page once the campaign changed elsewhere", async () => {
    const first = await read(feedPath())
    expect(first.status).toBe(200)
    expect(JSON.parse(first.text).title).toContain('2016年“中国梦·大国工匠篇”')

    await changeElsewhere('update campaigns set name = $1 where id = $2', [
      '2016年“中国梦·大国工匠篇”（暂）',
      ids.campaign,
    ])
    expect((await read(feedPath())).text).toBe(first.text)

    expectNotice()
    await changeElsewhere(
      'update campaigns set name = $1 where id = $2',
      ['2016年“中国梦·大国工匠篇”（改名）', ids.campaign],
      ['campaigns'],
    )
    await noticeArrived()
    expect(JSON.parse((await read(feedPath())).text).title).toContain('（改名）')
  })

  it('refuses a partner key removed elsewhere at the next request', async () => {
    expect((await read(feedPath(), keys.doomed)).status).toBe(200)
    expect((await read(workPath(), keys.doomed)).status).toBe(200)
    // The key goes; this instance still trusts what it looked up a moment ago.
    const removeKey =
      'update partner_accounts set enable_a_p_i_key = false, api_key = null, api_key_index = null where id = $1'
    await changeElsewhere(removeKey, [ids.doomed])
    expect((await read(feedPath(), keys.doomed)).status).toBe(200)

    expectNotice()
    await changeElsewhere(removeKey, [ids.doomed], ['partner-accounts'])
    await noticeArrived()
    expect((await read(feedPath(), keys.doomed)).status).toBe(401)
    expect((await read(workPath(), keys.doomed)).status).toBe(401)
    // The other key of the same site reads on.
    expect((await read(feedPath())).status).toBe(200)
  })
})

describe('a lost listening connection', () => {
  it('is made again, and every copy kept meanwhile is dropped: a notice may have been missed', async () => {
    const page = await read(feedPath())
    expect(page.status).toBe(200)
    const pids = await listeningPids()
    expect(pids.length).toBeGreaterThan(0)
    await elsewhere.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids])
    // Changed while nobody listened: no notice reaches this instance.
    await changeElsewhere('update campaigns set name = $1 where id = $2', [
      '2016年“中国梦·大国工匠篇”（断线时改）',
      ids.campaign,
    ])
    expectNotice()
    // Made again after a second; told as "everything may have changed".
    const changed = await noticeArrived(15_000)
    expect(changed('campaigns') && changed('partner-accounts')).toBe(true)
    expect((await listeningPids()).some((pid) => !pids.includes(pid))).toBe(true)
    expect(JSON.parse((await read(feedPath())).text).title).toContain('（断线时改）')
  })
})

describe('what this instance tells', () => {
  it('tells a committed save with its collection, and nothing of a save rolled back', async () => {
    const listener = new pg.Client({ connectionString: booted.databaseUrl })
    await listener.connect()
    const heard: { from: string; slugs: string[] }[] = []
    listener.on('notification', (message) => heard.push(JSON.parse(message.payload ?? '{}')))
    await listener.query('listen wangju_changes')
    try {
      const { payload } = booted
      // Saved, hooks run (the notice is sent in the transaction), then rolled back.
      const req = await createLocalReq({}, payload)
      await initTransaction(req)
      await payload.update({
        collection: 'organizers',
        id: ids.unit,
        data: { name: '临汾市总工会（撤回）' },
        req,
      })
      await killTransaction(req)
      await payload.update({
        collection: 'campaigns',
        id: ids.campaign,
        data: { name: '2016年“中国梦·大国工匠篇”' },
      })
      await waitUntil(() => heard.length > 0, { timeoutMs: 5_000, what: 'the notice of the save' })
      // Notices arrive in commit order: the rolled-back save's would have come first.
      expect(heard.map((notice) => notice.slugs)).toEqual([['campaigns']])
      expect(heard[0]!.from).toMatch(/^[0-9a-f-]{36}$/)
    } finally {
      await listener.end()
    }
  })
})
