import type { Endpoint, Payload, PayloadRequest } from 'payload'

import { poolOf } from '../../plugins/shared/pool'
import { actorOf, hostedCampaignIds } from '../access/roles'
import type { Answer, HeaderReader } from './answer'

import { jsonAnswer, toResponse } from './answer'
import { castVote, StaleTarget, verifyVoter } from './cast'
import { voteOriginOf } from './clientAddress'
import { sendCode } from './codes'
import {
  countAnswer,
  countValidVotes,
  entryCount,
  forgetCounts,
  keepEntryCount,
  subProjectCounts,
  subProjectTally,
} from './counts'
import { flagVotes, scheduleFlagSweep } from './flags'
import { invalidateVotes } from './invalidate'
import { votingOptions } from './options'
import { refusalAnswer, refusalResponse, refuse, VoteRefusal } from './refusal'
import { entryIdOf, openTarget, requireOpenForVotes } from './target'
import { verifierOf } from './verifiers'

/**
 * 网络投票 over HTTP (docs/voting.md):
 * - `POST /api/votes/code` `{ email, entry? }` → 202: a one-time code by mail;
 * - `POST /api/votes/verify` `{ email, code }` → 200 `{ token, expiresAt }`;
 * - `POST /api/entries/:id/vote` `{ token }` or `{ email, code }` → 201 `{ entry, votes, day }`
 *   (and a `token` when a code was answered);
 * - `GET /api/entries/:id/votes` and `GET /api/votes/counts?subProject=` → public counts;
 * - `GET /api/votes/summary?subProject=` → the organizer's tally (raw, valid, flags);
 * - `POST /api/votes/invalidate` `{ votes | filter, reason }` → 200, audited.
 */

/** Refusals as bilingual 4xx; anything else goes on to the caller's error handling. */
const answeringPlain =
  <A extends unknown[]>(handler: (...args: A) => Promise<Answer>) =>
  async (...args: A): Promise<Answer> => {
    try {
      return await handler(...args)
    } catch (err) {
      if (err instanceof VoteRefusal) {
        return refusalAnswer(err)
      }
      throw err
    }
  }

/** `answeringPlain` for Payload's endpoints, which answer a Web `Response`. */
const answering =
  <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  async (...args: A): Promise<Response> => {
    try {
      return await handler(...args)
    } catch (err) {
      if (err instanceof VoteRefusal) {
        return refusalResponse(err)
      }
      throw err
    }
  }

/** The body as a JSON object; a 400 for anything else (`undefined`: not JSON at all). */
const objectBody = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw refuse(400, '请求内容应为 JSON 对象 / the body must be a JSON object')
  }
  return body as Record<string, unknown>
}

const bodyOf = async (req: PayloadRequest): Promise<Record<string, unknown>> =>
  objectBody(await req.json?.().catch(() => undefined))

/** `?subProject=` as an id; a 400 naming the parameter otherwise. */
const subProjectId = (value: string | null): number => {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) {
    throw refuse(400, '请指定子项目（subProject=编号） / name the sub-project (subProject=id)')
  }
  return Number(value)
}

const subProjectParam = (req: PayloadRequest): number =>
  subProjectId(new URL(req.url ?? '', 'http://votes.invalid').searchParams.get('subProject'))

const noStore = { 'cache-control': 'no-store' }

/** The campaign's hosts and the office: who reads a sub-project's tally. */
const requireOrganizerOf = async (req: PayloadRequest, subProjectId: number) => {
  const actor = actorOf(req)
  if (actor.kind === 'public') {
    throw refuse(401, '请先登录 / log in first')
  }
  const { rows } = await poolOf(req.payload).query<{ campaign_id: number | null }>(
    'select campaign_id from sub_projects where id = $1',
    [subProjectId],
  )
  if (!rows[0]) {
    throw refuse(404, '没有该子项目 / no such sub-project')
  }
  const campaignId = rows[0].campaign_id
  const isHost =
    actor.kind === 'admin' ||
    (actor.kind === 'organizer' &&
      campaignId !== null &&
      (await hostedCampaignIds(req, actor.organizerId)).includes(campaignId))
  if (!isHost) {
    throw refuse(
      403,
      '只有活动主办单位和全国办公室可查看投票明细 / only the campaign’s hosts and the national office read the tally',
    )
  }
}

/**
 * The public answers (a vote, the counts), from what a request carries, so the Payload endpoints
 * below and the Express fast path in front of Next (src/voting/fastPath.ts) answer alike. Plain
 * answers (`Answer`): the fast path writes them as they are, the endpoints as a `Response`.
 */
export const publicAnswers = {
  /** `POST /api/entries/:id/vote`; `body` is the parsed JSON, `undefined` when it was not JSON. */
  vote: answeringPlain(
    async ({
      payload,
      entry,
      body: raw,
      headers,
    }: {
      payload: Payload
      entry: unknown
      body: unknown
      headers: HeaderReader
    }) => {
      const pool = poolOf(payload)
      const entryId = entryIdOf(entry)
      const body = objectBody(raw)
      const options = votingOptions()
      const attempt = async (isFresh: boolean) => {
        const open = await openTarget({ pool, entryId, isFresh })
        const cast = await castVote({
          payload,
          pool,
          target: open.target,
          day: open.day,
          origin: voteOriginOf({ headers }),
          body,
          options,
        })
        return { ...open, cast }
      }
      let voted: Awaited<ReturnType<typeof attempt>>
      try {
        voted = await attempt(false)
      } catch (err) {
        if (!(err instanceof StaleTarget)) {
          throw err
        }
        // The work changed since this process read it: read it again, for the refusal or the vote.
        voted = await attempt(true).catch((again: unknown) => {
          throw again instanceof StaleTarget
            ? refuse(409, '作品状态刚刚变化，请重试 / the work changed just now: try again')
            : again
        })
      }
      const { target, day, cast } = voted
      forgetCounts({ payload, entryIds: [entryId], subProjectIds: [target.subProjectId] })
      scheduleFlagSweep({ payload, castAt: new Date(), options })
      // Read after the commit, so this vote is among them; also the work's public count now.
      const counted = await countValidVotes({ pool, entryId })
      keepEntryCount({ payload, entryId, subProjectId: target.subProjectId, counted })
      return jsonAnswer(
        201,
        {
          entry: entryId,
          votes: counted.votes,
          day,
          ...(cast.token
            ? { token: cast.token.token, tokenExpiresAt: cast.token.expiresAt.toISOString() }
            : {}),
        },
        noStore,
      )
    },
  ),

  /** `GET /api/entries/:id/votes`. */
  entryCount: answeringPlain(
    async ({
      payload,
      entry,
      headers,
    }: {
      payload: Payload
      entry: unknown
      headers: HeaderReader
    }) =>
      countAnswer(
        await entryCount({ payload, pool: poolOf(payload), entryId: entryIdOf(entry) }),
        headers.get('if-none-match'),
      ),
  ),

  /** `GET /api/votes/counts?subProject=`. */
  subProjectCounts: answeringPlain(
    async ({
      payload,
      subProject,
      headers,
    }: {
      payload: Payload
      subProject: string | null
      headers: HeaderReader
    }) =>
      countAnswer(
        await subProjectCounts({
          payload,
          pool: poolOf(payload),
          subProjectId: subProjectId(subProject),
        }),
        headers.get('if-none-match'),
      ),
  ),
}

export const voteEndpoints: Endpoint[] = [
  {
    path: '/code',
    method: 'post',
    handler: answering(async (req) => {
      const body = await bodyOf(req)
      const named = verifierOf(body)
      if (!named) {
        throw refuse(400, '请填写邮箱（email） / email: enter your e-mail address')
      }
      let entryTitle: string | undefined
      const pool = poolOf(req.payload)
      if (body.entry !== undefined && body.entry !== null) {
        // Asked for a work: only a work open for votes gets a code sent on its behalf.
        const { target } = await requireOpenForVotes({ pool, entryId: entryIdOf(body.entry) })
        entryTitle = target.title
      }
      const { expiresAt } = await sendCode({
        payload: req.payload,
        pool,
        verifier: named.verifier,
        raw: named.raw,
        clientKey: voteOriginOf(req).limitKey,
        options: votingOptions(),
        entryTitle,
      })
      return Response.json(
        {
          message: `验证码已发送，${Math.round(votingOptions().codeTtlSeconds / 60)} 分钟内有效 / a code is on its way, valid for ${Math.round(votingOptions().codeTtlSeconds / 60)} minutes`,
          expiresAt: expiresAt.toISOString(),
        },
        { status: 202, headers: noStore },
      )
    }),
  },
  {
    path: '/verify',
    method: 'post',
    handler: answering(async (req) => {
      const token = await verifyVoter({
        payload: req.payload,
        pool: poolOf(req.payload),
        body: await bodyOf(req),
        options: votingOptions(),
      })
      return Response.json(
        { token: token.token, expiresAt: token.expiresAt.toISOString() },
        { headers: noStore },
      )
    }),
  },
  {
    path: '/counts',
    method: 'get',
    handler: async (req) =>
      toResponse(
        await publicAnswers.subProjectCounts({
          payload: req.payload,
          subProject: new URL(req.url ?? '', 'http://votes.invalid').searchParams.get('subProject'),
          headers: req.headers,
        }),
      ),
  },
  {
    path: '/summary',
    method: 'get',
    handler: answering(async (req) => {
      const subProjectId = subProjectParam(req)
      await requireOrganizerOf(req, subProjectId)
      const pool = poolOf(req.payload)
      // Flags as of now, whatever became of the sweep scheduled after the last votes.
      await flagVotes({ pool, scope: { subProjectId }, options: votingOptions() })
      const tally = await subProjectTally({ pool, subProjectId })
      return Response.json(
        { subProject: subProjectId, ...tally },
        { headers: { 'cache-control': 'private, no-store' } },
      )
    }),
  },
  {
    path: '/invalidate',
    method: 'post',
    handler: answering(async (req) => {
      if (actorOf(req).kind === 'public') {
        throw refuse(401, '请先登录 / log in first')
      }
      const result = await invalidateVotes({
        req,
        body: await bodyOf(req),
        options: votingOptions(),
      })
      return Response.json(result, { headers: noStore })
    }),
  },
]

/** On entries: `POST /api/entries/:id/vote` and the public counts. */
export const entryVoteEndpoints: Endpoint[] = [
  {
    path: '/:id/vote',
    method: 'post',
    handler: async (req) =>
      toResponse(
        await publicAnswers.vote({
          payload: req.payload,
          entry: req.routeParams?.id,
          body: await req.json?.().catch(() => undefined),
          headers: req.headers,
        }),
      ),
  },
  {
    path: '/:id/votes',
    method: 'get',
    handler: async (req) =>
      toResponse(
        await publicAnswers.entryCount({
          payload: req.payload,
          entry: req.routeParams?.id,
          headers: req.headers,
        }),
      ),
  },
]
