const block = { format: '', indent: 0, version: 1, direction: 'ltr' }

/**
 * A Lexical document with one paragraph holding one link, as the admin's editor saves it:
 * `link` is a link the editor inserted, `autolink` one it made from a pasted URL.
 */
export const lexicalWithLink = ({
  url,
  type = 'link',
  linkType = 'custom',
}: {
  url: string
  type?: 'autolink' | 'link'
  /** `internal` claims to point at a document: its URL is checked all the same. */
  linkType?: 'custom' | 'internal'
}) => ({
  root: {
    type: 'root',
    ...block,
    children: [
      {
        type: 'paragraph',
        ...block,
        textFormat: 0,
        textStyle: '',
        children: [
          {
            type: 'text',
            text: '通知原文见',
            format: 0,
            detail: 0,
            mode: 'normal',
            style: '',
            version: 1,
          },
          {
            type,
            ...block,
            version: type === 'link' ? 3 : 2,
            ...(type === 'link' ? { id: '6750a1b2c3d4e5f6a7b8c9d0' } : {}),
            fields: { url, linkType, newTab: false },
            children: [
              {
                type: 'text',
                text: '这里',
                format: 0,
                detail: 0,
                mode: 'normal',
                style: '',
                version: 1,
              },
            ],
          },
        ],
      },
    ],
  },
})
