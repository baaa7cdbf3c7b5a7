/**
 * 网络投票 over HTTP, as a partner page or an H5 page casts it: a code by e-mail (read from a
 * real SMTP server), one vote per voter per work per day, the per-address limit, the window,
 * bad codes, parallel requests, and public counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { VotingWorld } from './fixture'

import { poolOf } from '../../plugins/shared/pool'
import {
  beijingDay,
  bootVotingWorld,
  codeFor,
  send,
  storedVotes,
  tokenFor,
  vote,
  votingSubProject,
  work,
} from './fixture'

let world: VotingWorld
let subProject: number

beforeAll(async () => {
  world = await bootVotingWorld('voting')
  subProject = await votingSubProject(world)
}, 300_000)

afterAll(async () => {
  await world?.close()
})

const pool = () => poolOf(world.booted.payload)

describe('a voter verified by an e-mailed code', () => {
  let entry: number
  let token: string

  it('gets a six-digit code by mail and votes with it: 201 with the work’s count and a voter token', async () => {
    entry = await work(world, subProject)
    const code = await codeFor(world, 'chen.worker@example.com', { entry })
    expect(code).toMatch(/^\d{6}$/)
    const mail = world.mailbox.messages.at(-1)!
    expect(mail.text).toContain('作品《')
    const cast = await vote(world, entry, { email: 'chen.worker@example.com', code })
    expect(cast.status, JSON.stringify(cast.body)).toBe(201)
    expect(cast.body).toMatchObject({ entry, votes: 1, day: beijingDay().slice(0, 10) })
    expect(cast.body.token).toEqual(expect.any(String))
    token = cast.body.token
  })

  it('keeps neither the address nor the code in clear', async () => {
    const { rows } = await pool().query(
      `select row_to_json(c)::text as row from voter_codes c
        union all select row_to_json(v)::text from votes v where v.entry_id = $1`,
      [entry],
    )
    expect(rows.length).toBeGreaterThanOrEqual(2)
    for (const { row } of rows) {
      expect(row).not.toContain('chen.worker')
      expect(row).not.toContain('example.com')
    }
  })

  it('refuses a second vote for the same work the same day, and writes nothing', async () => {
    const again = await vote(world, entry, { token })
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toMatch(
      /^今天已为该作品投过票.* \/ you have already voted/,
    )
    expect(await storedVotes(world, entry)).toBe(1)
  })

  it.each([
    ['upper case', 'Chen.Worker@Example.COM'],
    ['a +tag', 'chen.worker+vote2@example.com'],
  ])('takes the same mailbox written with %s for the same voter', async (_, email) => {
    const alias = await tokenFor(world.booted.payload, email)
    expect((await vote(world, entry, { token: alias })).status).toBe(409)
  })

  it('lets the same voter vote for another work with its token', async () => {
    const other = await work(world, subProject)
    const cast = await vote(world, other, { token })
    expect(cast.status).toBe(201)
    expect(cast.body).toMatchObject({ entry: other, votes: 1 })
    expect(cast.body.token).toBeUndefined()
  })

  it('answers /votes/verify with a token a vote accepts', async () => {
    const code = await codeFor(world, 'lu.zhuo@example.com')
    const verified = await send(world, {
      path: '/api/votes/verify',
      body: { email: 'lu.zhuo@example.com', code },
    })
    expect(verified.status).toBe(200)
    expect(new Date(verified.body.expiresAt).getTime()).toBeGreaterThan(Date.now())
    expect((await vote(world, entry, { token: verified.body.token })).status).toBe(201)
  })

  it('answers a code request the same whether the address has voted or not', async () => {
    const voted = await send(world, {
      path: '/api/votes/code',
      body: { email: 'lu.zhuo@example.com' },
      ip: '198.51.100.20',
    })
    const fresh = await send(world, {
      path: '/api/votes/code',
      body: { email: 'never.voted@example.com' },
      ip: '198.51.100.21',
    })
    // lu.zhuo asked a minute ago: both answers are about asking, not voting.
    expect(voted.status).toBe(429)
    expect(voted.body.errors[0].message).toMatch(/^验证码已发送/)
    expect(fresh.status).toBe(202)
    expect(Object.keys(fresh.body).sort()).toEqual(['expiresAt', 'message'])
  })
})

describe('bad verification', () => {
  let entry: number
  beforeAll(async () => {
    entry = await work(world, subProject)
  })

  it.each([
    ['no verification at all', {}, 401, /^请先验证/],
    ['a made-up token', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' }, 401, /^投票凭证无效或已过期/],
    ['a code never sent', { email: 'nobody@example.com', code: '123456' }, 400, /^验证码错误/],
    [
      'not an e-mail address',
      { email: 'not-an-address', code: '123456' },
      400,
      /^请填写有效的邮箱/,
    ],
  ])('refuses %s with a bilingual 4xx and writes nothing', async (_, body, status, message) => {
    const refused = await vote(world, entry, body)
    expect(refused.status).toBe(status)
    expect(refused.body.errors[0].message).toMatch(message)
    expect(refused.body.errors[0].message).toContain(' / ')
    expect(await storedVotes(world, entry)).toBe(0)
  })

  it('refuses a wrong code, then takes the right one', async () => {
    const code = await codeFor(world, 'wang.wrong@example.com')
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const refused = await vote(world, entry, { email: 'wang.wrong@example.com', code: wrong })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toBe('验证码错误 / wrong code')
    expect(await storedVotes(world, entry)).toBe(0)
    expect((await vote(world, entry, { email: 'wang.wrong@example.com', code })).status).toBe(201)
  })

  it('refuses a code used once already', async () => {
    const other = await work(world, subProject)
    const code = await codeFor(world, 'li.reuse@example.com')
    expect((await vote(world, entry, { email: 'li.reuse@example.com', code })).status).toBe(201)
    const reused = await vote(world, other, { email: 'li.reuse@example.com', code })
    expect(reused.status).toBe(400)
    expect(reused.body.errors[0].message).toMatch(/^验证码已使用/)
    expect(await storedVotes(world, other)).toBe(0)
  })

  it('refuses an expired code', async () => {
    const code = await codeFor(world, 'zhao.late@example.com')
    // Ten minutes on, as the database sees it.
    await pool().query(
      `update voter_codes set expires_at = now() - interval '1 second'
        where id = (select max(id) from voter_codes)`,
    )
    const late = await vote(world, entry, { email: 'zhao.late@example.com', code })
    expect(late.status).toBe(400)
    expect(late.body.errors[0].message).toMatch(/^验证码已过期/)
  })

  it('stops answering a code after five wrong tries, the right code included', async () => {
    const code = await codeFor(world, 'sun.guess@example.com')
    for (let attempt = 0; attempt < 5; attempt++) {
      const guess = String((Number(code) + 1 + attempt) % 1_000_000).padStart(6, '0')
      expect(
        (await vote(world, entry, { email: 'sun.guess@example.com', code: guess })).status,
      ).toBe(400)
    }
    const right = await vote(world, entry, { email: 'sun.guess@example.com', code })
    expect(right.status).toBe(400)
    expect(right.body.errors[0].message).toMatch(/^验证码错误次数过多/)
  })

  it('takes a code at most once when it is answered twice at the same time', async () => {
    const code = await codeFor(world, 'qian.twice@example.com')
    const works = [await work(world, subProject), await work(world, subProject)]
    const answers = await Promise.all(
      [...works, ...works].map((each) =>
        vote(world, each, { email: 'qian.twice@example.com', code }),
      ),
    )
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1)
    expect(answers.filter((answer) => answer.status === 400)).toHaveLength(3)
  })
})

describe('limits', () => {
  it('counts exactly one of 20 parallel votes by one voter for one work', async () => {
    const entry = await work(world, subProject)
    const token = await tokenFor(world.booted.payload, 'parallel@example.com')
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => vote(world, entry, { token })),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      201,
      ...Array.from({ length: 19 }, () => 409),
    ])
    expect(await storedVotes(world, entry)).toBe(1)
  })

  it('counts the votes per voter and day the sub-project allows (3), in parallel too', async () => {
    const generous = await votingSubProject(world, { perVoterPerDay: 3 })
    const entry = await work(world, generous)
    const token = await tokenFor(world.booted.payload, 'three.times@example.com')
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => vote(world, entry, { token })),
    )
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3)
    const refusal = answers.find((answer) => answer.status === 409)!
    expect(refusal.body.errors[0].message).toMatch(/^今天为该作品投票已达 3 次/)
    expect(await storedVotes(world, entry)).toBe(3)
  })

  it('holds one address to its daily votes in the sub-project (5), 20 voters at once', async () => {
    const strict = await votingSubProject(world, { perAddressPerDay: 5 })
    const entries = [await work(world, strict), await work(world, strict)]
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, index) =>
        vote(
          world,
          entries[index % 2]!,
          { token: await tokenFor(world.booted.payload, `campus${index}@example.com`) },
          '202.120.1.1',
        ),
      ),
    )
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5)
    const refused = answers.find((answer) => answer.status === 429)!
    expect(refused.body.errors[0].message).toMatch(/^本网络地址今天的投票已达上限（5 票）/)
    // Another address of the same block is a client of its own.
    const neighbour = await vote(
      world,
      entries[0]!,
      { token: await tokenFor(world.booted.payload, 'neighbour@example.com') },
      '202.120.1.2',
    )
    expect(neighbour.status).toBe(201)
  })

  it('counts an IPv6 client by its /64, whichever address in it it picks', async () => {
    const strict = await votingSubProject(world, { perAddressPerDay: 2 })
    const entry = await work(world, strict)
    const from = async (ip: string, index: number) =>
      (
        await vote(
          world,
          entry,
          { token: await tokenFor(world.booted.payload, `v6-${index}@example.com`) },
          ip,
        )
      ).status
    expect(await from('2001:db8:1:2::1', 1)).toBe(201)
    expect(await from('2001:db8:1:2:ffff::9', 2)).toBe(201)
    expect(await from('2001:db8:1:2::3', 3)).toBe(429)
    expect(await from('2001:db8:1:3::1', 4)).toBe(201)
  })
})

describe('when a work does not take votes', () => {
  const cases: [string, () => Promise<number>, number, RegExp][] = [
    [
      'voting not enabled for its sub-project',
      async () => work(world, await votingSubProject(world, { enabled: false })),
      403,
      /^“.*”未开放网络投票 \/ public voting is not open/,
    ],
    [
      'before the window opens',
      async () =>
        work(
          world,
          await votingSubProject(world, { opensAt: beijingDay(1), closesAt: beijingDay(5) }),
        ),
      403,
      /^网络投票 \d{4}-\d{2}-\d{2} 开始 \/ voting opens on/,
    ],
    [
      'after the window closed (yesterday, in Beijing)',
      async () =>
        work(
          world,
          await votingSubProject(world, { opensAt: beijingDay(-5), closesAt: beijingDay(-1) }),
        ),
      403,
      /^网络投票已于 \d{4}-\d{2}-\d{2} 截止 \/ voting closed on/,
    ],
    [
      'an unpublished work',
      async () => work(world, subProject, 'screened-in'),
      404,
      /^没有该作品，或作品未公开/,
    ],
    [
      'a work taken down (撤稿)',
      async () => {
        const id = await work(world, subProject)
        await poolOf(world.booted.payload).query(
          `update entries set syndication_pubstatus = 'canceled' where id = $1`,
          [id],
        )
        return id
      },
      404,
      /^没有该作品，或作品未公开/,
    ],
  ]

  it.each(cases)('refuses a vote: %s, and writes nothing', async (_, make, status, message) => {
    const entry = await make()
    const token = await tokenFor(world.booted.payload, 'window@example.com')
    const refused = await vote(world, entry, { token })
    expect(refused.status).toBe(status)
    expect(refused.body.errors[0].message).toMatch(message)
    expect(await storedVotes(world, entry)).toBe(0)
  })

  it.each([
    [
      'taken down',
      (entry: number) =>
        poolOf(world.booted.payload).query(
          `update entries set syndication_pubstatus = 'canceled' where id = $1`,
          [entry],
        ),
      404,
    ],
    [
      'closed by its organizer',
      async (entry: number) => {
        const { subProject: call } = (
          await send(world, { method: 'GET', path: `/api/entries/${entry}/votes` })
        ).body
        await world.booted.payload.update({
          collection: 'sub-projects',
          id: call,
          data: { voting: { enabled: false } } as never,
        })
      },
      403,
    ],
  ])(
    'refuses the next vote at once when a work just voted for is %s',
    async (_, change, status) => {
      const entry = await work(world, await votingSubProject(world))
      const first = await tokenFor(world.booted.payload, 'before.change@example.com')
      expect((await vote(world, entry, { token: first })).status).toBe(201)
      await change(entry)
      const second = await tokenFor(world.booted.payload, 'after.change@example.com')
      expect((await vote(world, entry, { token: second })).status).toBe(status)
      expect(await storedVotes(world, entry)).toBe(1)
    },
  )

  it('takes votes on the window’s last day in Beijing', async () => {
    const closing = await votingSubProject(world, {
      opensAt: beijingDay(-3),
      closesAt: beijingDay(0),
    })
    const entry = await work(world, closing)
    const token = await tokenFor(world.booted.payload, 'last.day@example.com')
    expect((await vote(world, entry, { token })).status).toBe(201)
  })

  it('sends no code for a work that does not take votes', async () => {
    const closed = await work(world, await votingSubProject(world, { enabled: false }))
    const before = world.mailbox.messages.length
    const asked = await send(world, {
      path: '/api/votes/code',
      body: { email: 'closed@example.com', entry: closed },
    })
    expect(asked.status).toBe(403)
    expect(world.mailbox.messages).toHaveLength(before)
  })
})

describe('public counts', () => {
  let entries: number[]
  let counted: number

  beforeAll(async () => {
    counted = await votingSubProject(world)
    entries = [await work(world, counted), await work(world, counted), await work(world, counted)]
    // Votes 2, 0, 1; and a hidden work that takes none.
    await work(world, counted, 'screened-in')
    for (const [index, entry] of [entries[0], entries[0], entries[2]].entries()) {
      const token = await tokenFor(world.booted.payload, `counter${index}@example.com`)
      expect((await vote(world, entry!, { token }, `192.0.2.${index + 1}`)).status).toBe(201)
    }
  })

  it('gives a work’s valid votes to anyone, with an ETag and a short max-age', async () => {
    const read = await send(world, { method: 'GET', path: `/api/entries/${entries[0]}/votes` })
    expect(read.status).toBe(200)
    expect(read.body).toEqual({ entry: entries[0], subProject: counted, votes: 2 })
    expect(read.headers.get('cache-control')).toBe('public, max-age=5')
    const etag = read.headers.get('etag')!
    const again = await send(world, {
      method: 'GET',
      path: `/api/entries/${entries[0]}/votes`,
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
  })

  it('answers 404 for a work the public cannot read', async () => {
    const hidden = await work(world, counted, 'screened-in')
    const read = await send(world, { method: 'GET', path: `/api/entries/${hidden}/votes` })
    expect(read.status).toBe(404)
  })

  it('lists a sub-project’s public works by votes for a ranking page', async () => {
    const read = await send(world, {
      method: 'GET',
      path: `/api/votes/counts?subProject=${counted}`,
    })
    expect(read.status).toBe(200)
    expect(
      read.body.works.map((each: { entry: number; votes: number }) => [each.entry, each.votes]),
    ).toEqual([
      [entries[0], 2],
      [entries[2], 1],
      [entries[1], 0],
    ])
  })

  it('shows a new vote at once on this instance', async () => {
    const token = await tokenFor(world.booted.payload, 'fresh.count@example.com')
    expect((await vote(world, entries[1]!, { token })).body.votes).toBe(1)
    const read = await send(world, { method: 'GET', path: `/api/entries/${entries[1]}/votes` })
    expect(read.body.votes).toBe(1)
  })

  it('refuses a count list without a sub-project', async () => {
    const read = await send(world, { method: 'GET', path: '/api/votes/counts' })
    expect(read.status).toBe(400)
    expect(read.body.errors[0].message).toMatch(/^请指定子项目/)
  })
})

describe('voters are anonymous', () => {
  let entry: number
  beforeAll(async () => {
    entry = await work(world, subProject)
    const token = await tokenFor(world.booted.payload, 'anonymous.voter@example.com')
    expect((await vote(world, entry, { token }, '192.0.2.77')).status).toBe(201)
  })

  const hidden = ['voter', 'verifier', 'address', 'addressBlock', 'userAgent']

  it('shows the organizer the vote over REST without who, from where or with what', async () => {
    const read = await world.as.shanghaiOrganizer.get(`/api/votes?where[entry][equals]=${entry}`)
    expect(read.status).toBe(200)
    expect(read.body.docs).toHaveLength(1)
    for (const field of hidden) {
      expect(read.body.docs[0]).not.toHaveProperty(field)
    }
    expect(read.body.docs[0]).toMatchObject({ valid: true })
  })

  it('shows the organizer the same over GraphQL', async () => {
    const read = await world.as.shanghaiOrganizer.graphql(
      `query ($entry: JSON) { Votes(where: { entry: { equals: $entry } }) { docs { id valid voter address addressBlock userAgent verifier } } }`,
      { entry },
    )
    expect(read.body.data.Votes.docs).toHaveLength(1)
    expect(read.body.data.Votes.docs[0]).toMatchObject({
      valid: true,
      voter: null,
      address: null,
      addressBlock: null,
      userAgent: null,
      verifier: null,
    })
  })

  it('does not let the organizer filter votes by voter', async () => {
    const read = await world.as.shanghaiOrganizer.get(
      `/api/votes?where[entry][equals]=${entry}&where[address][equals]=192.0.2.77`,
    )
    expect(read.status).toBe(400)
    expect(read.body.errors[0].message).toContain('address')
  })

  it('shows the national office who and from where', async () => {
    const read = await world.as.admin.get(`/api/votes?where[entry][equals]=${entry}`)
    expect(read.body.docs[0]).toMatchObject({
      address: '192.0.2.77',
      addressBlock: '192.0.2.0/24',
      verifier: 'email',
      voter: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('shows nobody outside the campaign’s hosts any vote', async () => {
    expect(
      (await world.as.linfenOrganizer.get(`/api/votes?where[entry][equals]=${entry}`)).body.docs,
    ).toEqual([])
    const anonymous = await send(world, {
      method: 'GET',
      path: `/api/votes?where[entry][equals]=${entry}`,
    })
    expect(anonymous.status).toBe(403)
  })

  it('writes no vote through the collection, for anyone', async () => {
    const created = await world.as.admin.post('/api/votes', {
      entry,
      day: '2017-09-01',
      voter: 'x',
    })
    expect(created.status).toBe(403)
    expect(await storedVotes(world, entry)).toBe(1)
  })
})

describe('codes no limit needs any more', () => {
  it('are deleted by the nightly purge; recent codes and every vote stay', async () => {
    const db = pool()
    const votesBefore = Number((await db.query('select count(*) as n from votes')).rows[0].n)
    const insert = (daysAgo: number) =>
      db.query(
        `insert into voter_codes (voter, verifier, code_hash, expires_at, attempts, created_at, updated_at)
         values ($1, 'email', 'x', now() - make_interval(days => $2), 0,
                 now() - make_interval(days => $2), now() - make_interval(days => $2))
         returning id`,
        [`purge-test-${daysAgo}`, daysAgo],
      )
    const old = (await insert(3)).rows[0].id as number
    const recent = (await insert(0)).rows[0].id as number
    await world.booted.payload.jobs.queue({ task: 'purgeVoterCodes', input: {} })
    await world.booted.payload.jobs.run({ limit: 10 })
    const { rows } = await db.query<{ id: number }>(
      'select id from voter_codes where id = any($1::int[])',
      [[old, recent]],
    )
    expect(rows.map((row) => row.id)).toEqual([recent])
    expect(Number((await db.query('select count(*) as n from votes')).rows[0].n)).toBe(votesBefore)
  })
})
