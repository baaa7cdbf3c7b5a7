import type { Endpoint, PayloadRequest } from 'payload'

import fs from 'node:fs/promises'

import type { ResolvedOptions } from '../types'

import { textToLexical } from '../utilities/textToLexical'
import { idField, receiveForm, SubmissionError } from '../utilities/multipart'
import { probeSubmitted, requireUnit, respond } from './submitEntry'
import { withStoredUpload } from './withStoredUpload'

/**
 * `POST /api/<featured-workers>/recommend`: a worker or netizen recommends a craftsman (大国工匠),
 * themselves (自荐) or someone near them. Multipart, fields first, optional `photo` (a picture,
 * at most the photo limit): campaign, name, employer, trade, grade, region, story, honours (one
 * per line), recommendedBy (`self` or `netizen`), recommenderName, recommenderContact, unit. The
 * profile lands as 已推荐 for a union to verify; the recommender's identity stays inside the office.
 */
export const recommendWorkerEndpoint = (options: ResolvedOptions): Endpoint => ({
  path: '/recommend',
  method: 'post',
  handler: async (req) => respond(() => recommend({ req, options })),
})

const recommend = async ({
  req,
  options,
}: {
  req: PayloadRequest
  options: ResolvedOptions
}): Promise<Response> => {
  const { payload } = req
  const form = await receiveForm({
    request: req as unknown as Request,
    limitFor: () => options.maxPhotoSizeBytes,
  })
  try {
    const { fields, file } = form
    const name = fields.name?.trim()
    const recommenderName = fields.recommenderName?.trim()
    const recommenderContact = fields.recommenderContact?.trim()
    if (!name || !recommenderName || !recommenderContact) {
      throw new SubmissionError(
        400,
        '请填写工匠姓名、推荐人姓名和联系方式 / name, recommenderName and recommenderContact are required',
      )
    }
    const recommendedBy = fields.recommendedBy === 'self' ? 'self' : 'netizen'
    const campaignId = idField({ fields, name: 'campaign' })
    if (!campaignId) {
      throw new SubmissionError(400, '请选择主题活动 / campaign is required')
    }
    const campaign = (
      await payload.find({
        collection: options.slugs.campaigns,
        where: { id: { equals: campaignId } },
        limit: 1,
        depth: 0,
        req,
      })
    ).docs[0] as { id: number; name: string; status?: string } | undefined
    if (!campaign) {
      throw new SubmissionError(
        400,
        `主题活动（campaign）${campaignId} 不存在 / campaign: no campaign with id ${campaignId}`,
      )
    }
    const unitId = idField({ fields, name: 'unit' })
    if (unitId) {
      await requireUnit({ req, options, id: unitId, field: 'unit', label: '所属工会' })
    }
    if (campaign.status !== 'active') {
      throw new SubmissionError(
        403,
        `主题活动“${campaign.name}”未在进行中，不接受推荐 / the campaign is not open for recommendations`,
      )
    }
    const probe = file ? await probeSubmitted(file) : undefined
    if (probe && probe.kind !== 'image') {
      throw new SubmissionError(
        400,
        `照片须为图片，收到的是 ${probe.mime} / the photo must be a picture, got ${probe.mime}`,
      )
    }

    const worker = await withStoredUpload({
      req,
      options,
      file,
      probe,
      alt: name,
      work: (storedMediaId) =>
        payload.create({
          collection: options.slugs.featuredWorkers,
          data: {
            name,
            campaign: campaign.id,
            photo: storedMediaId,
            employer: fields.employer || undefined,
            trade: fields.trade || undefined,
            grade: fields.grade || undefined,
            region: fields.region || undefined,
            story: fields.story ? textToLexical(fields.story) : undefined,
            honours: (fields.honours ?? '')
              .split('\n')
              .map((honour) => honour.trim())
              .filter(Boolean)
              .map((honour) => ({ honour })),
            unit: unitId,
            recommendedBy,
            status: 'recommended',
            recommender: { name: recommenderName, contact: recommenderContact },
          } as never,
          overrideAccess: true,
          depth: 0,
          req,
        }),
    })
    return Response.json(
      {
        message:
          '推荐已收到，工会核实后将与您联系 / recommendation received: a union will verify it',
        featuredWorker: { id: worker.id, name, status: 'recommended' },
      },
      { status: 201 },
    )
  } finally {
    if (form.file) {
      await fs.rm(form.file.tempFilePath, { force: true })
    }
  }
}
