import type { Payload } from 'payload'

import path from 'node:path'

import type { ResolvedOptions } from '../types'

/** Where the untouched original of a stored file is kept, by the public file's (unique) name. */
export const originalPathOf = ({
  originalsDir,
  filename,
}: {
  originalsDir: string
  filename: string
}) => path.join(path.resolve(originalsDir), path.basename(filename))

/**
 * The files of one media document on disk, by its stored (unique) file name: `stored`, the copy
 * served at `/api/<media>/file/<name>` in the collection's static folder, and `original`, the
 * untouched upload in `originalsDir` (there only when something was removed from the copy).
 * Only the base name is used, so a stored name can never point outside either folder.
 */
export const mediaPaths = ({
  payload,
  options,
  filename,
}: {
  payload: Payload
  options: Pick<ResolvedOptions, 'slugs' | 'originalsDir'>
  filename: string
}): { stored: string; original: string } => {
  const staticDir = payload.collections[options.slugs.media].config.upload.staticDir ?? ''
  return {
    stored: path.join(path.resolve(staticDir), path.basename(filename)),
    original: originalPathOf({ originalsDir: options.originalsDir, filename }),
  }
}
