import type { Endpoint, PayloadRequest } from 'payload'

import fs from 'node:fs/promises'

import type { ResolvedOptions } from '../types'
import type { SubmissionSpec } from '../utilities/checkSpec'

import { deadlineDay, defaultTimeZone, isPastDeadline } from '../../shared/deadline'
import { checkSpec } from '../utilities/checkSpec'
import { idField, receiveForm, SubmissionError } from '../utilities/multipart'
import { measureUpload } from '../utilities/measureUpload'
import { withStoredUpload } from './withStoredUpload'

type SubProjectDoc = {
  id: number
  name: string
  deadline?: string | null
  _status?: string | null
  spec?: SubmissionSpec | null
  campaign?:
    { id: number; name: string; status?: string | null; timeZone?: string | null } | number | null
}

/**
 * `POST /api/<entries>/submit`: a worker or netizen submits a work to an open sub-project.
 * Multipart, fields first, then one `file`: subProject, submittingUnit (their union), title,
 * text, description, form, isAuthentic, isOriginal, declarations (a JSON array of the
 * declarations made, as the sub-project words them), authorName, authorUnit, authorJob,
 * authorMobile, authorEmail. The file is streamed to disk under the sub-project's size limit, measured and
 * checked against the spec before anything is stored; the entry lands as 已提交 (submitted) for
 * the unit to screen. Refusals store nothing.
 */
export const submitEntryEndpoint = (options: ResolvedOptions): Endpoint => ({
  path: '/submit',
  method: 'post',
  handler: async (req) => respond(() => submit({ req, options })),
})

/** `declarations` as sent: a JSON array of strings, or nothing; anything else is a 400. */
const declarationsField = (raw: string | undefined): string[] => {
  if (raw === undefined || raw.trim() === '') {
    return []
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.some((each) => typeof each !== 'string')) {
    throw new SubmissionError(
      400,
      'declarations 应为声明内容的 JSON 数组，如 ["作品不涉及商业广告"] / declarations: a JSON array of the declarations made',
    )
  }
  return (parsed as string[]).map((each) => each.trim()).filter(Boolean)
}

/** Runs a public endpoint's work and turns a refusal into its status and message. */
export const respond = async (work: () => Promise<Response>): Promise<Response> => {
  try {
    return await work()
  } catch (err) {
    if (err instanceof SubmissionError) {
      const data = err.details
        ? { errors: err.details.map(({ path: field, message }) => ({ path: field, message })) }
        : undefined
      return Response.json({ errors: [{ message: err.message, data }] }, { status: err.status })
    }
    if (
      err &&
      typeof err === 'object' &&
      'status' in err &&
      (err as { status: number }).status < 500
    ) {
      const { status, message, data } = err as { status: number; message: string; data?: unknown }
      return Response.json({ errors: [{ message, data }] }, { status })
    }
    throw err
  }
}

const submit = async ({
  req,
  options,
}: {
  req: PayloadRequest
  options: ResolvedOptions
}): Promise<Response> => {
  const { payload } = req
  const subProjects = new Map<number, SubProjectDoc>()
  const loadSubProject = async (fields: Record<string, string>) => {
    const id = idField({ fields, name: 'subProject' })
    if (!id) {
      throw new SubmissionError(
        400,
        '请先填写子项目（subProject 字段须在文件之前）/ subProject is required, before the file',
      )
    }
    if (!subProjects.has(id)) {
      const { docs } = await payload.find({
        collection: options.slugs.subProjects,
        where: { and: [{ id: { equals: id } }, { _status: { equals: 'published' } }] },
        depth: 1,
        limit: 1,
      })
      const found = docs[0] as unknown as SubProjectDoc | undefined
      if (!found) {
        throw new SubmissionError(
          400,
          `子项目（subProject）${id} 不存在或未发布 / subProject: no open call with id ${id}`,
        )
      }
      subProjects.set(id, found)
    }
    return subProjects.get(id)!
  }

  const form = await receiveForm({
    request: req as unknown as Request,
    limitFor: async (fields) => {
      const subProject = await loadSubProject(fields)
      refuseIfClosed(subProject)
      const specLimit = subProject.spec?.maxFileSizeMB
        ? subProject.spec.maxFileSizeMB * 1024 * 1024
        : Infinity
      return Math.min(specLimit, options.maxFileSizeBytes)
    },
  })
  try {
    const { fields, file } = form
    const subProject = await loadSubProject(fields)
    refuseIfClosed(subProject)
    const title = fields.title?.trim()
    const unitId = idField({ fields, name: 'submittingUnit' })
    if (!title || !unitId || !fields.authorName?.trim()) {
      throw new SubmissionError(
        400,
        '请填写作品标题、作者姓名和报送单位 / title, authorName and submittingUnit are required',
      )
    }
    await requireUnit({ req, options, id: unitId, field: 'submittingUnit', label: '报送单位' })
    const declarations = declarationsField(fields.declarations)
    const probe = file ? await probeSubmitted(file) : undefined
    const violations = checkSpec({
      subProjectName: subProject.name,
      spec: subProject.spec,
      files: probe ? [probe] : [],
      text: fields.text,
      isAuthentic: fields.isAuthentic === 'true',
      isOriginal: fields.isOriginal === 'true',
      declarations,
    })
    if (violations.length) {
      throw new SubmissionError(400, violations.map((v) => v.message).join('；'), violations)
    }

    // Media and entry together or not at all.
    const entry = await withStoredUpload({
      req,
      options,
      file,
      probe,
      alt: title,
      work: (storedMediaId) =>
        payload.create({
          collection: options.slugs.entries,
          data: {
            title,
            subProject: subProject.id,
            submittingUnit: unitId,
            status: 'submitted',
            source: 'self-submitted',
            form: fields.form || undefined,
            text: fields.text || undefined,
            description: fields.description || undefined,
            isAuthentic: fields.isAuthentic === 'true',
            isOriginal: fields.isOriginal === 'true',
            declarations,
            media: storedMediaId ? [storedMediaId] : [],
            authors: [
              {
                name: fields.authorName!.trim(),
                unit: fields.authorUnit || undefined,
                job: fields.authorJob || undefined,
                mobile: fields.authorMobile || undefined,
                email: fields.authorEmail || undefined,
              },
            ],
          } as never,
          overrideAccess: true,
          depth: 0,
          req,
        }),
    })
    return Response.json(
      {
        message: '作品已提交，等待所在工会初审 / submitted: your union will screen it',
        entry: { id: entry.id, title, status: 'submitted' },
      },
      { status: 201 },
    )
  } finally {
    if (form.file) {
      await fs.rm(form.file.tempFilePath, { force: true })
    }
  }
}

/** A unit id from the form that names no unit is the sender's mistake, not a foreign-key error. */
export const requireUnit = async ({
  req,
  options,
  id,
  field,
  label,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  id: number
  field: string
  label: string
}) => {
  const { totalDocs } = await req.payload.count({
    collection: options.slugs.organizers,
    where: { id: { equals: id } },
    req,
  })
  if (!totalDocs) {
    throw new SubmissionError(
      400,
      `${label}（${field}）${id} 不存在 / ${field}: no unit with id ${id}`,
    )
  }
}

const refuseIfClosed = (subProject: SubProjectDoc) => {
  const campaign = typeof subProject.campaign === 'object' ? subProject.campaign : null
  if (campaign && campaign.status !== 'active') {
    throw new SubmissionError(
      403,
      `主题活动“${campaign.name}”未在进行中，不接受投稿 / the campaign is not open for submissions`,
    )
  }
  // The campaign's time zone (its own `timeZone` field, where the app has one): the call takes
  // works until the end of its deadline's day there.
  const timeZone = campaign?.timeZone || defaultTimeZone
  if (subProject.deadline && isPastDeadline(subProject.deadline, timeZone)) {
    const day = deadlineDay(subProject.deadline, timeZone)
    throw new SubmissionError(
      403,
      `“${subProject.name}”已于 ${day} 截止征集 / "${subProject.name}" closed on ${day}`,
    )
  }
}

/** Measures the uploaded file (once: the upload pipeline reuses it); a name that lies about the bytes is refused. */
export const probeSubmitted = (file: { tempFilePath: string; name: string; mimetype: string }) =>
  measureUpload({ filePath: file.tempFilePath, fileName: file.name, claimedMime: file.mimetype })
