import type { ServerFeature } from '@payloadcms/richtext-lexical'

import { createServerFeature, lexicalEditor } from '@payloadcms/richtext-lexical'
import { ValidationError } from 'payload'

import { linkUrlProblem } from './safeUrl'

/** Payload does not export its rich-text hook types; the feature's own type names them. */
type BeforeValidateRichTextHook = NonNullable<
  NonNullable<ServerFeature<undefined, undefined>['hooks']>['beforeValidate']
>[number]

/** A Lexical node as stored: links and autolinks keep their URL in `fields.url`. */
type StoredNode = { type?: string; children?: StoredNode[]; fields?: { url?: unknown } }

/** The first link in a Lexical document whose URL may not be stored, with the reason. */
export const unsafeLinkIn = (value: unknown): string | null => {
  const pending: StoredNode[] = [
    ...(((value as { root?: StoredNode } | null)?.root?.children ?? []) as StoredNode[]),
  ]
  while (pending.length) {
    const node = pending.pop()!
    const url = node.fields?.url
    // Checked whatever `linkType` says: an "internal" link's URL is still stored and served, and
    // a partner rendering the raw JSON may follow it.
    if (typeof url === 'string') {
      const problem = linkUrlProblem(url)
      if (problem) {
        return problem
      }
    }
    if (Array.isArray(node.children)) {
      pending.push(...node.children)
    }
  }
  return null
}

/**
 * Refuses a save whose text links to `javascript:`, `data:` or any scheme but http(s), mailto
 * and tel, pasted links (autolinks) included. A field hook, not a node validation: Payload skips
 * validations for drafts, and a draft is served too (previews, `/versions`). The error names the
 * rich-text field, so the admin marks it and REST and GraphQL say which field.
 */
const refuseUnsafeLinks: BeforeValidateRichTextHook = ({ collection, global, path, value }) => {
  const problem = unsafeLinkIn(value)
  if (problem) {
    throw new ValidationError({
      ...(collection ? { collection: collection.slug } : { global: global?.slug ?? '' }),
      errors: [{ path: path.join('.'), message: problem }],
    })
  }
  return value
}

/** Server-only: the editor in the admin is unchanged, the check runs on every save. */
export const SafeLinksFeature = createServerFeature({
  key: 'safeLinks',
  feature: { hooks: { beforeValidate: [refuseUnsafeLinks] } },
})

/** The editor of every rich-text field (set as the config's default `editor`): Payload's features and safe links. */
export const campaignEditor = () =>
  lexicalEditor({ features: ({ defaultFeatures }) => [...defaultFeatures, SafeLinksFeature()] })
