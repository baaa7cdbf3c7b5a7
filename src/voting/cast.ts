import type { Payload } from 'payload'
import type { Pool, PoolClient } from 'pg'

import type { VoteOrigin } from './clientAddress'
import type { VotingOptions } from './options'
import type { VoteTarget } from './target'

import { codeRefusal, countWrongCode, useCode, voterOf } from './codes'
import { refuse } from './refusal'
import { lockKey, readVoterToken, signVoterToken, votingLocks } from './secrets'
import { verifierOf, verifiers } from './verifiers'

/** How a vote (or `/votes/verify`) proves its voter: a voter token, or an address with its code. */
export type Verification = { token: string } | { body: Record<string, unknown> }

/** A voter whose proof checked out; `token` is new when the proof was a code. */
type VerifiedVoter = {
  voter: string
  kind: string
  token?: { token: string; expiresAt: Date }
}

/**
 * Who the request speaks for. A token is checked without the database; a code is answered
 * inside `client`'s transaction (so a refused vote leaves it usable), its wrong tries counted
 * outside it. Refusals: 401 without any proof, 400 for a bad code or token.
 */
const verify = async ({
  payload,
  pool,
  client,
  body,
  options,
}: {
  payload: Payload
  pool: Pool
  client: PoolClient
  body: Record<string, unknown>
  options: VotingOptions
}): Promise<VerifiedVoter> => {
  if (typeof body.token === 'string' && body.token) {
    const claims = await readVoterToken({ payload, token: body.token })
    if (!claims || !verifiers.some((each) => each.kind === claims.kind)) {
      throw refuse(
        401,
        '投票凭证无效或已过期，请重新获取验证码 / the voter token is invalid or has expired: ask for a new code',
      )
    }
    return { voter: claims.voter, kind: claims.kind }
  }
  const named = verifierOf(body)
  if (!named || body.code === undefined) {
    throw refuse(
      401,
      '请先验证：提供邮箱和验证码（email、code），或投票凭证（token） / verify first: send your e-mail address and code (email, code), or your voter token (token)',
    )
  }
  const { voter } = voterOf({ payload, verifier: named.verifier, raw: named.raw })
  const outcome = await useCode({
    payload,
    client,
    voter,
    kind: named.verifier.kind,
    code: body.code,
    options,
  })
  if (outcome !== 'ok') {
    if (outcome === 'wrong') {
      await countWrongCode({ pool, voter, kind: named.verifier.kind })
    }
    throw codeRefusal(outcome)
  }
  return {
    voter,
    kind: named.verifier.kind,
    token: await signVoterToken({
      payload,
      voter,
      kind: named.verifier.kind,
      ttlSeconds: options.tokenTtlSeconds,
    }),
  }
}

/** A transaction on its own connection, rolled back on any throw. */
const inTransaction = async <T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const result = await fn(client)
    await client.query('commit')
    return result
  } catch (err) {
    await client.query('rollback').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

/**
 * `POST /api/votes/verify`: answers a code for a voter token, without voting (an H5 page that
 * verifies once, then votes for several works).
 */
export const verifyVoter = async ({
  payload,
  pool,
  body,
  options,
}: {
  payload: Payload
  pool: Pool
  body: Record<string, unknown>
  options: VotingOptions
}): Promise<{ token: string; expiresAt: Date }> => {
  if (!verifierOf(body) || body.code === undefined) {
    throw refuse(
      400,
      '请提供邮箱和验证码（email、code） / send your e-mail address and code (email, code)',
    )
  }
  const verified = await inTransaction(pool, (client) =>
    verify({ payload, pool, client, body, options }),
  )
  return verified.token!
}

export type CastVote = {
  voteId: number
  /** The work's valid votes, this one included. */
  votes: number
  /** A new voter token, when the vote was verified by a code. */
  token?: { token: string; expiresAt: Date }
}

/**
 * Records one vote for `target` on `day`, or refuses it with nothing written.
 *
 * The limits hold under concurrency: the transaction first takes two advisory locks — the
 * voter's on this work and day, then the client's on this sub-project and day, always in that
 * order (no deadlock) — so two requests that could pass a limit together run one after the
 * other, and the second counts the first's vote. The counts and the insert are one statement
 * (its snapshot is taken after the locks). Invalidated votes still count against the limits: an
 * invalidation must not hand its voter a new vote.
 */
export const castVote = async ({
  payload,
  pool,
  target,
  day,
  origin,
  body,
  options,
}: {
  payload: Payload
  pool: Pool
  target: VoteTarget
  day: string
  origin: VoteOrigin
  body: Record<string, unknown>
  options: VotingOptions
}): Promise<CastVote> =>
  inTransaction(pool, async (client) => {
    const verified = await verify({ payload, pool, client, body, options })
    const voterKey = lockKey(`${target.entryId}:${verified.voter}:${day}`)
    const addressKey = origin.limitKey
      ? lockKey(`${target.subProjectId}:${origin.limitKey}:${day}`)
      : null
    // Integers computed here: no text of the request reaches this statement.
    await client.query(
      `select pg_advisory_xact_lock(${votingLocks.voter}, ${voterKey})` +
        (addressKey === null
          ? ''
          : `, pg_advisory_xact_lock(${votingLocks.address}, ${addressKey})`),
    )
    const { rows } = await client.query<{
      by_voter: string
      by_address: string
      id: number | null
      votes: string
    }>(
      `with c as (
         select (select count(*) from votes
                  where entry_id = $1 and voter = $2 and day = $3) as by_voter,
                (case when $6::text is null then 0
                      else (select count(*) from votes
                             where address_block = $7 and address like $6
                               and sub_project_id = $4 and day = $3) end) as by_address
       ),
       ins as (
         insert into votes (entry_id, sub_project_id, campaign_id, day, valid, voter, verifier,
                            address, address_block, user_agent)
         select $1, $4, $5, $3, true, $2, $8, $9, $7, $10 from c
          where c.by_voter < $11 and c.by_address < $12
         returning id
       )
       select c.by_voter, c.by_address, (select id from ins) as id,
              (select count(*) from votes where entry_id = $1 and valid)
                + (select count(*) from ins) as votes
         from c`,
      [
        target.entryId,
        verified.voter,
        day,
        target.subProjectId,
        target.campaignId,
        origin.limitKey ? likePattern(origin.limitKey) : null,
        origin.block,
        verified.kind,
        origin.address,
        origin.userAgent,
        target.voting.perVoterPerDay,
        target.voting.perAddressPerDay,
      ],
    )
    const row = rows[0]!
    if (row.id === null) {
      if (Number(row.by_voter) >= target.voting.perVoterPerDay) {
        const limit = target.voting.perVoterPerDay
        throw refuse(
          409,
          limit === 1
            ? `今天已为该作品投过票，请明天再来 / you have already voted for this work today: come back tomorrow`
            : `今天为该作品投票已达 ${limit} 次，请明天再来 / you have voted ${limit} times for this work today: come back tomorrow`,
        )
      }
      throw refuse(
        429,
        `本网络地址今天的投票已达上限（${target.voting.perAddressPerDay} 票） / this network address has reached today's limit of ${target.voting.perAddressPerDay} votes`,
      )
    }
    return { voteId: row.id, votes: Number(row.votes), token: verified.token }
  })

/** `address like` pattern of a limit key: the IPv4 address itself, or the IPv6 /64 prefix and `%`. */
const likePattern = (limitKey: string) => (limitKey.endsWith(':') ? `${limitKey}%` : limitKey)
