import type { Payload } from 'payload'

/** One timed call: `create(renditions)`, `db.updateJobs(payload-jobs)`, … */
export type Span = { name: string; isDb: boolean; start: number; end: number }

const localApi = ['create', 'update', 'delete', 'find', 'findByID', 'count'] as const
const dbMethods = [
  'beginTransaction',
  'commitTransaction',
  'rollbackTransaction',
  'create',
  'find',
  'findOne',
  'count',
  'updateOne',
  'updateMany',
  'updateJobs',
  'deleteOne',
  'deleteMany',
  'upsert',
  'queryDrafts',
  'createVersion',
  'updateVersion',
  'deleteVersions',
  'findVersions',
] as const

/**
 * Times every Local API call of `payload` and every call of its database adapter while a job
 * runs in this process, without touching the job's code: the instance's methods are wrapped in
 * place (they are own properties) and restored by `restore`.
 */
export const traceCalls = (payload: Payload) => {
  const spans: Span[] = []
  const restores: (() => void)[] = []
  const wrap = (target: Record<string, unknown>, method: string, label: string, isDb: boolean) => {
    const original = target[method]
    if (typeof original !== 'function') {
      return
    }
    target[method] = async function (this: unknown, ...args: unknown[]) {
      const start = performance.now()
      try {
        return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args)
      } finally {
        const collection = (args[0] as { collection?: string } | undefined)?.collection
        spans.push({
          name: `${label}${collection ? `(${collection})` : ''}`,
          isDb,
          start,
          end: performance.now(),
        })
      }
    }
    restores.push(() => {
      target[method] = original
    })
  }
  for (const method of localApi) {
    wrap(payload as unknown as Record<string, unknown>, method, method, false)
  }
  for (const method of dbMethods) {
    wrap(payload.db as unknown as Record<string, unknown>, method, `db.${method}`, true)
  }
  return {
    spans,
    restore: () => restores.forEach((restore) => restore()),
  }
}

/** Spans not inside another span (calls the job made itself, not those Payload made for it). */
export const topLevel = (spans: Span[]): Span[] => {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end)
  const out: Span[] = []
  for (const span of sorted) {
    const last = out.at(-1)
    if (last && span.start >= last.start && span.end <= last.end) {
      continue
    }
    out.push(span)
  }
  return out
}

/** Milliseconds covered by the union of the spans. */
export const coveredMs = (spans: Span[]): number => {
  let total = 0
  let end = -Infinity
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.end <= end) {
      continue
    }
    total += span.end - Math.max(span.start, end)
    end = span.end
  }
  return total
}
