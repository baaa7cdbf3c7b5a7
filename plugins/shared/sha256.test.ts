import { createHash } from 'node:crypto'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { sha256OfBuffer, sha256OfFile } from './sha256'

let folder: string

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'sha256-'))
})

afterAll(() => rm(folder, { recursive: true, force: true }))

describe('sha256OfFile', () => {
  it('hashes a file streamed to the same digest as its bytes in memory', async () => {
    const file = path.join(folder, 'text.txt')
    await writeFile(file, '网聚职工正能量')
    expect(await sha256OfFile(file)).toBe(
      createHash('sha256').update('网聚职工正能量').digest('hex'),
    )
    expect(sha256OfBuffer(Buffer.from('网聚职工正能量'))).toBe(await sha256OfFile(file))
  })

  it('hashes a file larger than one stream chunk', async () => {
    const bytes = 3 * 1024 * 1024 + 7
    const file = path.join(folder, 'zeros.bin')
    await writeFile(file, '')
    await truncate(file, bytes)
    expect(await sha256OfFile(file)).toBe(
      createHash('sha256').update(Buffer.alloc(bytes)).digest('hex'),
    )
  })
})
