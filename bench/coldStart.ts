/**
 * `npm run bench:cold-start`: from a clean data folder (the admin already built) to `/readyz`
 * 200 and to the first `/admin` page, as a newcomer's first `npm start`: initdb, migrations,
 * the first admin and the demo data, then Next.js. Three runs, median.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { PartResult } from './lib/results'

import { ensureBuild } from '../src/build'
import { makeDataDir, median, removeDataDir, say, since } from './lib/env'
import { machineInfo, writeResult } from './lib/results'
import { launchServer } from './lib/server'
import { fmt, markdownTable } from './lib/table'

/** Runs (`BENCH_COLD_RUNS`). @default 3 */
const runs = Number(process.env.BENCH_COLD_RUNS || 3)

export const runColdStart = async (): Promise<PartResult> => {
  const started = performance.now()
  await ensureBuild({ log: say })
  const measured: { readyS: number; adminS: number }[] = []
  for (let i = 0; i < runs; i++) {
    const dataDir = await makeDataDir('cold')
    try {
      // The first start's defaults: demo data on (a developer's clean `.data`).
      const server = await launchServer({ dataDir, env: { SEED_DEMO: 'true' } })
      try {
        const t = performance.now()
        const res = await fetch(`${server.base}/admin`)
        await res.arrayBuffer()
        if (res.status !== 200) {
          throw new Error(`GET /admin: ${res.status}`)
        }
        measured.push({ readyS: server.readyMs / 1000, adminS: (server.readyMs + since(t)) / 1000 })
        say(
          `cold start ${i + 1}/${runs}: /readyz ${measured.at(-1)!.readyS.toFixed(1)} s, /admin ${measured.at(-1)!.adminS.toFixed(1)} s`,
        )
      } finally {
        await server.stop()
      }
    } finally {
      await removeDataDir(dataDir)
    }
  }
  const readyMedian = median(measured.map((m) => m.readyS))
  const adminMedian = median(measured.map((m) => m.adminS))
  const table = markdownTable(
    ['run', 'to /readyz 200 (s)', 'to /admin 200 (s)'],
    [
      ...measured.map((m, i) => [String(i + 1), fmt(m.readyS), fmt(m.adminS)]),
      ['**median**', `**${fmt(readyMedian)}**`, `**${fmt(adminMedian)}**`],
    ],
  )
  return {
    part: 'cold-start',
    title: 'Cold start',
    machine: machineInfo(),
    wallS: since(started) / 1000,
    tables: [table],
    notes: [
      'From spawning `node --import tsx src/server.ts` on an empty data folder in the OS temp folder (admin build present, not counted): initdb of the embedded PostgreSQL, migrations, first admin, demo data (`SEED_DEMO=true`, as a first `npm start`), Next.js; then the first `/admin` request (redirects followed, first page render).',
      'No target: recorded to watch for regressions.',
    ],
    ratios: [],
    data: { runs: measured, readyMedianS: readyMedian, adminMedianS: adminMedian },
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runColdStart()
  const file = await writeResult(result)
  process.stdout.write(
    `## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`,
  )
  process.exit(0)
}
