import type { ReactNode } from 'react'

import { renderToStaticMarkup } from 'react-dom/server'

import type { PulledColumn, PulledFile, PulledItem } from '../pull'

import type { FormRefusal } from '../../moderation/formAnswers'

import {
  formRefusals,
  maxAuthorNameLength,
  maxCommentLength,
  maxContactLength,
} from '../../moderation/formAnswers'
import { sectionKinds } from '../sections'
import { pageCss, pageScript } from './assets'

/**
 * The reference column page (`/columns/:id`): a published column as a union without a site of its
 * own shows it, drawn from the column's pull document (../pull.ts) and nothing else. Rendered to
 * static HTML, so it reads without JavaScript and React escapes every text it is given.
 */

/** What became of a comment posted from the page's form (`?comment=` on the redirect back). */
export type CommentStatus =
  { state: 'pending' | 'approved' } | { state: 'error'; reason: FormRefusal | null }

/** Where the page's form posts: the interaction window's endpoint on this site. */
export const commentAction = '/api/interactions/comment'

/** As src/moderation/receive.ts takes them (a longer text is refused there, with its reason). */

const sectionTitle = Object.fromEntries(sectionKinds.map((kind) => [kind.value, kind.label.zh]))

const itemKind: Record<PulledItem['kind'], string> = {
  entry: '作品',
  notice: '通知',
  'featured-worker': '大国工匠',
}

const interactionKind: Record<string, string> = {
  comment: '跟帖评论',
  contribution: '原创图文',
}

const dayFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
})

const When = ({ at }: { at: string | null }) => {
  const date = at ? new Date(at) : null
  return date && !Number.isNaN(date.getTime()) ? (
    <time dateTime={date.toISOString()}>{dayFormat.format(date)}</time>
  ) : null
}

const isVideo = (file: PulledFile) =>
  file.kind === 'video' || Boolean(file.mimeType?.startsWith('video/'))

const isImage = (file: PulledFile) =>
  file.kind === 'image' || Boolean(file.mimeType?.startsWith('image/'))

const Item = ({ item }: { item: PulledItem }) => {
  const video = item.files?.find(isVideo)
  // Works carry the campaign's labelled copies (intro clip in front, label drawn in): those are shown.
  const photo = item.files?.find(isImage)
  const image = photo ? (photo.labelledUrl ?? photo.url) : item.image
  return (
    <li className="item">
      {video ? (
        <video
          controls
          preload="metadata"
          playsInline
          src={video.labelledUrl ?? video.url}
          aria-label={`视频：${item.title}`}
        >
          <a href={video.labelledUrl ?? video.url}>下载视频：{item.title}</a>
        </video>
      ) : image ? (
        <img className="thumb" src={image} alt={item.title} loading="lazy" decoding="async" />
      ) : null}
      <h3>{item.url ? <a href={item.url}>{item.title}</a> : item.title}</h3>
      {item.summary ? <p>{item.summary}</p> : null}
      <p className="meta">
        {itemKind[item.kind]}
        {item.publishedAt ? ' · ' : null}
        <When at={item.publishedAt} />
        {item.isSelected ? <span className="badge">精品</span> : null}
      </p>
    </li>
  )
}

const Section = ({
  section,
  index,
}: {
  section: PulledColumn['sections'][number]
  index: number
}) => {
  const headingId = `section-${index + 1}`
  // Works and craftsmen are pictures and videos first: two to a row on a wide screen.
  const isCards = section.kind === 'works' || section.kind === 'craftsmen'
  return (
    <section className="block" aria-labelledby={headingId}>
      <h2 id={headingId}>{section.title || sectionTitle[section.kind] || section.kind}</h2>
      {section.items.length ? (
        <ul className={isCards ? 'items cards' : 'items'}>
          {section.items.map((item) => (
            <Item key={item.uri} item={item} />
          ))}
        </ul>
      ) : (
        <p className="empty">暂无内容。</p>
      )}
    </section>
  )
}

const statusText = (status: CommentStatus | null): { kind: string; text: string } | null => {
  if (!status) {
    return null
  }
  if (status.state !== 'error') {
    return {
      kind: 'ok',
      text:
        status.state === 'approved'
          ? '评论已发表，感谢参与！/ Your comment is published: thank you.'
          : '已收到您的评论，审核通过后显示。/ Received: it shows once a moderator approves it.',
    }
  }
  return {
    kind: 'error',
    text: `未能提交：${status.reason ? formRefusals[status.reason] : '请稍后再试 / not sent: please try again later'}`,
  }
}

const InteractionWindow = ({
  column,
  status,
}: {
  column: PulledColumn
  status: CommentStatus | null
}) => {
  const window = column.interactionWindow
  const shown = statusText(status)
  return (
    <section className="block window" id="interaction-window" aria-labelledby="window-heading">
      <h2 id="window-heading">互动窗口</h2>
      <div className="window-grid">
        <div>
          <h3>网友留言</h3>
          {column.interactions.length ? (
            <ul className="said">
              {column.interactions.map((each) => (
                <li key={each.id}>
                  <p className="meta">
                    {each.authorName || '网友'} · {interactionKind[each.kind] ?? '留言'} ·{' '}
                    <When at={each.createdAt} />
                  </p>
                  {each.title ? (
                    <p>
                      <strong>{each.title}</strong>
                    </p>
                  ) : null}
                  {each.body ? <p>{each.body}</p> : null}
                  {each.entry ? <p className="meta">评论作品：{each.entry.title}</p> : null}
                  {each.images.length ? (
                    <div className="images">
                      {each.images.map((url, index) => (
                        <img
                          key={url}
                          src={url}
                          alt={`${each.authorName || '网友'}提供的图片 ${index + 1}`}
                          loading="lazy"
                        />
                      ))}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">还没有留言，欢迎发表第一条评论。</p>
          )}
        </div>
        <div>
          <h3 id="comment-form-heading">发表评论</h3>
          {window.comments ? (
            <form
              id="comment-form"
              method="post"
              action={commentAction}
              aria-labelledby="comment-form-heading"
            >
              {/* First in the form: the redirect back lands on #comment-form with this in view. */}
              <p
                id="comment-status"
                role="status"
                className={shown ? `status ${shown.kind}` : 'status'}
                data-state={status?.state}
              >
                {shown?.text}
              </p>
              <input type="hidden" name="column" value={column.id} />
              <div className="field">
                <label htmlFor="comment-body">
                  评论内容 <span className="optional">（必填，{maxCommentLength} 字以内）</span>
                </label>
                <textarea
                  id="comment-body"
                  name="body"
                  required
                  maxLength={maxCommentLength}
                  rows={5}
                />
              </div>
              <div className="field">
                <label htmlFor="comment-author">
                  署名 <span className="optional">（选填，公开显示）</span>
                </label>
                <input
                  id="comment-author"
                  type="text"
                  name="authorName"
                  maxLength={maxAuthorNameLength}
                  autoComplete="nickname"
                />
              </div>
              <div className="field">
                <label htmlFor="comment-contact">
                  联系方式 <span className="optional">（选填，手机或邮箱，仅工作人员可见）</span>
                </label>
                <input
                  id="comment-contact"
                  type="text"
                  name="contact"
                  maxLength={maxContactLength}
                  autoComplete="email"
                />
              </div>
              <p className="hint">
                {window.moderation === 'post'
                  ? '评论提交后即显示，工作人员随后审核。'
                  : '先审后发：评论经工作人员审核通过后显示。'}
                请文明发言，只收纯文字。
              </p>
              <button type="submit">提交评论</button>
            </form>
          ) : (
            <p className="empty">本专栏暂不接受跟帖评论。</p>
          )}
        </div>
      </div>
    </section>
  )
}

const Document = ({
  title,
  description,
  children,
  withScript = false,
}: {
  title: string
  description?: string | null
  children: ReactNode
  withScript?: boolean
}) => (
  <html lang="zh-CN">
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      {/* No favicon to fetch: the page is one request. */}
      <link rel="icon" href="data:," />
      {description ? <meta name="description" content={description} /> : null}
      {/* Constants of this module, never user text: inline, allowed by hash (./assets.ts). */}
      <style dangerouslySetInnerHTML={{ __html: pageCss }} />
    </head>
    <body>
      {children}
      {withScript ? <script dangerouslySetInnerHTML={{ __html: pageScript }} /> : null}
    </body>
  </html>
)

const ColumnPage = ({ column, status }: { column: PulledColumn; status: CommentStatus | null }) => {
  const { campaign } = column
  return (
    <Document
      title={column.title}
      description={column.intro}
      withScript={column.interactionWindow.comments}
    >
      <a className="skip" href="#main">
        跳到正文
      </a>
      <header className="masthead">
        <div className="wrap">
          <p className="kicker">
            {campaign.year ? `${campaign.year} 年 · ` : null}
            {campaign.name}
          </p>
          <h1>{column.title}</h1>
          {column.intro ? <p className="lead">{column.intro}</p> : null}
          {column.owner.name ? <p className="owner">{column.owner.name}</p> : null}
        </div>
        {column.banner ? (
          <img
            className="banner"
            src={column.banner.url}
            alt={column.banner.alt || column.title}
            width={column.banner.width ?? undefined}
            height={column.banner.height ?? undefined}
          />
        ) : null}
      </header>
      <main id="main">
        <div className="wrap layout">
          <div>
            {column.sections.map((section, index) => (
              <Section key={index} section={section} index={index} />
            ))}
          </div>
          <aside className="aside block" aria-labelledby="about-heading">
            <h2 id="about-heading">关于本专栏</h2>
            <dl className="facts">
              <dt>主题活动</dt>
              <dd>{campaign.name}</dd>
              {campaign.label ? (
                <>
                  <dt>作品标识</dt>
                  <dd>{campaign.label}</dd>
                </>
              ) : null}
              {column.owner.name ? (
                <>
                  <dt>开设单位</dt>
                  <dd>{column.owner.name}</dd>
                </>
              ) : null}
              <dt>更新</dt>
              <dd>
                <When at={column.publishedAt} />
              </dd>
            </dl>
            <ul className="links">
              {column.interactionWindow.enabled ? (
                <li>
                  <a href="#interaction-window">参与互动：发表评论</a>
                </li>
              ) : null}
              <li>
                <a href={`/api/columns/${column.id}/feed`}>订阅本专栏（JSON Feed）</a>
              </li>
            </ul>
          </aside>
        </div>
        {column.interactionWindow.enabled ? (
          <div className="wrap">
            <InteractionWindow column={column} status={status} />
          </div>
        ) : null}
      </main>
      <Footer />
    </Document>
  )
}

const Footer = () => (
  <footer className="site-footer">
    <div className="wrap">
      <p>{'网聚职工正能量　争做中国好网民'}</p>
      <p lang="en">Trade-union online publicity campaigns</p>
    </div>
  </footer>
)

const NotFoundPage = () => (
  <Document title="没有该专栏 / No such column">
    <main id="main" className="notfound">
      <h1>没有该专栏</h1>
      <p>该专栏不存在，或尚未发布。</p>
      <p lang="en">No such column: it does not exist, or it is not published yet.</p>
    </main>
    <Footer />
  </Document>
)

const html = (element: ReactNode) => `<!DOCTYPE html>${renderToStaticMarkup(element)}`

/** The page of a published column, with what became of a comment just posted from it. */
export const renderColumnPage = (column: PulledColumn, status: CommentStatus | null): string =>
  html(<ColumnPage column={column} status={status} />)

/** The answer to a column that is not published, or does not exist: the same for both. */
export const renderNotFound = (): string => html(<NotFoundPage />)
