import type { SanitizedCollectionConfig } from 'payload'

type AnyDoc = Record<string, unknown>

/**
 * The value of a field as stored, not as populated: related documents become their IDs, so an
 * old value read at depth 0 compares equal to a new value read at depth 1.
 */
export const storedValue = (value: unknown): unknown => {
  if (value === undefined || value === null) {
    return null
  }
  if (Array.isArray(value)) {
    return value.map(storedValue)
  }
  if (typeof value === 'object') {
    const record = value as AnyDoc
    if ('relationTo' in record && 'value' in record) {
      return { relationTo: record.relationTo, value: storedValue(record.value) }
    }
    if ('id' in record && (typeof record.id === 'string' || typeof record.id === 'number')) {
      return record.id
    }
  }
  return value
}

/** The value of `path` (`a.b.c`) in `doc`. */
export const valueAt = (doc: AnyDoc | null | undefined, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as AnyDoc)[key] : undefined),
      doc,
    )

/** A stored value as the summary shows it: `（无）` / `(none)` when empty. */
export const displayValue = (value: unknown, language: 'en' | 'zh'): string => {
  const stored = storedValue(value)
  if (stored === null || stored === '' || (Array.isArray(stored) && stored.length === 0)) {
    return language === 'zh' ? '（无）' : '(none)'
  }
  if (Array.isArray(stored)) {
    return stored.map((item) => displayValue(item, language)).join(', ')
  }
  if (typeof stored === 'object') {
    const record = stored as AnyDoc
    if ('relationTo' in record) {
      return `${String(record.relationTo)}#${String(record.value)}`
    }
    return JSON.stringify(stored)
  }
  return String(stored)
}

/** `posts #12（标题）` — the collection slug, the ID and the document's title when it has one. */
export const describeDoc = ({
  collection,
  doc,
  id,
}: {
  collection: SanitizedCollectionConfig
  doc?: AnyDoc | null
  id: number | string | undefined
}): { en: string; zh: string } => {
  const titleField = collection.admin?.useAsTitle
  const title = titleField && titleField !== 'id' ? valueAt(doc, titleField) : undefined
  const base = `${collection.slug} #${String(id)}`
  if (typeof title !== 'string' || !title) {
    return { zh: base, en: base }
  }
  return { zh: `${base}（${title}）`, en: `${base} (${title})` }
}

/**
 * The Chinese label of a field (`角色`), falling back to its name; the English summary uses the
 * field name itself (`role`), as in `角色由 a 改为 b / role changed from a to b`.
 */
export const fieldLabelZh = ({
  collection,
  path,
}: {
  collection: SanitizedCollectionConfig
  path: string
}): string => {
  const name = path.split('.').at(-1) ?? path
  const field = collection.flattenedFields.find(
    (candidate) => candidate.name === path.split('.')[0],
  )
  if (!field || path.includes('.')) {
    return name
  }
  const label = 'label' in field ? field.label : undefined
  if (typeof label === 'string') {
    return label
  }
  if (
    label &&
    typeof label === 'object' &&
    typeof (label as Record<string, unknown>).zh === 'string'
  ) {
    return (label as Record<string, string>).zh!
  }
  return name
}
