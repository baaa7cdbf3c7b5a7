import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedOptions } from '../types'

import { complianceSummary, coverageReport, standingReport } from '../utilities/reports'

/** `req.context` key marking the plugin's own write of a recommendation onto a work. */
export const recommendationWrite = 'unifiedCampaign:recommendation'

const error = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })

type Actor = { id: number | string; email?: string; name?: string }

const idParam = (req: PayloadRequest) => Number(req.routeParams?.id)

const report =
  (
    options: ResolvedOptions,
    build: typeof coverageReport | typeof complianceSummary,
  ): Endpoint['handler'] =>
  async (req) => {
    const campaignId = idParam(req)
    const exists = await req.payload.count({
      collection: options.slugs.campaigns,
      where: { id: { equals: campaignId } },
      req,
    })
    if (!exists.totalDocs) {
      return error(404, `没有编号为 ${campaignId} 的主题活动 / no campaign ${campaignId}`)
    }
    if (!(await options.access.readReports({ req, campaignId }))) {
      return error(
        403,
        '只有全国办公室和本活动的主办方可以查看 / only the national office and the campaign’s hosts',
      )
    }
    return Response.json(await build({ req, options, campaignId }))
  }

/**
 * `GET /api/campaigns/:id/coverage` and `/compliance`, for whom `access.readReports` admits;
 * `GET /api/campaigns/standing`, for whom `access.readStanding` admits.
 */
export const campaignEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/standing',
    method: 'get',
    handler: async (req) => {
      if (!req.user) {
        return error(401, '请先登录 / log in first')
      }
      if (!(await options.access.readStanding({ req }))) {
        return error(
          403,
          '不属于任何主题活动的内容由全国办公室查看 / content outside every campaign is the national office’s to see',
        )
      }
      return Response.json(await standingReport({ req, options }))
    },
  },
  { path: '/:id/coverage', method: 'get', handler: report(options, coverageReport) },
  { path: '/:id/compliance', method: 'get', handler: report(options, complianceSummary) },
]

/**
 * The entry if it is published in a campaign the partner takes part in (`partnerCampaigns`), or,
 * without that option, if the partner may read it.
 */
const recommendableByPartner = async ({
  req,
  options,
  id,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  id: number
}) => {
  if (!options.partnerCampaigns) {
    return readableEntry({ req, options, id })
  }
  const campaigns = await options.partnerCampaigns({ req })
  const { docs } = await req.payload.find({
    collection: options.slugs.entries,
    where: {
      and: [
        { id: { equals: id } },
        { status: { equals: 'published' } },
        { campaign: { in: campaigns.length ? campaigns : [0] } },
      ],
    },
    depth: 0,
    limit: 1,
    req,
  })
  return docs[0] ?? null
}

/** The entry if whoever asks may read it. */
const readableEntry = ({
  req,
  options,
  id,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  id: number
}) =>
  req.payload
    .findByID({
      collection: options.slugs.entries,
      id,
      depth: 0,
      overrideAccess: false,
      user: req.user,
      req,
    })
    .catch(() => null)

const reasonOf = async (req: PayloadRequest): Promise<string> => {
  const body = (await req.json?.().catch(() => ({}))) as { reason?: unknown } | undefined
  return typeof body?.reason === 'string' ? body.reason.trim() : ''
}

/**
 * Rule 4: `POST /api/entries/:id/recommend` (a partner site or a union editor, with a reason:
 * `access.recommend`), `/select` and `/deselect` (the national office: `access.select`). These
 * endpoints own the entry's best-work states; the push plugin acts on them. Both record who
 * asked, so nobody anonymous gets past them whatever the access options say.
 */
export const entryEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/:id/recommend',
    method: 'post',
    handler: async (req) => {
      const id = idParam(req)
      if (!req.user || !(await options.access.recommend({ req, entryId: id }))) {
        return error(
          403,
          '只有参与网站和工会编辑可以推荐作品 / only partner sites and union editors recommend works',
        )
      }
      const user = req.user as Actor
      const isPartner = req.user.collection === options.slugs.partnerAccounts
      const reason = await reasonOf(req)
      if (!reason) {
        return error(400, '请填写推荐理由 / a reason is required')
      }
      // A union editor recommends what it can read. A partner site may read only selected works, so
      // it may recommend any published work of a campaign it takes part in (the upward recommendation).
      const entry = isPartner
        ? await recommendableByPartner({ req, options, id })
        : await readableEntry({ req, options, id })
      if (!entry) {
        return error(404, '作品不存在或无权查看 / no such entry, or not yours to see')
      }
      const current = entry as unknown as {
        bestWork?: { status?: string | null } | null
        recommendations?: unknown[] | null
      }
      const by = isPartner
        ? `${options.slugs.partnerAccounts}:${user.name ?? user.id}`
        : (user.email ?? String(user.id))
      await req.payload.update({
        collection: options.slugs.entries,
        id: entry.id,
        data: {
          recommendations: [
            ...(current.recommendations ?? []),
            { by, kind: isPartner ? 'partner' : 'union', at: new Date().toISOString(), reason },
          ],
          bestWork: {
            ...current.bestWork,
            status: current.bestWork?.status === 'selected' ? 'selected' : 'recommended',
          },
        } as never,
        depth: 0,
        // The plugin records a recommendation, not the user's edit of the work: an app's write
        // guards may let it through (a union editor recommends a work it may no longer edit).
        context: { [recommendationWrite]: true },
        req,
      })
      return Response.json({ message: '已推荐 / recommended', entry: { id: entry.id } })
    },
  },
  ...(['select', 'deselect'] as const).map((action): Endpoint => ({
    path: `/:id/${action}`,
    method: 'post',
    handler: async (req) => {
      if (!req.user || !(await options.access.select({ req }))) {
        return error(
          403,
          '只有全国办公室可以选定精品 / only the national office selects best works',
        )
      }
      const id = idParam(req)
      const entry = (await req.payload
        .findByID({ collection: options.slugs.entries, id, depth: 0, req })
        .catch(() => null)) as {
        id: number
        recommendations?: unknown[] | null
      } | null
      if (!entry) {
        return error(404, `没有编号为 ${id} 的作品 / no entry ${id}`)
      }
      const reason = await reasonOf(req)
      const bestWork =
        action === 'select'
          ? {
              status: 'selected',
              selectedAt: new Date().toISOString(),
              selectedBy: req.user!.collection === options.slugs.users ? req.user!.id : null,
              reason: reason || null,
            }
          : {
              status: entry.recommendations?.length ? 'recommended' : null,
              selectedAt: null,
              selectedBy: null,
              reason: reason || null,
            }
      await req.payload.update({
        collection: options.slugs.entries,
        id,
        data: { bestWork } as never,
        depth: 0,
        req,
      })
      return Response.json({
        message: action === 'select' ? '已选定为精品 / selected' : '已取消精品 / deselected',
        entry: { id, bestWork: bestWork.status },
      })
    },
  })),
]
