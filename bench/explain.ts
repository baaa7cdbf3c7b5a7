/**
 * `npm run bench:explain`: the hot queries at a national campaign's size, with their plans.
 *
 * The national data set (bench/generate.ts `nationalCounts`: 3 000 units in four levels, 100 000
 * works, 300 partner sites), then each hot read made as the app makes it, in this process through
 * the Local API (what REST and the feed run, with the reader's access): every SQL statement
 * Payload sends is captured at the pg client, and each SELECT is run again under
 * `EXPLAIN (ANALYZE, BUFFERS)`. Twice: without the indexes this part proposes (dropped if a
 * migration already made them), then with them, so each statement's table shows both times.
 */
import type { Payload, PayloadRequest } from 'payload'
import type { Pool, PoolClient } from 'pg'

import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { GeneratedData } from './generate'
import type { PartResult } from './lib/results'

import { notTakenDown } from '../plugins/partner-push'
import { feedPage } from '../plugins/partner-push/endpoints/feed'
import { optionsOf } from '../plugins/partner-push/types'
import { poolOf } from '../plugins/shared/pool'
import { subtreeIds } from '../src/access/roles'
import { campaignProgress } from '../src/reporting/progress'
import { generateData, nationalCounts } from './generate'
import { bootBenchPayload } from './lib/benchPayload'
import { makeDataDir, median, removeDataDir, say, since } from './lib/env'
import { machineInfo, writeResult } from './lib/results'
import { fmt, markdownTable } from './lib/table'

/** EXPLAIN ANALYZE runs per statement and stage; the median execution time is reported. */
const runs = 5

/** A table this big or bigger read by a sequential scan is flagged. */
const bigTableRows = 10_000

/**
 * The indexes the hot queries need at national size, created for the "after" stage (and dropped
 * for "before"): the names and columns the lead's migration gives them.
 */
export const proposedIndexes: { name: string; sql: string; why: string }[] = [
  {
    name: 'campaign_status_updatedAt_idx',
    sql: 'CREATE INDEX IF NOT EXISTS "campaign_status_updatedAt_idx" ON "entries" USING btree ("campaign_id","status","updated_at")',
    why: 'the partner list: a campaign’s published works, newest change first, 20 a page',
  },
]

/**
 * Tried in a third stage on the reads they could serve (with the proposed indexes in place), not
 * proposed: see the part's notes for what they did.
 */
const feedIndex = {
  name: 'campaign_syndication_changedAt_idx',
  sql: 'CREATE INDEX IF NOT EXISTS "campaign_syndication_changedAt_idx" ON "entries" USING btree ("campaign_id","syndication_changed_at")',
}
const trigramIndex = {
  name: 'organizers_path_trgm_idx',
  sql: 'CREATE INDEX IF NOT EXISTS "organizers_path_trgm_idx" ON "organizers" USING gin ("path" gin_trgm_ops)',
}

type Captured = { text: string; values: unknown[] }

/**
 * Captures every statement sent through the pg clients of `pool` while `isOn()`: node-postgres'
 * `Client.prototype.query`, wrapped in place (the pool's clients share it) and restored by `restore`.
 */
const captureStatements = async (pool: Pool) => {
  const client: PoolClient = await pool.connect()
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown }
  client.release()
  const original = proto.query
  const statements: Captured[] = []
  let isOn = false
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (isOn) {
      const [first, second] = args
      if (typeof first === 'string') {
        statements.push({ text: first, values: Array.isArray(second) ? second : [] })
      } else if (first && typeof first === 'object' && 'text' in first) {
        // drizzle sends its values beside the query config (`client.query(config, params)`).
        const config = first as { text: string; values?: unknown[] }
        statements.push({
          text: config.text,
          values: Array.isArray(second) ? second : (config.values ?? []),
        })
      }
    }
    return original.apply(this, args)
  }
  return {
    during: async <T>(fn: () => Promise<T>): Promise<{ result: T; statements: Captured[] }> => {
      statements.length = 0
      isOn = true
      try {
        const result = await fn()
        return { result, statements: [...statements] }
      } finally {
        isOn = false
      }
    },
    restore: () => {
      proto.query = original
    },
  }
}

type PlanNode = {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Actual Rows'?: number
  'Actual Loops'?: number
  'Rows Removed by Filter'?: number
  Plans?: PlanNode[]
}

type Explained = {
  statement: string
  /** The big tables the statement reads. */
  tables: string[]
  rows: number
  /** Rows read and thrown away by filters, over every node and loop. */
  rowsRemoved: number
  executionMs: number
  planningMs: number
  /** The plan's nodes, top first, to three levels. */
  topNodes: string
  /** Big tables read by a sequential scan. */
  seqScans: string[]
  planText: string
}

const nodeLabel = (node: PlanNode) =>
  `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`

const walk = (node: PlanNode, visit: (n: PlanNode, depth: number) => void, depth = 0) => {
  visit(node, depth)
  for (const child of node.Plans ?? []) {
    walk(child, visit, depth + 1)
  }
}

const explain = async ({
  pool,
  captured,
  bigTables,
}: {
  pool: Pool
  captured: Captured
  bigTables: Set<string>
}): Promise<Explained> => {
  const times: number[] = []
  let plan: { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number } | undefined
  for (let i = 0; i < runs; i++) {
    const { rows } = await pool.query<{ 'QUERY PLAN': (typeof plan)[] }>(
      `explain (analyze, buffers, format json) ${captured.text}`,
      captured.values,
    )
    plan = rows[0]!['QUERY PLAN'][0]!
    times.push(plan['Execution Time'])
  }
  const { rows: textRows } = await pool.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers) ${captured.text}`,
    captured.values,
  )
  const seqScans = new Set<string>()
  const tables = new Set<string>()
  const top: string[] = []
  let rowsRemoved = 0
  walk(plan!.Plan, (node, depth) => {
    rowsRemoved += (node['Rows Removed by Filter'] ?? 0) * (node['Actual Loops'] ?? 1)
    const relation = node['Relation Name']
    if (relation && bigTables.has(relation)) {
      tables.add(relation)
      if (node['Node Type'] === 'Seq Scan') {
        seqScans.add(relation)
      }
    }
    if (depth < 3 && top.length < 6) {
      top.push(`${'→ '.repeat(depth)}${nodeLabel(node)}`)
    }
  })
  return {
    statement: captured.text,
    tables: [...tables],
    rows: plan!.Plan['Actual Rows'] ?? 0,
    rowsRemoved,
    executionMs: median(times),
    planningMs: plan!['Planning Time'],
    topNodes: top.join('; '),
    seqScans: [...seqScans],
    planText: textRows.map((r) => r['QUERY PLAN']).join('\n'),
  }
}

/**
 * A text plan with each lateral array of a document (authors, path upward, relations: an
 * Aggregate over a scan of `<collection>_<field>` by parent id, run once per row) folded to one
 * line, so what reads the collection's own table stands out.
 */
const foldArrays = (plan: string): string => {
  const lines = plan.split('\n')
  const indent = (line: string) => line.length - line.trimStart().length
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (!/->\s+Aggregate\b/.test(line)) {
      out.push(line)
      continue
    }
    let end = i + 1
    while (end < lines.length && indent(lines[end]!) > indent(line)) {
      end++
    }
    const block = lines.slice(i + 1, end).join('\n')
    const table = /\bon (\w+_\w+) "?\w*"?\s+\(cost/.exec(block)?.[1]
    const isArray =
      /Filter: \((_parent_id|parent_id) = \w+\.id\)|Index Cond: \((_parent_id|parent_id) = \w+\.id\)/.test(
        block,
      )
    if (!isArray || !table) {
      out.push(line)
      continue
    }
    const loops = /loops=(\d+)\)/.exec(line)?.[1] ?? '?'
    out.push(
      `${line.slice(0, indent(line))}->  Aggregate: the array of ${table} by parent id (folded; loops=${loops})`,
    )
    i = end - 1
  }
  return out.join('\n')
}

type Query = {
  id: string
  name: string
  run: () => Promise<unknown>
}

/** A short name for a statement: what it reads and how (`count(entries)`, `select entries …`). */
const statementName = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim()
  const from = /\bfrom "?([a-z_]+)"?/i.exec(flat)?.[1] ?? '?'
  const isCount = /^select count\(/i.test(flat)
  const joins = [...flat.matchAll(/\bjoin "?([a-z_]+)"?/gi)]
    .map((m) => m[1])
    .filter((table) => table !== 'lateral')
  const arrays = (flat.match(/\bjoin lateral\b/gi) ?? []).length
  // The outer query's order comes last (lateral sub-selects order their rows first).
  const order = [...flat.matchAll(/\border by (.+?)(?= limit| offset|\)|$)/gi)].at(-1)?.[1]
  return `${isCount ? 'count' : 'select'} ${from}${joins.length ? ` ⋈ ${[...new Set(joins)].join(', ')}` : ''}${arrays ? ` (+ ${arrays} arrays)` : ''}${order ? `, order by ${order.replace(/"/g, '').slice(0, 60)}` : ''}`
}

const isRead = (text: string) =>
  /^\s*(select|with)\b/i.test(text) &&
  !/\b(insert|update|delete)\b/i.test(text.replace(/'[^']*'/g, ''))

export const runExplain = async (): Promise<PartResult> => {
  const started = performance.now()
  const dataDir = process.env.BENCH_EXPLAIN_DIR || (await makeDataDir('explain'))
  const bench = await bootBenchPayload({ dataDir })
  const { payload } = bench
  try {
    say(`explain: generating the national data set in ${dataDir}`)
    const generated = await generateData({ payload, dataDir, scale: 'national' })
    const pool = poolOf(payload)
    say('explain: vacuum analyze')
    await pool.query('vacuum analyze')
    const readers = await makeReaders({ payload, generated })
    const campaignId = generated.pullCampaign.id
    const midway = await cursorAt({ pool, campaignId, at: 0.5 })
    const newest = await cursorAt({ pool, campaignId, at: 1 })

    const queries: Query[] = [
      {
        id: 'a1',
        name: `partner list: a partner’s API key, \`GET /api/entries?limit=20&depth=1&where[campaign][equals]=${campaignId}&sort=-updatedAt\``,
        run: async () => {
          const { user } = await payload.auth({
            headers: new Headers({
              authorization: `partner-accounts API-Key ${generated.partnerApiKey}`,
            }),
          })
          return payload.find({
            collection: 'entries',
            where: { campaign: { equals: campaignId } },
            limit: 20,
            depth: 1,
            sort: '-updatedAt',
            overrideAccess: false,
            user,
          })
        },
      },
      {
        id: 'a2',
        name: 'partner feed, first page (20 changes, `GET /api/campaigns/:id/feed.json`)',
        run: () => feedOf({ payload, campaignId, since: null }),
      },
      {
        id: 'a3',
        name: 'partner feed, a page after a cursor half-way through the campaign’s changes',
        run: () => feedOf({ payload, campaignId, since: midway }),
      },
      {
        id: 'a4',
        name: 'partner feed, a poll after the newest change (nothing new: what most polls are)',
        run: () => feedOf({ payload, campaignId, since: newest }),
      },
      {
        id: 'b1',
        name: 'progress matrix of the national campaign, read by its host (every province’s row)',
        run: async () => campaignProgress({ req: await readers.host(), campaignId }),
      },
      {
        id: 'b2',
        name: 'progress matrix of the national campaign, read by a provincial organizer (its own subtree’s rows)',
        run: async () => campaignProgress({ req: await readers.provincialOrganizer(), campaignId }),
      },
      {
        id: 'c1',
        name: 'a provincial unit editor’s list of works (access `Where`: published, or `submittingUnit.path` contains its unit), 20 a page, newest first',
        run: () =>
          payload.find({
            collection: 'entries',
            limit: 20,
            depth: 0,
            sort: '-updatedAt',
            overrideAccess: false,
            user: readers.editorUser,
          }),
      },
      {
        id: 'c2',
        name: 'the same editor’s works of its province in the national campaign that are not published (`status` reported)',
        run: () =>
          payload.find({
            collection: 'entries',
            where: {
              and: [
                { campaign: { equals: campaignId } },
                { status: { equals: 'reported' } },
                { 'submittingUnit.path': { contains: `/${readers.province.id}/` } },
              ],
            },
            limit: 20,
            depth: 0,
            sort: '-updatedAt',
            overrideAccess: false,
            user: readers.editorUser,
          }),
      },
      {
        id: 'c3',
        name: 'not the app’s rule: (c1) with the `Where` the rule could give, `submittingUnit` in the unit’s subtree (its ids, which `subtreeIds` already looks up once per request), so no join',
        run: async () => {
          const req = await readers.provincialEditor()
          const ids = [...(await subtreeIds(req, readers.province.id))]
          return payload.find({
            collection: 'entries',
            where: {
              or: [
                { and: [{ status: { equals: 'published' } }, notTakenDown] },
                { submittingUnit: { in: ids } },
              ],
            },
            limit: 20,
            depth: 0,
            sort: '-updatedAt',
            req,
          })
        },
      },
    ]

    const { rows: sizes } = await pool.query<{ relname: string; n: string }>(
      `select relname, reltuples::bigint as n from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`,
    )
    const bigTables = new Set(
      sizes.filter((s) => Number(s.n) >= bigTableRows).map((s) => s.relname),
    )
    const capture = await captureStatements(pool)
    const stage = async (label: string, only?: string[]) => {
      const out = new Map<string, { statements: Explained[]; wallMs: number }>()
      for (const query of queries.filter((q) => !only || only.includes(q.id))) {
        await query.run() // warm: caches, JIT, buffers
        const t0 = performance.now()
        const { statements } = await capture.during(query.run)
        const wallMs = since(t0)
        const explained: Explained[] = []
        for (const captured of statements.filter((s) => isRead(s.text))) {
          explained.push(await explain({ pool, captured, bigTables }))
        }
        out.set(query.id, { statements: explained, wallMs })
        say(
          `explain ${label} (${query.id}): ${explained.length} statements, ${fmt(wallMs)} ms in all, slowest ${fmt(Math.max(0, ...explained.map((e) => e.executionMs)), 2)} ms`,
        )
      }
      return out
    }

    for (const index of [...proposedIndexes, feedIndex, trigramIndex]) {
      await pool.query(`drop index if exists "${index.name}"`)
    }
    await pool.query('analyze entries')
    const before = await stage('before')
    for (const index of proposedIndexes) {
      await pool.query(index.sql)
    }
    await pool.query('analyze entries')
    const after = await stage('after')
    // Tried, not proposed: the feed's (campaign, change time), and a trigram index on the units'
    // paths, the one index an `ILIKE '%/id/%'` could use; the reads they could serve run again.
    await pool.query('create extension if not exists pg_trgm')
    await pool.query(feedIndex.sql)
    await pool.query(trigramIndex.sql)
    await pool.query('analyze entries')
    await pool.query('analyze organizers')
    const trigram = await stage('with the tried indexes', [
      'a2',
      'a3',
      'a4',
      'b2',
      'c1',
      'c2',
      'c3',
    ])
    for (const index of [feedIndex, trigramIndex]) {
      await pool.query(`drop index if exists "${index.name}"`)
    }
    capture.restore()

    return report({ started, generated, queries, before, after, trigram, sizes, readers })
  } finally {
    await bench.close()
    if (!process.env.BENCH_KEEP && !process.env.BENCH_EXPLAIN_DIR) {
      await removeDataDir(dataDir)
    }
  }
}

/** The feed page as the partner-push plugin builds it on a cache miss (cache bypassed). */
const feedOf = ({
  payload,
  campaignId,
  since: cursor,
}: {
  payload: Payload
  campaignId: number
  since: string | null
}) => {
  const options = { ...optionsOf(payload), feedCacheMs: 0 }
  return feedPage({
    payload,
    options,
    campaignId,
    since: cursor,
    cursor: cursor ? decodeCursorOf(cursor) : null,
    limit: 20,
    format: 'json',
  })
}

const decodeCursorOf = (value: string) => {
  const [changedAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|')
  return { changedAt: changedAt!, id: Number(id) }
}

/** A cursor `at` (0–1) of the way through the campaign's syndicated changes; 1: after the last. */
const cursorAt = async ({
  pool,
  campaignId,
  at,
}: {
  pool: Pool
  campaignId: number
  at: number
}) => {
  const { rows } = await pool.query<{ changed_at: Date; id: number }>(
    `select syndication_changed_at as changed_at, id from entries
      where campaign_id = $1 and syndication_pubstatus is not null
      order by syndication_changed_at, id
      offset (select greatest(0, ceil(count(*) * $2::float8)::int - 1) from entries
               where campaign_id = $1 and syndication_pubstatus is not null) limit 1`,
    [campaignId, at],
  )
  const row = rows[0]!
  return Buffer.from(`${row.changed_at.toISOString()}|${row.id}`, 'utf8').toString('base64url')
}

type Reader = PayloadRequest & { user: NonNullable<PayloadRequest['user']> }

/** The readers of (b) and (c): the national host's organizer, a province's organizer and editor. */
const makeReaders = async ({
  payload,
  generated,
}: {
  payload: Payload
  generated: GeneratedData
}) => {
  const pool = poolOf(payload)
  const { rows: national } = await pool.query<{ id: number }>(
    `select id from organizers where level = 'national' order by id limit 1`,
  )
  // The province with the most works in the campaign.
  const { rows: province } = await pool.query<{ id: number; name: string }>(
    `select p.id, p.name from entries e join organizers o on o.id = e.submitting_unit_id
       join organizers p on p.level = 'provincial' and o.path like p.path || '%'
      where e.campaign_id = $1 group by p.id, p.name order by count(*) desc limit 1`,
    [generated.pullCampaign.id],
  )
  const { createLocalReq } = await import('payload')
  const account = async (email: string, role: string, organizer: number) => {
    const existing = await payload.find({
      collection: 'users',
      where: { email: { equals: email } },
      limit: 1,
      depth: 0,
    })
    const doc =
      existing.docs[0] ??
      (await payload.create({
        collection: 'users',
        data: {
          email,
          password: 'bench-reader-password-1',
          role,
          organizer,
          name: email.split('@')[0],
        } as never,
      }))
    return { ...doc, collection: 'users' as const }
  }
  // A request of its own for every read, as each HTTP request has: the access lookups it caches
  // in `req.context` (hosted campaigns, subtree) are made again.
  const requestOf = (user: Awaited<ReturnType<typeof account>>) => async () =>
    (await createLocalReq({ user }, payload)) as Reader
  const host = await account('host@bench.local', 'organizer', national[0]!.id)
  const organizer = await account('province@bench.local', 'organizer', province[0]!.id)
  const editor = await account('editor@bench.local', 'unit-editor', province[0]!.id)
  return {
    province: province[0]!,
    editorUser: editor,
    host: requestOf(host),
    provincialOrganizer: requestOf(organizer),
    provincialEditor: requestOf(editor),
  }
}

const report = ({
  started,
  generated,
  queries,
  before,
  after,
  trigram,
  sizes,
  readers,
}: {
  started: number
  generated: GeneratedData
  queries: Query[]
  before: Map<string, { statements: Explained[]; wallMs: number }>
  after: Map<string, { statements: Explained[]; wallMs: number }>
  trigram: Map<string, { statements: Explained[]; wallMs: number }>
  sizes: { relname: string; n: string }[]
  readers: Awaited<ReturnType<typeof makeReaders>>
}): PartResult => {
  const summary: (string | number)[][] = []
  const tables: string[] = []
  const details: { summary: string; text: string }[] = []
  const shownPlans = new Set<string>()
  for (const query of queries) {
    const b = before.get(query.id)!
    const a = after.get(query.id)!
    const sum = (list: Explained[]) => list.reduce((s, e) => s + e.executionMs, 0)
    summary.push([
      `(${query.id}) ${query.name}`,
      b.statements.length,
      fmt(sum(b.statements), 2),
      fmt(sum(a.statements), 2),
      [...new Set(b.statements.flatMap((e) => e.seqScans))].join(', ') || '—',
      [...new Set(a.statements.flatMap((e) => e.seqScans))].join(', ') || '—',
    ])
    const rows = b.statements.map((e, i) => {
      const x = a.statements[i]
      return [
        i + 1,
        `\`${statementName(e.statement)}\``,
        e.rows,
        x ? `${e.rowsRemoved} → ${x.rowsRemoved}` : e.rowsRemoved,
        fmt(e.executionMs, 2),
        x ? fmt(x.executionMs, 2) : 'n/a',
        e.seqScans.join(', ') || '—',
        x ? x.seqScans.join(', ') || '—' : 'n/a',
        (x ?? e).topNodes,
      ]
    })
    tables.push(
      `**(${query.id}) ${query.name}**`,
      markdownTable(
        [
          '#',
          'statement',
          'rows',
          'rows filtered out, before → after',
          'before ms',
          'after ms',
          'seq scan on a big table, before',
          'after',
          'plan (after), top nodes',
        ],
        rows,
      ),
    )
    // The plans of the statements that read a big table for 2 ms or more (the others read a few
    // rows by key), each statement once.
    b.statements.forEach((e, i) => {
      const x = a.statements[i]
      if (
        !e.tables.length ||
        Math.max(e.executionMs, x?.executionMs ?? 0) < 2 ||
        shownPlans.has(e.statement)
      ) {
        return
      }
      shownPlans.add(e.statement)
      const sql = e.statement.replace(/\s+/g, ' ').trim()
      details.push({
        summary: `(${query.id}) statement ${i + 1}, ${statementName(e.statement)}: ${fmt(e.executionMs, 2)} ms before, ${x ? fmt(x.executionMs, 2) : 'n/a'} ms after`,
        text: [
          sql.length > 1500 ? `${sql.slice(0, 700)} … ${sql.slice(-700)}` : sql,
          '',
          '-- before',
          foldArrays(e.planText),
          ...(x ? ['', '-- after', foldArrays(x.planText)] : []),
        ].join('\n'),
      })
    })
  }
  const size = (name: string) => Number(sizes.find((s) => s.relname === name)?.n ?? 0)
  // The statement of a query that reads the most of a big table, before and after.
  const main = (id: string, kind: 'select' | 'count') => {
    const list = before.get(id)!.statements
    const i = list.reduce(
      (best, e, k) =>
        statementName(e.statement).startsWith(kind) &&
        e.tables.includes('entries') &&
        (best < 0 || e.executionMs > list[best]!.executionMs)
          ? k
          : best,
      -1,
    )
    return { b: list[i], a: after.get(id)!.statements[i], t: trigram.get(id)?.statements[i] }
  }
  const ms = (e: Explained | undefined) => (e ? fmt(e.executionMs, 2) : 'n/a')
  const a1 = main('a1', 'select')
  const a3 = main('a3', 'select')
  const a4 = main('a4', 'select')
  const b1 = main('b1', 'select')
  const c1 = main('c1', 'count')
  const c1page = main('c1', 'select')
  const c3 = main('c3', 'count')
  // The reads of `path` itself (organizers filtered by ILIKE), without and with the trigram index.
  const pathReads = ['b2', 'c1', 'c2', 'c3'].flatMap((id) =>
    after
      .get(id)!
      .statements.map((e, i) => ({ e, t: trigram.get(id)?.statements[i] }))
      .filter(
        ({ e }) =>
          /"path" ilike/i.test(e.statement) &&
          statementName(e.statement).startsWith('select organizers'),
      ),
  )
  const trigramUsed = pathReads.some(({ t }) => t?.topNodes.includes(trigramIndex.name))
  const pathMs = (list: (Explained | undefined)[]) =>
    list.length ? fmt(median(list.map((e) => e?.executionMs ?? 0)), 2) : 'n/a'
  const findings = [
    `(a1) the partner list: without an index that starts with the campaign, PostgreSQL reads the works newest change first along \`entries_updated_at_idx\` and throws away those of other campaigns (${a1.b?.rowsRemoved ?? 'n/a'} rows for a page of 20, ${ms(a1.b)} ms): a campaign whose works changed before most others is the worst case, and every campaign becomes one a year on. With \`(campaign, status, updatedAt)\` the page is the first 20 entries of the index (${ms(a1.a)} ms) and the count a range of it.`,
    `(a2–a4) the feed: its first page is cheap (a campaign's oldest changes come first on \`syndication.changedAt\`). A page after a cursor half-way took ${ms(a3.a)} ms (${a3.a?.rowsRemoved ?? 'n/a'} rows read and thrown away), a poll after the newest change, which finds nothing, ${ms(a4.a)} ms (${a4.a?.rowsRemoved ?? 'n/a'} thrown away). Tried, not proposed: \`${feedIndex.sql}\`. With it the half-way page took ${ms(a3.t)} ms (${a3.t?.rowsRemoved ?? 'n/a'} rows thrown away) and the empty poll ${ms(a4.t)} ms (${a4.t?.rowsRemoved ?? 'n/a'} thrown away): PostgreSQL takes the new index for its order, but the cursor's “after (changedAt, id)” is an OR it cannot make a range of, so it reads the campaign's works from its first change on (the works never syndicated, their change time empty, sort last and are read too). An added \`changedAt ≥ cursor\` beside the OR in the plugin's \`after()\` would make that a range; the index is worth adding with it, not before. The feed's pages are also cached per campaign, so these statements run once per change, not per poll.`,
    `(b) the progress matrix is already served by the (campaign, unit, sub-project, status, createdAt) index, read alone (${ms(b1.b)} ms for the campaign's ${b1.b?.rows ?? 'n/a'} unit × sub-project groups); the organizers are read whole (3 000 rows, under a millisecond) to roll the counts up by path. No index needed.`,
    `(c) the access \`Where\` on \`path\`: \`submittingUnit.path contains '/id/'\` becomes a LEFT JOIN of organizers with \`path ILIKE '%/id/%'\`, OR'ed with the published condition, and Payload counts such a list with \`COUNT(1) OVER() … GROUP BY entries.id\`. No index serves an OR across a join: the count reads every work (${ms(c1.b)} ms before, ${ms(c1.a)} ms after, ${c1.b?.rowsRemoved ?? 'n/a'} rows filtered out), while the page itself stops after a few rows along \`updatedAt\` (${ms(c1page.b)} ms), published works being common. The organizers' side is not the cost: a substring match over 3 000 paths takes about a millisecond (a trigram index, below, is the only kind \`ILIKE '%…%'\` can use; a \`text_pattern_ops\` btree serves prefixes only). (c3) is the same list with the subtree's ids in place of the join (not the app's rule): Payload then counts with a plain \`count(*)\`, yet PostgreSQL still reads the whole table (${ms(c3.b)} ms) rather than OR two bitmap index scans (status, unit), since the ~22 000 works it must count lie on most of its pages.`,
    `Tried, not proposed: a GIN trigram index on \`organizers.path\` (\`${trigramIndex.sql}\`, pg_trgm). The subtree lookups (\`path ILIKE '%/id/%'\` over the 3 000 units; ${pathReads.length} in (b2) and (c)) took ${pathMs(pathReads.map((r) => r.e))} ms (median) without it and ${pathMs(pathReads.map((r) => r.t))} ms with it; PostgreSQL ${trigramUsed ? 'used it for some of them' : 'did not use it'}, and the counts of (c) stayed where they were (${ms(trigram.get('c1')?.statements.find((e) => statementName(e.statement).startsWith('count')))} ms for (c1)).`,
  ]
  const headline = markdownTable(
    [
      'query',
      'statements',
      'before: ms in the database (EXPLAIN ANALYZE, sum of medians)',
      'after',
      'seq scans on big tables, before',
      'after',
    ],
    summary,
  )
  return {
    part: 'explain',
    title: 'Scale of data',
    machine: machineInfo(),
    wallS: since(started) / 1000,
    tables: [headline, ...tables],
    notes: [
      `Data: the national data set (bench/generate.ts, \`scale: 'national'\`): ${generated.counts.organizers} units in four levels (1 national, ${nationalCounts.provinces} provincial, ${nationalCounts.provinces * nationalCounts.citiesPerProvince} city, the rest county; \`path\` as the hooks store it), ${generated.counts.campaigns} campaigns with ${generated.counts.subProjects} sub-projects, ${generated.counts.partnerSites} partner sites, ${generated.counts.entries} works (${generated.counts.published} published, syndicated), half of them in the 4 national campaigns; generated in ${fmt(generated.timings.totalS)} s (works by SQL in batches of 1 000). Table sizes (PostgreSQL's estimate): entries ${size('entries')}, entries_authors ${size('entries_authors')}, organizers ${size('organizers')}. VACUUM ANALYZE after generating.`,
      `The campaign: “${generated.pullCampaign.name}” (${generated.pullCampaign.published} published works); the province: ${readers.province.name}. Readers: the partner's API key (taking that campaign), authenticated with \`payload.auth\` as REST does; an organizer of the national union (the host); an organizer and a unit editor of the province.`,
      `Capture: every statement Payload (and the progress matrix’s own SQL) sent while the read ran, taken at node-postgres’ \`Client.prototype.query\` in this process; each SELECT is then run ${runs} times under \`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)\` with the values it was sent with, and the median execution time reported (planning not included), after one unmeasured run of the whole read. The plans printed below are of one further run of \`EXPLAIN (ANALYZE, BUFFERS)\` (so their times differ a little from the table's), with each document's lateral arrays (authors, path upward, relations) folded to a line. “Big table”: 10 000 rows or more. Other engineers' work shares this 2-core machine: a statement whose plan did not change can still differ by up to about 2× between the stages (as (b) does), so only a changed plan is a finding. Writes the reads make (none expected) are not explained.`,
      `Before: without the indexes below (dropped if a migration made them); after: with them, then ANALYZE. ${proposedIndexes.map((i) => `\`${i.name}\` (${i.why})`).join('; ')}.`,
      ...findings,
    ],
    ratios: [],
    details,
    data: {
      counts: generated.counts,
      proposedIndexes,
      before: Object.fromEntries(before),
      after: Object.fromEntries(after),
      trigram: Object.fromEntries(trigram),
    },
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runExplain()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
