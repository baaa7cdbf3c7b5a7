import type { CollectionSlug, Payload } from 'payload'

import { Kind, parse } from 'graphql'
import { formatNames, toWords } from 'payload'

/** What a GraphQL document asks, as far as caching its answer goes. */
export type GraphqlScope =
  /** Not a read only (a mutation, a subscription), or not a document at all: never cached. */
  | { kind: 'uncacheable' }
  /** Reads of the given collections only, whose answers are the same for every partner with the same campaigns. */
  | { kind: 'shared'; collections: string[] }
  /** Reads of something else too (the account itself, its site, deliveries): cached per account. */
  | { kind: 'account' }

/** Documents remembered at most, by their text: partners send the same few queries again and again. */
const maxDocuments = 500

/**
 * Reads the top-level fields of the operation a GraphQL request runs and tells which collections
 * they read: `Entries`, `Entry` and `countEntries` (the names Payload's GraphQL gives a collection,
 * from its slug or its `graphQL` names) for each collection in `shared`.
 */
export const createGraphqlScopes = (payload: Payload, shared: readonly string[]) => {
  const byField = new Map<string, string>()
  for (const slug of shared) {
    const collection = payload.collections[slug as CollectionSlug]
    const graphQL = collection?.config.graphQL
    if (!collection || graphQL === false) {
      continue
    }
    const fromSlug = formatNames(slug)
    const singular = graphQL?.singularName ? toWords(graphQL.singularName, true) : fromSlug.singular
    let plural = graphQL?.pluralName ? toWords(graphQL.pluralName, true) : fromSlug.plural
    if (singular === plural) {
      plural = `all${singular}`
    }
    byField.set(singular, slug)
    byField.set(plural, slug)
    byField.set(`count${plural}`, slug)
  }
  const known = new Map<string, GraphqlScope>()

  const scopeOf = (query: string, operationName: string | null): GraphqlScope => {
    const key = `${operationName ?? ''}\n${query}`
    const remembered = known.get(key)
    if (remembered) {
      return remembered
    }
    const scope = analyse(query, operationName)
    known.set(key, scope)
    while (known.size > maxDocuments) {
      known.delete(known.keys().next().value!)
    }
    return scope
  }

  const analyse = (query: string, operationName: string | null): GraphqlScope => {
    let document
    try {
      document = parse(query)
    } catch {
      return { kind: 'uncacheable' }
    }
    const operations = document.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    )
    const operation = operationName
      ? operations.find((candidate) => candidate.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined
    if (!operation || operation.operation !== 'query') {
      return { kind: 'uncacheable' }
    }
    const collections = new Set<string>()
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) {
        // Fragments at the top: read what they select like any other field would be — per account.
        return { kind: 'account' }
      }
      if (selection.name.value === '__typename') {
        continue
      }
      const slug = byField.get(selection.name.value)
      if (!slug) {
        return { kind: 'account' }
      }
      collections.add(slug)
    }
    return { kind: 'shared', collections: [...collections] }
  }

  return { scopeOf }
}
