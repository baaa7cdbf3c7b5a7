import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'

/** SHA-256 (hex) of a file, read as a stream: a 2 GB video is never held in memory. */
export const sha256OfFile = async (filePath: string): Promise<string> => {
  const hash = createHash('sha256')
  await pipeline(createReadStream(filePath), hash)
  return hash.digest('hex')
}

/** SHA-256 (hex) of bytes already in memory. */
export const sha256OfBuffer = (data: Buffer): string =>
  createHash('sha256').update(data).digest('hex')
