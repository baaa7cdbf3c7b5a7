import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'

/**
 * Plain text (paragraphs separated by blank lines, as the notices were printed and as the public
 * types a recommended craftsman's story) as a Lexical document, with numbered headings (一、…,
 * （一）…) kept as headings. Exported for apps that import text the same way (this app's seed).
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
          : {
              type: 'paragraph',
              ...blockBase,
              textFormat: 0,
              textStyle: '',
              children: [textNode(paragraph)],
            }
      }),
    },
  } as unknown as SerializedEditorState
}

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
