/**
 * What a browser's form post to a window is told on the column's page (`/columns/:id`), shared by
 * the comment endpoint (which redirects back with `?comment=error&reason=`) and the page. A
 * refusal is named by its reason, never by text the link carries: a crafted link cannot put
 * words of its own on our page.
 */

export const maxCommentLength = 500
export const maxAuthorNameLength = 30
export const maxContactLength = 100

export const formRefusals = {
  blocked:
    '评论含有不宜发布的词语，请修改后再提交 / the comment contains a word that may not be published: please change it',
  invalid: `请以纯文字填写评论（不超过 ${maxCommentLength} 字），联系方式须为手机号码或电子邮箱 / write the comment as plain text of at most ${maxCommentLength} characters; the contact must be a phone number or an e-mail address`,
  limit: '提交过于频繁，请稍后再试 / too many comments from here: please try again later',
  closed: '该专栏暂不接受跟帖评论 / this column does not take comments',
  missing: '没有该专栏 / no such column',
} as const

export type FormRefusal = keyof typeof formRefusals

export const isFormRefusal = (value: unknown): value is FormRefusal =>
  typeof value === 'string' && Object.hasOwn(formRefusals, value)

/** The reason of a refusal (`reason` set where it was thrown, else read from its status). */
export const formRefusalOf = (err: unknown): FormRefusal => {
  const { reason, status } = err as { reason?: unknown; status?: number }
  if (isFormRefusal(reason)) {
    return reason
  }
  return status === 429
    ? 'limit'
    : status === 403
      ? 'closed'
      : status === 404
        ? 'missing'
        : 'invalid'
}
