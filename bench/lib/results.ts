import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { resultsDir } from './env'

export type MachineInfo = {
  cpuModel: string
  cores: number
  memoryGB: number
  node: string
  os: string
  date: string
  commit: string | null
}

export const machineInfo = (): MachineInfo => ({
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
  commit: gitCommit(),
})

const gitCommit = (): string | null => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return null
  }
}

/** What every part writes: its rows, its ratios against the targets, and what it ran on. */
export type PartResult = {
  part: string
  title: string
  machine: MachineInfo
  /** Wall time of the whole part, seconds. */
  wallS: number
  /** The part's markdown tables, ready to print and to paste into BENCHMARKS.md. */
  tables: string[]
  /** Remarks: what a number means, what bounds a missed target, what is pending. */
  notes: string[]
  ratios: Ratio[]
  /**
   * What bounds each missed target, as this run measured it: one text per cause, with the names
   * of the ratios it explains, so BENCHMARKS.md says it once.
   */
  bounds?: Bound[]
  /**
   * Long texts (query plans) printed after the notes, each folded in a `<details>` block under
   * its summary, as a fenced `text` section.
   */
  details?: { summary: string; text: string }[]
  /** The raw measurements. */
  data: unknown
}

export type Bound = { ratios: string[]; text: string }

/** A ratio with its target; `value` null while a side of it is not measurable yet. */
export type Ratio = {
  name: string
  value: number | null
  /** E.g. `≥ 0.7`; empty when the ratio has no target. */
  target: string
  /** null: no target, or not measurable yet. */
  isMet: boolean | null
  /** Why the value is missing. */
  pending?: string
}

export const resultFile = (part: string): string => path.join(resultsDir, `${part}.json`)

export const writeResult = async (result: PartResult): Promise<string> => {
  await fs.mkdir(resultsDir, { recursive: true })
  const file = resultFile(result.part)
  await fs.writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  return file
}

export const readResult = async (part: string): Promise<PartResult | null> => {
  const text = await fs.readFile(resultFile(part), 'utf8').catch(() => null)
  return text ? (JSON.parse(text) as PartResult) : null
}
