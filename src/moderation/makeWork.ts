import type { PayloadRequest } from 'payload'

import { isInReach } from '../access/roles'
import { badRequest, conflict, idOf, inTransaction, notFound, Refusal } from '../lib/refusal'

/**
 * 择优制作成宣传作品: an approved contribution becomes a draft work of the campaign, filed under
 * the column's unit (or the one the moderator names, for a partner site's column), with the
 * contributor as its author and the window as its origin (`source`, the description, and the
 * contribution's `madeInto`). From there it takes the normal path: screening, reporting, judging.
 *
 * `POST /api/interactions/:id/make-work` `{ subProject, submittingUnit?, title? }` → 201
 * `{ entry: { id, title, status } }`. Written as the moderator, so the entries' own rules decide
 * where it may be filed; the contribution and the work are saved together or not at all.
 */
export const makeWork = async (
  req: PayloadRequest,
  body: Record<string, unknown>,
): Promise<{ entry: { id: number; title: string; status: string } }> => {
  if (!req.user) {
    throw new Refusal('请先登录 / log in first', 401)
  }
  const id = Number(req.routeParams?.id)
  const contribution = Number.isSafeInteger(id)
    ? await req.payload.findByID({
        collection: 'interactions',
        id,
        depth: 1,
        overrideAccess: false,
        user: req.user,
        disableErrors: true,
        req,
      })
    : null
  // Anyone reads an approved one: only the column's moderators make works of it.
  const mayModerate =
    contribution &&
    (await isInReach({
      req,
      unit: contribution.unit as never,
      campaign: contribution.campaign as never,
    }))
  if (!contribution || !mayModerate) {
    throw notFound(
      '没有该投稿，或不在你的审核范围 / no such contribution, or not yours to moderate',
    )
  }
  if (contribution.kind !== 'contribution') {
    throw badRequest('只有原创图文可制作成作品 / only contributions are made into works')
  }
  if (contribution.state !== 'approved') {
    throw conflict('请先审核通过，再制作成作品 / approve it before making it into a work')
  }
  const made = idOf(contribution.madeInto as never)
  if (made) {
    throw conflict(`已制作成作品（编号 ${made}） / already made into work #${made}`)
  }
  const subProject = await req.payload.findByID({
    collection: 'sub-projects',
    id: Number(body.subProject),
    depth: 0,
    draft: false,
    disableErrors: true,
    overrideAccess: true,
    req,
  })
  const campaign = idOf(contribution.campaign as never)
  if (!subProject || idOf(subProject.campaign as never) !== campaign) {
    throw badRequest(
      '请选择本活动的子项目（subProject） / choose a sub-project of this campaign (subProject)',
    )
  }
  const unit = idOf((body.submittingUnit ?? contribution.unit) as never)
  if (!unit) {
    throw badRequest(
      '合作网站专栏的投稿请指定报送单位（submittingUnit） / name the submitting unit (submittingUnit) for a partner site’s column',
    )
  }
  const column = contribution.column as { title?: string } | number | null
  const columnTitle =
    typeof column === 'object' && column?.title ? column.title : `#${idOf(column as never)}`
  const text = contribution.body ?? ''
  const title =
    (typeof body.title === 'string' && body.title.trim()) ||
    contribution.title ||
    [...text].slice(0, 30).join('') ||
    `网民原创图文 ${id}`
  const contact = contribution.contact ?? ''
  return inTransaction(req, async () => {
    const entry = await req.payload.create({
      collection: 'entries',
      data: {
        title,
        subProject: subProject.id,
        submittingUnit: unit,
        status: 'draft',
        source: 'netizen-contribution',
        form: 'graphic',
        text: text || undefined,
        description: `来自“${columnTitle}”互动窗口的网民原创图文（互动编号 ${id}） / from the interaction window of “${columnTitle}” (interaction #${id})`,
        media: ((contribution.images ?? []) as unknown[]).map((image) => idOf(image as never)!),
        authors: [
          {
            name: contribution.authorName || '网友',
            ...(contact.includes('@') ? { email: contact } : contact ? { mobile: contact } : {}),
          },
        ],
      } as never,
      overrideAccess: false,
      user: req.user,
      depth: 0,
      req,
    })
    await req.payload.update({
      collection: 'interactions',
      id,
      data: { madeInto: Number(entry.id) },
      overrideAccess: true,
      depth: 0,
      req,
    })
    return { entry: { id: Number(entry.id), title, status: 'draft' } }
  })
}
