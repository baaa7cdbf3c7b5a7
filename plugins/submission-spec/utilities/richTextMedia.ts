import type { Field } from 'payload'

import { extractID } from 'payload/shared'

/** A Lexical node as stored: an upload node names its collection and the document (`value`: an id, or the document when populated). */
type LexicalNode = {
  type?: unknown
  relationTo?: unknown
  value?: number | { id: number } | null
  children?: unknown
}

/** Ids of the `relationTo` documents shown by upload nodes anywhere in a Lexical document (lists, quotes and tables included). */
export const uploadsInLexical = ({
  value,
  relationTo,
}: {
  value: unknown
  relationTo: string
}): number[] => {
  const found: number[] = []
  const pending: unknown[] = [(value as { root?: unknown } | null | undefined)?.root]
  while (pending.length) {
    const node = pending.pop() as LexicalNode | null | undefined
    if (!node || typeof node !== 'object') {
      continue
    }
    if (node.type === 'upload' && node.relationTo === relationTo) {
      // Payload refuses a node whose id is not a number (validUploadID), maybe after this runs: anything else names nothing.
      const id = node.value ? extractID(node.value) : undefined
      if (typeof id === 'number' && Number.isInteger(id) && id > 0 && !found.includes(id)) {
        found.push(id)
      }
    }
    if (Array.isArray(node.children)) {
      pending.push(...(node.children as unknown[]))
    }
  }
  return found
}

/** Whether any of `fields` (through groups, arrays, blocks, tabs, rows and collapsibles) is a rich-text field. */
export const hasRichText = (fields: Field[]): boolean =>
  fields.some((field) => {
    if (field.type === 'richText') {
      return true
    }
    return childFieldLists(field).some((list) => hasRichText(list))
  })

/**
 * Ids of the `relationTo` documents a document shows in its rich-text fields, wherever `fields`
 * put them: upload nodes of every richText field, in groups, array rows, blocks and tabs too.
 */
export const uploadsInRichText = ({
  fields,
  doc,
  relationTo,
}: {
  fields: Field[]
  doc: unknown
  relationTo: string
}): number[] => {
  const found = new Set<number>()
  const visit = (list: Field[], data: unknown) => {
    if (!data || typeof data !== 'object') {
      return
    }
    const values = data as Record<string, unknown>
    for (const field of list) {
      if (field.type === 'richText') {
        uploadsInLexical({ value: values[field.name], relationTo }).forEach((id) => found.add(id))
      } else if (field.type === 'group' && 'name' in field && field.name) {
        visit(field.fields, values[field.name])
      } else if (field.type === 'array') {
        for (const row of (values[field.name] as unknown[] | null | undefined) ?? []) {
          visit(field.fields, row)
        }
      } else if (field.type === 'blocks') {
        for (const row of (values[field.name] as { blockType?: string }[] | null | undefined) ??
          []) {
          const block = field.blocks.find((candidate) => candidate.slug === row?.blockType)
          if (block) {
            visit(block.fields, row)
          }
        }
      } else if (field.type === 'tabs') {
        for (const tab of field.tabs) {
          visit(tab.fields, 'name' in tab && tab.name ? values[tab.name] : data)
        }
      } else if (
        field.type === 'row' ||
        field.type === 'collapsible' ||
        (field.type === 'group' && !('name' in field && field.name))
      ) {
        visit(field.fields, data)
      }
    }
  }
  visit(fields, doc)
  return [...found]
}

/** The field lists nested in a field, for `hasRichText`. */
const childFieldLists = (field: Field): Field[][] => {
  switch (field.type) {
    case 'group':
    case 'array':
    case 'row':
    case 'collapsible':
      return [field.fields]
    case 'blocks':
      return field.blocks.map((block) => block.fields)
    case 'tabs':
      return field.tabs.map((tab) => tab.fields)
    default:
      return []
  }
}
