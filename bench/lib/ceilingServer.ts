/**
 * The pull part's ceilings, each a minimal server in a process of its own (so the load
 * generator never shares its event loop and its RSS is measured alone):
 * - `c0`: the bare ceiling, `node:http` alone sending the bytes of a response held in memory
 *   (`CEILING_BODY_FILE`) to any request — what a Node server on this machine can do at most;
 * - `c1`: the HTTP ceiling, the bytes of a response held in memory (`CEILING_BODY_FILE`);
 * - `c2`: the uncached ceiling, one SQL query through `pg` per request, answered as JSON in the
 *   shape of Payload's REST list (`DATABASE_URL`, `CEILING_CAMPAIGN`).
 * c1 and c2 answer `GET /api/entries` whatever the query string, on 127.0.0.1.
 */
import type { Server } from 'node:http'

import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { root } from './env'

export type Endpoint = { base: string; pid: number; stop: () => Promise<void> }

export type CeilingMode = 'c0' | 'c1' | 'c2'

/** Starts a ceiling server and resolves once it listens. */
export const startCeiling = async ({
  mode,
  env,
}: {
  mode: CeilingMode
  env: Record<string, string>
}): Promise<Endpoint> => {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', CEILING_MODE: mode, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk) => {
      out += String(chunk)
      const match = /listening (\d+)/.exec(out)
      if (match) {
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`ceiling ${mode} exited with ${code}`)))
  })
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve()
          return
        }
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** One row of the c2 query: the entry's own columns, its authors and the filtered total. */
type Row = {
  id: number
  title: string
  sub_project_id: number
  campaign_id: number | null
  submitting_unit_id: number | null
  form: string | null
  source: string | null
  text: string | null
  description: string | null
  is_authentic: boolean | null
  status: string
  award_tier: string | null
  updated_at: Date
  created_at: Date
  authors: { id: string; name: string; unit: string | null; job: string | null }[]
  total: string
}

/**
 * The same 20 works as `GET /api/entries?where[campaign][equals]=X&where[status][equals]=published
 * &limit=20&sort=-updatedAt`, in one statement: the window count gives totalDocs, a correlated
 * aggregate the authors. Relations stay ids (a single row does not give the related documents
 * Payload populates at depth 1), so these documents are smaller than Payload's.
 */
export const c2Query = `
  select e.id, e.title, e.sub_project_id, e.campaign_id, e.submitting_unit_id, e.form, e.source, e.text,
         e.description, e.is_authentic, e.status, e.award_tier, e.updated_at, e.created_at,
         coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name, 'unit', a.unit, 'job', a.job) order by a._order)
                   from entries_authors a where a._parent_id = e.id), '[]'::json) as authors,
         count(*) over () as total
    from entries e
   where e.campaign_id = $1 and e.status = 'published'
   order by e.updated_at desc
   limit $2 offset $3`

const serveBare = async () => {
  const body = await fs.readFile(path.resolve(process.env.CEILING_BODY_FILE!))
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
  }
  const server = createServer((req, res) => {
    // A request body (a GraphQL query) is read to its end, as a real server must.
    req.resume()
    req.on('end', () => res.writeHead(200, headers).end(body))
  })
  return server
}

const serve = async () => {
  if (process.env.CEILING_MODE === 'c0') {
    listen(await serveBare())
    return
  }
  const { default: express } = await import('express')
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  const mode = process.env.CEILING_MODE as CeilingMode

  if (mode === 'c1') {
    const body = await fs.readFile(path.resolve(process.env.CEILING_BODY_FILE!))
    app.get('/api/entries', (_req, res) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.end(body)
    })
  } else {
    const { default: pg } = await import('pg')
    // As many connections as Payload's pool (DATABASE_POOL_MAX, default 10).
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: Number(process.env.DATABASE_POOL_MAX ?? 10),
    })
    const campaign = Number(process.env.CEILING_CAMPAIGN)
    const limit = 20
    const page = 1
    app.get('/api/entries', async (_req, res) => {
      const { rows } = await pool.query<Row>(c2Query, [campaign, limit, (page - 1) * limit])
      const totalDocs = Number(rows[0]?.total ?? 0)
      const totalPages = Math.ceil(totalDocs / limit)
      res.json({
        docs: rows.map((r) => ({
          id: r.id,
          title: r.title,
          subProject: r.sub_project_id,
          campaign: r.campaign_id,
          authors: r.authors,
          submittingUnit: r.submitting_unit_id,
          form: r.form,
          source: r.source,
          media: [],
          text: r.text,
          description: r.description,
          isAuthentic: r.is_authentic,
          status: r.status,
          awardTier: r.award_tier,
          updatedAt: r.updated_at.toISOString(),
          createdAt: r.created_at.toISOString(),
        })),
        hasNextPage: page < totalPages,
        hasPrevPage: page > 1,
        limit,
        nextPage: page < totalPages ? page + 1 : null,
        page,
        pagingCounter: (page - 1) * limit + 1,
        prevPage: page > 1 ? page - 1 : null,
        totalDocs,
        totalPages,
      })
    })
  }
  listen(createServer(app))
}

const listen = (server: Server) => {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number }
    process.stdout.write(`listening ${address.port}\n`)
  })
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await serve()
}
