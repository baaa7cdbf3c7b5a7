import fs from 'node:fs'

/** `pid` and every process below it, from /proc's children lists (Linux). */
export const processTree = (pid: number): number[] => {
  const found: number[] = []
  const visit = (current: number) => {
    found.push(current)
    let tasks: string[] = []
    try {
      tasks = fs.readdirSync(`/proc/${current}/task`)
    } catch {
      return
    }
    for (const task of tasks) {
      let children = ''
      try {
        children = fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8')
      } catch {
        continue
      }
      for (const child of children.split(' ').filter(Boolean)) {
        visit(Number(child))
      }
    }
  }
  visit(pid)
  return found
}

/** Resident memory of one process in bytes (VmRSS), 0 once it is gone. */
export const rssOf = (pid: number): number => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Resident memory of `pid` and its descendants, in bytes. */
export const treeRss = (pid: number): number =>
  processTree(pid).reduce((sum, p) => sum + rssOf(p), 0)

export type RssStats = { peakMB: number; meanMB: number; samples: number }

/**
 * Samples the RSS of a process tree every `intervalMs` until stopped. The embedded PostgreSQL
 * is not in the tree (pg_ctl detaches it), so this is the Node server's own memory.
 */
export const sampleRss = ({ pid, intervalMs = 250 }: { pid: number; intervalMs?: number }) => {
  const samples: number[] = [treeRss(pid)]
  const timer = setInterval(() => samples.push(treeRss(pid)), intervalMs)
  return {
    stop: (): RssStats => {
      clearInterval(timer)
      samples.push(treeRss(pid))
      const mb = samples.map((bytes) => bytes / 1024 / 1024)
      return {
        peakMB: Math.max(...mb),
        meanMB: mb.reduce((a, b) => a + b, 0) / mb.length,
        samples: mb.length,
      }
    },
  }
}
