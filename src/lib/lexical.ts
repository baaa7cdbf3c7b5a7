import type { ServerFeature } from '@payloadcms/richtext-lexical'
import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'

import { createServerFeature, lexicalEditor } from '@payloadcms/richtext-lexical'
import { ValidationError } from 'payload'

import { linkUrlProblem } from './safeUrl'

/** Payload does not export its rich-text hook types; the feature's own type names them. */
type BeforeValidateRichTextHook = NonNullable<NonNullable<ServerFeature<undefined, undefined>['hooks']>['beforeValidate']>[number]

/** A Lexical node as stored: links and autolinks keep their URL in `fields.url`. */
type StoredNode = { type?: string; children?: StoredNode[]; fields?: { url?: unknown } }

/** The first link in a Lexical document whose URL may not be stored, with the reason. */
export const unsafeLinkIn = (value: unknown): string | null => {
  const pending: StoredNode[] = [...(((value as { root?: StoredNode } | null)?.root?.children ?? []) as StoredNode[])]
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

const textNode = (text: string) => ({
  type: 'text',
  text,
  format: 0,
  detail: 0,
  mode: 'normal',
  style: '',
  version: 1,
})

const blockBase = { format: '' as const, indent: 0, version: 1, direction: 'ltr' as const }

/** 一、… is a section heading, （一）… a subsection; everything else is a paragraph. */
const headingTag = (paragraph: string): 'h2' | 'h3' | null => {
  if (/^[一二三四五六七八九十]+、/.test(paragraph) && paragraph.length <= 40) {
    return 'h2'
  }
  if (/^[（(][一二三四五六七八九十]+[）)]/.test(paragraph) && paragraph.length <= 40) {
    return 'h3'
  }
  return null
}

/**
 * Plain text (paragraphs separated by blank lines, as the notices were printed) as a Lexical
 * document, with the notices' numbered headings kept as headings.
 */
export const textToLexical = (text: string): SerializedEditorState => {
  const paragraphs = text
    .split(/\n\s*\n/)
    // Lines joined with the spaces around each break dropped. Not `replace(/\s*\n\s*/g, '')`: V8
    // tries that from every space of a run without a break, quadratic on a story of many spaces.
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.trim())
        .join(''),
    )
    .filter(Boolean)
  return {
    root: {
      type: 'root',
      ...blockBase,
      children: paragraphs.map((paragraph) => {
        const tag = headingTag(paragraph)
        return tag
          ? { type: 'heading', tag, ...blockBase, children: [textNode(paragraph)] }
          : { type: 'paragraph', ...blockBase, textFormat: 0, textStyle: '', children: [textNode(paragraph)] }
      }),
    },
  } as unknown as SerializedEditorState
}
