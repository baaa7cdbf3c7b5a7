import type { FlattenedField, PayloadRequest } from 'payload'

import { getTranslation } from '@payloadcms/translations'

type WithChildren = {
  flattenedFields?: FlattenedField[]
  blocks?: { flattenedFields?: FlattenedField[] }[]
}

/**
 * The label a user knows a field by (`push.endpointURL` → 接收地址), in the request's language,
 * found by walking the error's path through the collection's or global's fields; the path
 * itself when there is no such field or it has no label.
 */
export const fieldLabel = ({
  fields,
  path,
  req,
}: {
  fields: FlattenedField[] | undefined
  path: string
  req: PayloadRequest
}): string => {
  let current: FlattenedField[] = fields ?? []
  let found: FlattenedField | undefined
  for (const segment of path.split('.')) {
    if (/^\d+$/.test(segment)) {
      continue
    }
    found = current.find((field) => field.name === segment)
    if (!found) {
      return path
    }
    const { flattenedFields, blocks } = found as WithChildren
    // A block's fields depend on its type, which the path does not say: any block's will do.
    current = flattenedFields ?? blocks?.flatMap((block) => block.flattenedFields ?? []) ?? []
  }
  const label = found && 'label' in found ? found.label : undefined
  if (!label) {
    return path
  }
  const text = getTranslation(label as Parameters<typeof getTranslation>[0], req.i18n)
  return typeof text === 'string' && text ? text : path
}
