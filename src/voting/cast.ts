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

/**
 * The work no longer takes this vote as the target said (it was taken down, voting closed or
 * moved): nothing was written; the caller reads the work again for the refusal, or retries.
 */
export class StaleTarget extends Error {
  constructor() {
    super('the vote target changed')
    this.name = 'StaleTarget'
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
 * whose snapshot is taken after the locks (READ COMMITTED: one per statement). Invalidated votes
 * still count against the limits: an invalidation must not hand its voter a new vote.
 *
 * A vote with a token is one round trip — `begin; locks; count-and-insert; commit` sent as one
 * simple query, its values written as escaped literals — because the connection is held for the
 * whole transaction, and a vote should cost about what a plain insert does. A vote with a code
 * answers the code in the same transaction first, and commits only if the vote is recorded, so a
 * refused vote leaves its code usable.
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
}): Promise<CastVote> => {
  const hasToken = typeof body.token === 'string' && body.token !== ''
  const client = await pool.connect()
  let isOpen = false
  try {
    let verified: VerifiedVoter
    if (hasToken) {
      verified = await verify({ payload, pool, client, body, options })
    } else {
      await client.query('begin')
      isOpen = true
      verified = await verify({ payload, pool, client, body, options })
    }
    const statements = [
      ...(isOpen ? [] : ['begin']),
      lockStatement({ target, day, voter: verified.voter, origin }),
      countAndInsert({ client, target, day, origin, verified }),
      ...(isOpen ? [] : ['commit']),
    ]
    // Until they answer, a failed statement leaves the transaction open (aborted) either way.
    isOpen = true
    const results = (await client.query(statements.join(';\n'))) as unknown as {
      command: string
      rows: {
        is_votable: boolean
        per_voter: string | null
        per_address: string | null
        by_voter: string
        by_address: string
        id: number | null
      }[]
    }[]
    const row = results.find(
      (result) => result.command === 'SELECT' && result.rows[0]?.is_votable !== undefined,
    )!.rows[0]!
    // With a token the statements committed themselves; with a code the transaction is still ours.
    isOpen = !hasToken
    if (!row.is_votable) {
      throw new StaleTarget()
    }
    if (row.id === null) {
      throw limitRefusal({
        perVoter: Number(row.per_voter),
        perAddress: Number(row.per_address),
        byVoter: Number(row.by_voter),
      })
    }
    if (!hasToken) {
      await client.query('commit')
    }
    isOpen = false
    return { voteId: row.id, token: verified.token }
  } catch (err) {
    if (isOpen) {
      await client.query('rollback').catch(() => undefined)
    }
    throw err
  } finally {
    client.release()
  }
}

/** The advisory locks of a vote; their keys are integers computed here. */
const lockStatement = ({
  target,
  day,
  voter,
  origin,
}: {
  target: VoteTarget
  day: string
  voter: string
  origin: VoteOrigin
}) => {
  const voterKey = lockKey(`${target.entryId}:${voter}:${day}`)
  const addressKey = origin.limitKey
    ? lockKey(`${target.subProjectId}:${origin.limitKey}:${day}`)
    : null
  return (
    `select pg_advisory_xact_lock(${votingLocks.voter}, ${voterKey})` +
    (addressKey === null ? '' : `, pg_advisory_xact_lock(${votingLocks.address}, ${addressKey})`)
  )
}

/**
 * Counts the voter's votes for the work that day and the client's in the sub-project that day,
 * inserts the vote if both are under their limits, and answers the counts and the new vote's id
 * (null when refused). Text values are escaped literals. The work's valid votes are not counted
 * here: that read grows with the work's votes and would hold the locks while it runs; the caller
 * reads them after the commit (`countValidVotes`).
 */
const countAndInsert = ({
  client,
  target,
  day,
  origin,
  verified,
}: {
  client: PoolClient
  target: VoteTarget
  day: string
  origin: VoteOrigin
  verified: VerifiedVoter
}) => {
  const text = (value: string | null) => (value === null ? 'null' : client.escapeLiteral(value))
  const int = (value: number | null) => {
    if (value === null) {
      return 'null'
    }
    if (!Number.isSafeInteger(value)) {
      throw new Error(`not an integer: ${value}`)
    }
    return String(value)
  }
  const entry = int(target.entryId)
  const subProject = int(target.subProjectId)
  const pattern = origin.limitKey ? likePattern(origin.limitKey) : null
  const tz = text(target.timeZone)
  // The work's state as of this statement: the cached target only routes the vote.
  return `with s as (
      select (e.status = 'published' and e.syndication_pubstatus is distinct from 'canceled'
              and e.sub_project_id = ${subProject}
              and coalesce(sp.voting_enabled, false) and sp._status = 'published'
              and (sp.voting_opens_at is null
                   or ${text(day)} >= to_char(sp.voting_opens_at at time zone ${tz}, 'YYYY-MM-DD'))
              and (sp.voting_closes_at is null
                   or ${text(day)} <= to_char(sp.voting_closes_at at time zone ${tz}, 'YYYY-MM-DD'))
             ) as is_votable,
             greatest(coalesce(sp.voting_per_voter_per_day, 1), 1) as per_voter,
             greatest(coalesce(sp.voting_per_address_per_day, 50), 1) as per_address
        from entries e join sub_projects sp on sp.id = e.sub_project_id
       where e.id = ${entry}
    ),
    c as (
      select (select count(*) from votes
               where entry_id = ${entry} and voter = ${text(verified.voter)} and day = ${text(day)}) as by_voter,
             ${
               pattern === null
                 ? '0'
                 : `(select count(*) from votes
               where address_block = ${text(origin.block)} and address like ${text(pattern)}
                 and sub_project_id = ${subProject} and day = ${text(day)})`
             } as by_address
    ),
    ins as (
      insert into votes (entry_id, sub_project_id, campaign_id, day, valid, voter, verifier,
                         address, address_block, user_agent)
      select ${entry}, ${subProject}, ${int(target.campaignId)}, ${text(day)}, true,
             ${text(verified.voter)}, ${text(verified.kind)}, ${text(origin.address)},
             ${text(origin.block)}, ${text(origin.userAgent)}
        from c, s
       where s.is_votable and c.by_voter < s.per_voter and c.by_address < s.per_address
      returning id
    )
    select coalesce(s.is_votable, false) as is_votable, s.per_voter, s.per_address,
           c.by_voter, c.by_address, (select id from ins) as id
      from c left join s on true`
}

const limitRefusal = ({
  perVoter: limit,
  perAddress,
  byVoter,
}: {
  perVoter: number
  perAddress: number
  byVoter: number
}) => {
  if (byVoter >= limit) {
    return refuse(
      409,
      limit === 1
        ? `今天已为该作品投过票，请明天再来 / you have already voted for this work today: come back tomorrow`
        : `今天为该作品投票已达 ${limit} 次，请明天再来 / you have voted ${limit} times for this work today: come back tomorrow`,
    )
  }
  return refuse(
    429,
    `本网络地址今天的投票已达上限（${perAddress} 票） / this network address has reached today's limit of ${perAddress} votes`,
  )
}

/** `address like` pattern of a limit key: the IPv4 address itself, or the IPv6 /64 prefix and `%`. */
const likePattern = (limitKey: string) => (limitKey.endsWith(':') ? `${limitKey}%` : limitKey)
