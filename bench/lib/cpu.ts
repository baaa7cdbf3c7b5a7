import fs from 'node:fs'
import path from 'node:path'

import { processTree } from './residentMemory'

/** Linux reports CPU times in USER_HZ ticks, 100 a second on every architecture Node runs on. */
const msPerTick = 10

/** CPU time of one process and of its children it has reaped, milliseconds; 0 once it is gone. */
export const cpuMsOf = (pid: number): number => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): state is field 3, utime 14 … cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * msPerTick
  } catch {
    return 0
  }
}

/** CPU time of `pid` and its descendants, milliseconds. */
export const treeCpuMs = (pid: number): number =>
  processTree(pid).reduce((sum, p) => sum + cpuMsOf(p), 0)

/** The postmaster of an embedded cluster (the first line of `postmaster.pid`); its backends are its children. */
export const postmasterPid = (clusterDir: string): number =>
  Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0])
