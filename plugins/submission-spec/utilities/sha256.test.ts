import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'

import { fixturePath, makeFileOfSize, removeFixtures } from '../tests/fixtures'
import { sha256OfBuffer, sha256OfFile } from './sha256'

afterAll(removeFixtures)

describe('sha256OfFile', () => {
  it('hashes a file streamed to the same digest as its bytes in memory', async () => {
    const file = await fixturePath('text.txt')
    await writeFile(file, '网聚职工正能量')
    expect(await sha256OfFile(file)).toBe(createHash('sha256').update('网聚职工正能量').digest('hex'))
    expect(sha256OfBuffer(Buffer.from('网聚职工正能量'))).toBe(await sha256OfFile(file))
  })

  it('hashes a file larger than one stream chunk', async () => {
    const file = await makeFileOfSize(3 * 1024 * 1024 + 7)
    expect(await sha256OfFile(file)).toBe(createHash('sha256').update(Buffer.alloc(3 * 1024 * 1024 + 7)).digest('hex'))
  })
})
