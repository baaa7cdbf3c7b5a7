/**
 * 刷票: a burst of votes for one work from one address block with one browser is flagged, the
 * organizer sees raw and valid counts and invalidates the burst with a reason, which the audit
 * log keeps; votes are never deleted. And a burst of 2 000 honest votes on one work loses none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { VotingWorld } from './fixture'

import { poolOf } from '../../plugins/shared/pool'
import { waitUntil } from '../helpers/wait'
import {
  bootVotingWorld,
  send,
  storedVotes,
  tokenFor,
  vote,
  votingSubProject,
  work,
} from './fixture'

let world: VotingWorld

beforeAll(async () => {
  world = await bootVotingWorld('voting_fraud')
}, 300_000)

afterAll(async () => {
  await world?.close()
})

const pool = () => poolOf(world.booted.payload)

/** Runs `tasks` with at most `concurrency` in flight. */
const inParallel = async <T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> => {
  const results: T[] = new Array(tasks.length)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const index = next++
        results[index] = await tasks[index]!()
      }
    }),
  )
  return results
}

const flagsOf = async (entry: number) =>
  (
    await pool().query<{ value: string; n: string }>(
      `select f.value::text as value, count(*) as n from votes_flags f
         join votes v on v.id = f.parent_id where v.entry_id = $1 group by 1 order by 1`,
      [entry],
    )
  ).rows.map((row) => [row.value, Number(row.n)])

describe('a burst from one address block', () => {
  let subProject: number
  let target: number
  let honestWork: number
  const reason = '同一地址段、同一浏览器标识一分钟内集中投票，经核查为刷票'

  beforeAll(async () => {
    subProject = await votingSubProject(world, {}, '“最美画面故事”征集')
    target = await work(world, subProject)
    honestWork = await work(world, subProject)
    // 35 voters from one /24 with one scripted agent, then 5 from elsewhere with their own browsers.
    const burst = await inParallel(
      Array.from(
        { length: 35 },
        (_, index) => async () =>
          vote(
            world,
            target,
            { token: await tokenFor(world.booted.payload, `bot${index}@example.com`) },
            `101.80.7.${index + 1}`,
            { 'user-agent': 'python-requests/2.31.0' },
          ),
      ),
      5,
    )
    expect(burst.every((answer) => answer.status === 201)).toBe(true)
    for (let index = 0; index < 5; index++) {
      const honest = await vote(
        world,
        target,
        { token: await tokenFor(world.booted.payload, `fan${index}@example.com`) },
        `58.${30 + index}.1.1`,
        { 'user-agent': `Mozilla/5.0 (Linux; Android 1${index}) MicroMessenger/8.0.${index}` },
      )
      expect(honest.status).toBe(201)
    }
    const other = await vote(
      world,
      honestWork,
      { token: await tokenFor(world.booted.payload, 'fan0@example.com') },
      '58.30.1.1',
    )
    expect(other.status).toBe(201)
  })

  it('is flagged within seconds of the votes, without anyone asking', async () => {
    const expected = [
      ['address-burst', 35],
      ['code-burst', 40],
      ['same-agent', 35],
    ]
    // The sweep runs about a second after the last vote; until then the flags may be partial.
    const flags = await waitUntil(
      async () => {
        const found = await flagsOf(target)
        return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined
      },
      { timeoutMs: 15_000, what: 'the flag sweep after the votes' },
    ).catch(async () => flagsOf(target))
    expect(flags).toEqual(expected)
    expect(await flagsOf(honestWork)).toEqual([])
  })

  it('shows the campaign’s organizer raw and valid votes and the flags per work', async () => {
    const tally = await world.as.shanghaiOrganizer.get(
      `/api/votes/summary?subProject=${subProject}`,
    )
    expect(tally.status).toBe(200)
    expect(tally.body.works).toEqual([
      expect.objectContaining({
        entry: target,
        raw: 40,
        valid: 40,
        invalid: 0,
        flags: { 'address-burst': 35, 'code-burst': 40, 'same-agent': 35 },
      }),
      expect.objectContaining({ entry: honestWork, raw: 1, valid: 1, invalid: 0 }),
    ])
  })

  it.each([
    ['another campaign’s organizer', () => world.as.linfenOrganizer.get, 403],
    ['the public', () => (path: string) => send(world, { method: 'GET', path }), 401],
  ])('does not show %s the tally', async (_, reader, status) => {
    const read = await reader()(`/api/votes/summary?subProject=${subProject}`)
    expect(read.status).toBe(status)
    expect(read.body.errors[0].message).toContain(' / ')
  })

  it('refuses an invalidation without a reason, and changes nothing', async () => {
    const refused = await world.as.shanghaiOrganizer.post('/api/votes/invalidate', {
      filter: { entry: target, flag: 'address-burst' },
      reason: '  ',
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(/^请填写作废原因/)
    const { rows } = await pool().query(
      'select count(*)::int as n from votes where entry_id = $1 and valid',
      [target],
    )
    expect(rows[0].n).toBe(40)
  })

  it('refuses another campaign’s organizer the votes by id, whole', async () => {
    const { rows } = await pool().query<{ id: number }>(
      'select id from votes where entry_id = $1 order by id limit 2',
      [target],
    )
    const refused = await world.as.linfenOrganizer.post('/api/votes/invalidate', {
      votes: rows.map((row) => row.id),
      reason,
    })
    expect(refused.status).toBe(404)
    const still = await pool().query(
      'select count(*)::int as n from votes where id = any($1) and valid',
      [rows.map((row) => row.id)],
    )
    expect(still.rows[0].n).toBe(2)
  })

  it('invalidates the flagged burst: kept, marked with reason, time and organizer; counted no more', async () => {
    const done = await world.as.shanghaiOrganizer.post('/api/votes/invalidate', {
      filter: { entry: target, flag: 'address-burst' },
      reason,
    })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body.invalidated).toHaveLength(35)
    expect(await storedVotes(world, target)).toBe(40)
    const count = await send(world, { method: 'GET', path: `/api/entries/${target}/votes` })
    expect(count.body.votes).toBe(5)
    const read = await world.as.admin.get(
      `/api/votes?where[entry][equals]=${target}&where[valid][equals]=false&limit=100&depth=0`,
    )
    expect(read.body.totalDocs).toBe(35)
    const organizer = await world.booted.payload.find({
      collection: 'users',
      where: { email: { equals: 'shanghai-organizer@test.local' } },
    })
    for (const doc of read.body.docs) {
      expect(doc.address).toMatch(/^101\.80\.7\./)
      expect(doc.invalidation).toMatchObject({ reason, by: organizer.docs[0]!.id })
      expect(Date.now() - new Date(doc.invalidation.at).getTime()).toBeLessThan(60_000)
    }
  })

  it('records the invalidation in the audit log, with its reason and every vote', async () => {
    const log = await world.as.admin.get(
      '/api/audit-log?where[targetCollection][equals]=votes&sort=-createdAt&limit=5',
    )
    expect(log.status).toBe(200)
    const entry = log.body.docs[0]
    expect(entry).toMatchObject({
      action: 'field-change',
      actorLabel: 'shanghai-organizer@test.local',
      summary: `作废作品 #${target} 的 35 张网络投票，原因：${reason} / invalidated 35 votes of work #${target}: ${reason}`,
      details: expect.objectContaining({ field: 'valid', from: true, to: false, reason }),
    })
    expect(entry.details.votes).toHaveLength(35)
  })

  it('shows raw and valid counts apart afterwards', async () => {
    const tally = await world.as.shanghaiOrganizer.get(
      `/api/votes/summary?subProject=${subProject}`,
    )
    expect(tally.body.works[0]).toMatchObject({ entry: target, raw: 40, valid: 5, invalid: 35 })
    expect(tally.body.totals).toMatchObject({ raw: 41, valid: 6, invalid: 35 })
  })

  it('still counts an invalidated vote against its voter’s daily limit', async () => {
    const again = await vote(
      world,
      target,
      { token: await tokenFor(world.booted.payload, 'bot0@example.com') },
      '101.80.7.1',
    )
    expect(again.status).toBe(409)
  })

  it('invalidates one vote by id, audited under that vote', async () => {
    const { rows } = await pool().query<{ id: number }>(
      'select id from votes where entry_id = $1 and valid order by id limit 1',
      [target],
    )
    const id = rows[0]!.id
    const done = await world.as.admin.post('/api/votes/invalidate', {
      votes: [id],
      reason: '投票者本人申请撤回 / withdrawn at the voter’s request',
    })
    expect(done.body).toEqual({ invalidated: [id], alreadyInvalid: [] })
    const log = await world.as.admin.get(
      `/api/audit-log?where[targetCollection][equals]=votes&where[targetId][equals]=${id}`,
    )
    expect(log.body.docs).toHaveLength(1)
    const twice = await world.as.admin.post('/api/votes/invalidate', {
      votes: [id],
      reason: 'again',
    })
    expect(twice.body).toEqual({ invalidated: [], alreadyInvalid: [id] })
  })
})

describe('a burst of 2 000 votes on one work', () => {
  it('loses none and counts each once', async () => {
    const subProject = await votingSubProject(world, {}, '“最In网言网语”征集')
    const entry = await work(world, subProject)
    const total = 2_000
    const tokens = await Promise.all(
      Array.from({ length: total }, (_, index) =>
        tokenFor(world.booted.payload, `crowd${index}@example.com`),
      ),
    )
    const answers = await inParallel(
      tokens.map(
        (token, index) => () =>
          vote(world, entry, { token }, `100.64.${Math.floor(index / 250)}.${(index % 250) + 1}`),
      ),
      32,
    )
    expect(answers.filter((answer) => answer.status !== 201)).toEqual([])
    const { rows } = await pool().query(
      'select count(*)::int as n, count(distinct voter)::int as voters from votes where entry_id = $1',
      [entry],
    )
    expect(rows[0]).toEqual({ n: total, voters: total })
    const count = await send(world, { method: 'GET', path: `/api/entries/${entry}/votes` })
    expect(count.body.votes).toBe(total)
  }, 240_000)
})
