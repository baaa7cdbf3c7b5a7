/**
 * Shanghai 2017 (沪工总宣〔2017〕152号): the city opens its works to a city-wide public vote
 * (在全市范围内开放网友投票) beside the expert committee. The organizations, campaign and
 * sub-projects the voting tests share, and an anonymous client that speaks for any address.
 */
import type { Payload } from 'payload'

import { addDays } from 'date-fns'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'
import type { Mailbox } from '../helpers/smtp'

import { deadlineDay } from '../../plugins/shared/deadline'
import { signVoterToken, voterHash } from '../../src/voting/secrets'
import { normaliseEmail } from '../../src/voting/verifiers'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'
import { startMailbox } from '../helpers/smtp'

export type VotingWorld = {
  booted: Booted
  server: Awaited<ReturnType<typeof serveApp>>
  mailbox: Mailbox
  ids: Record<string, number>
  as: Record<'admin' | 'shanghaiOrganizer' | 'linfenOrganizer', Api>
  close: () => Promise<void>
}

export const password = 'voting-test-password-1'

/** A calendar day in Beijing, `offset` days from today, as the admin's day picker stores it (noon UTC). */
export const beijingDay = (offset = 0): string =>
  `${deadlineDay(addDays(new Date(), offset))}T12:00:00.000Z`

export const bootVotingWorld = async (
  name: string,
  env: Record<string, string> = {},
): Promise<VotingWorld> => {
  const mailbox = await startMailbox()
  const booted = await bootPayload({ name, env: { ...mailbox.env, ...env } })
  const server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const ids: Record<string, number> = {}
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  ids.shanghai = await create('organizers', {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
  })
  ids.linfen = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
  })
  ids.campaign = await create('campaigns', {
    name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
    year: 2017,
    status: 'active',
    hosts: [ids.shanghai],
  })
  await create('users', {
    email: 'shanghai-organizer@test.local',
    password,
    role: 'organizer',
    organizer: ids.shanghai,
    name: '上海市总工会宣教部',
  })
  await create('users', {
    email: 'linfen-organizer@test.local',
    password,
    role: 'organizer',
    organizer: ids.linfen,
    name: '临汾市活动组织者',
  })
  const as = {
    admin: await apiClient(server.url),
    shanghaiOrganizer: await apiClient(server.url, {
      email: 'shanghai-organizer@test.local',
      password,
    }),
    linfenOrganizer: await apiClient(server.url, {
      email: 'linfen-organizer@test.local',
      password,
    }),
  }
  return {
    booted,
    server,
    mailbox,
    ids,
    as,
    close: async () => {
      await server.close()
      await payload.destroy()
      await mailbox.close()
    },
  }
}

let counter = 0

/** A published call of the campaign, open to votes from yesterday to tomorrow unless `voting` says otherwise. */
export const votingSubProject = async (
  world: VotingWorld,
  voting: Record<string, unknown> = {},
  name = '“最美劳动者”微电影、微视频征集',
): Promise<number> =>
  Number(
    (
      await world.booted.payload.create({
        collection: 'sub-projects',
        data: {
          campaign: world.ids.campaign,
          name: `${name}（${++counter}）`,
          kind: 'micro-video',
          _status: 'published',
          voting: {
            enabled: true,
            opensAt: beijingDay(-1),
            closesAt: beijingDay(1),
            ...voting,
          },
        } as never,
      })
    ).id,
  )

/** A work of `subProject`, published unless `status` says otherwise. */
export const work = async (
  world: VotingWorld,
  subProject: number,
  status = 'published',
): Promise<number> =>
  Number(
    (
      await world.booted.payload.create({
        collection: 'entries',
        data: {
          title: `作品${++counter}：申城工匠的一天`,
          subProject,
          submittingUnit: world.ids.shanghai,
          status,
          authors: [{ name: `陆师傅${counter}` }],
        } as never,
      })
    ).id,
  )

export type Reply = { status: number; body: any; headers: Headers }

/** An anonymous request from `ip` (the app trusts X-Forwarded-For from loopback, as behind one proxy). */
export const send = async (
  world: VotingWorld,
  {
    method = 'POST',
    path,
    body,
    ip = '203.0.113.10',
    headers = {},
  }: {
    method?: string
    path: string
    body?: unknown
    ip?: string
    headers?: Record<string, string>
  },
): Promise<Reply> => {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': ip,
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.44',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
}

/** Asks for a code for `email` and reads it from the mail the SMTP server received. */
export const codeFor = async (
  world: VotingWorld,
  email: string,
  { entry, ip }: { entry?: number; ip?: string } = {},
): Promise<string> => {
  const before = world.mailbox.messages.length
  const asked = await send(world, { path: '/api/votes/code', body: { email, entry }, ip })
  if (asked.status !== 202) {
    throw new Error(`code for ${email}: ${asked.status} ${JSON.stringify(asked.body)}`)
  }
  const mail = await world.mailbox.waitFor(
    (each) =>
      world.mailbox.messages.indexOf(each) >= before &&
      (each.to as { text: string }).text === email,
    10_000,
  )
  return /\b(\d{6})\b/.exec(mail.subject ?? '')![1]!
}

/**
 * A voter token as `POST /api/votes/verify` issues it, signed here for tests that need voters by
 * the hundred: the code round trip is tested on its own, and mailing hundreds of codes would
 * only test the SMTP server.
 */
export const tokenFor = async (payload: Payload, email: string): Promise<string> =>
  (
    await signVoterToken({
      payload,
      voter: voterHash({ payload, kind: 'email', address: normaliseEmail(email)! }),
      kind: 'email',
      ttlSeconds: 3600,
    })
  ).token

export const vote = (
  world: VotingWorld,
  entry: number,
  body: unknown,
  ip?: string,
  headers?: Record<string, string>,
) => send(world, { path: `/api/entries/${entry}/vote`, body, ip, headers })

/** Votes stored for `entry`, counted in the database. */
export const storedVotes = async (world: VotingWorld, entry: number) =>
  (
    await world.booted.payload.count({
      collection: 'votes',
      where: { entry: { equals: entry } },
      overrideAccess: true,
    })
  ).totalDocs
