import type { Payload } from 'payload'
import type { Pool, PoolClient } from 'pg'

import type { VotingOptions } from './options'
import type { VoterVerifier } from './verifiers'

import { refuse } from './refusal'
import { codeHash, lockKey, newCode, voterHash, votingLocks } from './secrets'

/**
 * One-time codes (验证码): sent to the voter's address, stored as a keyed hash bound to the
 * voter with its expiry and wrong attempts, answered at most once. The address itself is never
 * stored: the row names the voter by its keyed hash (and the client's IP, for the per-client limit).
 */

/** The voter an address is, for `verifier`; a 400 naming the field when it is not an address. */
export const voterOf = ({
  payload,
  verifier,
  raw,
}: {
  payload: Payload
  verifier: VoterVerifier
  raw: unknown
}): { address: string; voter: string } => {
  const address = verifier.normalise(raw)
  if (!address) {
    throw refuse(
      400,
      `请填写有效的${verifier.label.zh}（${verifier.field}） / ${verifier.field}: enter a valid ${verifier.label.en}`,
    )
  }
  return { address, voter: voterHash({ payload, kind: verifier.kind, address }) }
}

/**
 * Sends a new code to the voter. The same answer (202) whoever the voter is and whatever it has
 * voted: only the limits on asking (per address, per client) can refuse, and they count codes
 * asked for, not votes. Held to one code per `codeIntervalSeconds` and `codesPerVoter` per
 * window for the voter, `codesPerClient` per window for the client address, under a lock per
 * voter and per client so parallel requests cannot pass a limit together.
 */
export const sendCode = async ({
  payload,
  pool,
  verifier,
  raw,
  clientKey,
  options,
  entryTitle,
}: {
  payload: Payload
  pool: Pool
  verifier: VoterVerifier
  raw: unknown
  /** The client's address for the per-client limit (IPv4, or the IPv6 /64 prefix); null when unknown. */
  clientKey: string | null
  options: VotingOptions
  entryTitle?: string
}): Promise<{ expiresAt: Date }> => {
  const { address, voter } = voterOf({ payload, verifier, raw })
  const code = newCode()
  const expiresAt = new Date(Date.now() + options.codeTtlSeconds * 1000)
  const client = await pool.connect()
  let codeId: number
  try {
    await client.query('begin')
    await client.query('select pg_advisory_xact_lock($1, $2)', [
      votingLocks.codes,
      lockKey(`voter:${voter}`),
    ])
    if (clientKey) {
      await client.query('select pg_advisory_xact_lock($1, $2)', [
        votingLocks.codes,
        lockKey(`client:${clientKey}`),
      ])
    }
    const { rows } = await client.query<{
      by_voter: string
      last_at: Date | null
      by_client: string
      oldest_client_at: Date | null
      oldest_voter_at: Date | null
    }>(
      `select count(*) filter (where voter = $1 and created_at > now() - make_interval(secs => $2::int)) as by_voter,
              min(created_at) filter (where voter = $1 and created_at > now() - make_interval(secs => $2::int)) as oldest_voter_at,
              max(created_at) filter (where voter = $1) as last_at,
              count(*) filter (where address = $3 and created_at > now() - make_interval(secs => $4::int)) as by_client,
              min(created_at) filter (where address = $3 and created_at > now() - make_interval(secs => $4::int)) as oldest_client_at
         from voter_codes
        where created_at > now() - make_interval(secs => greatest($2::int, $4::int, $5::int))
          and (voter = $1 or address = $3)`,
      [
        voter,
        options.codesPerVoter.windowSeconds,
        clientKey ? storedClientKey(clientKey) : null,
        options.codesPerClient.windowSeconds,
        options.codeIntervalSeconds,
      ],
    )
    const counts = rows[0]!
    const now = Date.now()
    const waitUntil = (at: Date | null, seconds: number) =>
      at ? Math.max(1, Math.ceil((at.getTime() + seconds * 1000 - now) / 1000)) : 1
    if (counts.last_at && now - counts.last_at.getTime() < options.codeIntervalSeconds * 1000) {
      const wait = waitUntil(counts.last_at, options.codeIntervalSeconds)
      throw refuse(
        429,
        `验证码已发送，请 ${wait} 秒后再试 / a code was just sent: ask again in ${wait} s`,
        wait,
      )
    }
    if (Number(counts.by_voter) >= options.codesPerVoter.limit) {
      const wait = waitUntil(counts.oldest_voter_at, options.codesPerVoter.windowSeconds)
      throw refuse(
        429,
        `该${verifier.label.zh}获取验证码过于频繁，请 ${wait} 秒后再试 / too many codes for this ${verifier.label.en}: ask again in ${wait} s`,
        wait,
      )
    }
    if (clientKey && Number(counts.by_client) >= options.codesPerClient.limit) {
      const wait = waitUntil(counts.oldest_client_at, options.codesPerClient.windowSeconds)
      throw refuse(
        429,
        `本网络获取验证码过于频繁，请 ${wait} 秒后再试 / too many codes asked for from this network: ask again in ${wait} s`,
        wait,
      )
    }
    const inserted = await client.query<{ id: number }>(
      `insert into voter_codes (voter, verifier, code_hash, expires_at, attempts, address)
       values ($1, $2, $3, $4, 0, $5) returning id`,
      [
        voter,
        verifier.kind,
        codeHash({ payload, voter, code }),
        expiresAt,
        clientKey ? storedClientKey(clientKey) : null,
      ],
    )
    codeId = inserted.rows[0]!.id
    await client.query('commit')
  } catch (err) {
    await client.query('rollback').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
  try {
    await verifier.sendChallenge({
      payload,
      address,
      code,
      expiresInMinutes: Math.round(options.codeTtlSeconds / 60),
      entryTitle,
    })
  } catch (err) {
    // A code nobody received must not count against the voter's limits, nor be answerable.
    await pool.query('delete from voter_codes where id = $1', [codeId]).catch(() => undefined)
    payload.logger.error({ err, msg: 'voting: could not send a code', verifier: verifier.kind })
    throw refuse(
      503,
      `验证码发送失败，请稍后再试 / the code could not be sent: try again later`,
      30,
    )
  }
  return { expiresAt }
}

/**
 * The client key as stored in `voter_codes.address`: the IPv4 address, or the IPv6 /64 prefix
 * with `*` (the address itself adds nothing the limit needs).
 */
const storedClientKey = (clientKey: string) =>
  clientKey.endsWith(':') ? `${clientKey}*` : clientKey

/**
 * Answers the voter's code, inside the caller's transaction: the matching live code is marked
 * used, and only one of two parallel answers can mark it (the row lock of the update). A wrong
 * code is not written here — the caller rolls back — but counted by `countWrongCode` in a
 * statement of its own, so wrong tries add up whatever happens to the request.
 */
export const useCode = async ({
  payload,
  client,
  voter,
  kind,
  code,
  options,
}: {
  payload: Payload
  client: PoolClient
  voter: string
  kind: string
  code: unknown
  options: VotingOptions
}): Promise<'ok' | 'wrong' | 'expired' | 'used' | 'spent'> => {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) {
    return 'wrong'
  }
  const hash = codeHash({ payload, voter, code: code.trim() })
  const used = await client.query(
    `update voter_codes set used_at = now(), updated_at = now()
      where id = (select id from voter_codes
                   where voter = $1 and verifier = $2 and code_hash = $3 and used_at is null
                     and expires_at > now() and attempts < $4
                   order by id desc limit 1)
        and used_at is null
      returning id`,
    [voter, kind, hash, options.codeMaxAttempts],
  )
  if (used.rowCount) {
    return 'ok'
  }
  // Why not: only someone holding the right code learns it was used or is out of date.
  const { rows } = await client.query<{ used: boolean; expired: boolean; spent: boolean }>(
    `select used_at is not null as used, expires_at <= now() as expired, attempts >= $4 as spent
       from voter_codes where voter = $1 and verifier = $2 and code_hash = $3
      order by id desc limit 1`,
    [voter, kind, hash, options.codeMaxAttempts],
  )
  const row = rows[0]
  if (!row) {
    return 'wrong'
  }
  return row.used ? 'used' : row.expired ? 'expired' : 'spent'
}

/** One wrong try against each of the voter's live codes; at `codeMaxAttempts` they stop answering. */
export const countWrongCode = async ({
  pool,
  voter,
  kind,
}: {
  pool: Pool
  voter: string
  kind: string
}) => {
  await pool.query(
    `update voter_codes set attempts = attempts + 1, updated_at = now()
      where voter = $1 and verifier = $2 and used_at is null and expires_at > now()`,
    [voter, kind],
  )
}

/** The refusal for a code that did not answer. */
export const codeRefusal = (outcome: 'wrong' | 'expired' | 'used' | 'spent') => {
  switch (outcome) {
    case 'expired':
      return refuse(400, '验证码已过期，请重新获取 / the code has expired: ask for a new one')
    case 'used':
      return refuse(400, '验证码已使用，请重新获取 / the code was already used: ask for a new one')
    case 'spent':
      return refuse(400, '验证码错误次数过多，请重新获取 / too many wrong codes: ask for a new one')
    default:
      return refuse(400, '验证码错误 / wrong code')
  }
}
