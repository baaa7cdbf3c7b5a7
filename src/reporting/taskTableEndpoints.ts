import type { Endpoint, PayloadRequest } from 'payload'

import fs from 'node:fs/promises'

import type { TaskTableCampaign, TaskTableCell, TaskTablePreview } from './taskTable'

import { receiveForm, SubmissionError } from '../../plugins/submission-spec/utilities/multipart'
import {
  importTaskTable,
  maxTaskTableBytes,
  previewTaskTable,
  readSpreadsheet,
  storedTaskTable,
  TaskTableRefusal,
  taskTableCampaign,
  taskTableCsv,
  taskTableWorkbook,
} from './taskTable'

/**
 * 任务分解表 in and out as a file, on the campaigns collection:
 * - `POST /api/campaigns/:id/task-table/preview` (multipart: `file`, an XLSX or a UTF-8 CSV of at
 *   most 2 MB; optional `columns`, JSON `{ "heading": subProjectId }`): what an import would
 *   save, each unit's row, and every problem with its row. Saves nothing.
 * - `POST /api/campaigns/:id/task-table/import` (the same body): with any problem, 400 with the
 *   same problems and nothing saved; otherwise the campaign's task table replaced in one
 *   transaction, and the counts.
 * - `GET /api/campaigns/:id/task-table.xlsx` and `.csv`: the task table as stored.
 * For the national office and the organizers of the campaign's hosts; everyone else 403.
 */
export const taskTableEndpoints: Endpoint[] = [
  {
    path: '/:id/task-table/preview',
    method: 'post',
    handler: (req) =>
      answer(async () => {
        const { preview } = await previewUpload(req)
        return Response.json(preview)
      }),
  },
  {
    path: '/:id/task-table/import',
    method: 'post',
    handler: (req) =>
      answer(async () => {
        const { campaign, preview } = await previewUpload(req)
        if (preview.problems.length > 0) {
          return Response.json(
            {
              errors: [
                {
                  message: `任务分解表有 ${preview.problems.length} 处问题，未导入任何内容 / ${preview.problems.length} problems in the task table: nothing was imported`,
                },
              ],
              problems: preview.problems,
            },
            { status: 400 },
          )
        }
        return Response.json(await importTaskTable({ req, campaign, preview }))
      }),
  },
  {
    path: '/:id/task-table.xlsx',
    method: 'get',
    handler: (req) =>
      answer(async () =>
        download({
          ...(await storedTable(req)),
          extension: 'xlsx',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          write: taskTableWorkbook,
        }),
      ),
  },
  {
    path: '/:id/task-table.csv',
    method: 'get',
    handler: (req) =>
      answer(async () =>
        download({
          ...(await storedTable(req)),
          extension: 'csv',
          contentType: 'text/csv; charset=utf-8',
          write: taskTableCsv,
        }),
      ),
  },
]

/** Runs an endpoint's work; a refusal becomes its status and message (Chinese, then English). */
const answer = async (work: () => Promise<Response>): Promise<Response> => {
  try {
    return await work()
  } catch (err) {
    if (err instanceof TaskTableRefusal || err instanceof SubmissionError) {
      return Response.json({ errors: [{ message: err.message }] }, { status: err.status })
    }
    throw err
  }
}

const campaignOf = (req: PayloadRequest) =>
  taskTableCampaign({ req, campaignId: Number(req.routeParams?.id) })

/**
 * Checks who asks and for which campaign before a byte of the upload is read, then reads the
 * form (the file streamed to disk, refused past 2 MB) and previews the file against the campaign.
 */
const previewUpload = async (
  req: PayloadRequest,
): Promise<{ campaign: TaskTableCampaign; preview: TaskTablePreview }> => {
  let campaign: TaskTableCampaign
  try {
    campaign = await campaignOf(req)
  } catch (err) {
    await dropBody(req)
    throw err
  }
  const { fields, file } = await receiveForm({
    request: req as unknown as Request,
    limitFor: () => maxTaskTableBytes,
  })
  if (!file) {
    throw new TaskTableRefusal(
      400,
      '请上传任务分解表文件（file 字段，XLSX 或 CSV） / send the task table as the file field (XLSX or CSV)',
    )
  }
  let bytes: Buffer
  try {
    bytes = await fs.readFile(file.tempFilePath)
  } finally {
    await fs.rm(file.tempFilePath, { force: true })
  }
  const columns = columnsField(fields.columns)
  const { format, rows } = await readSpreadsheet(bytes)
  return {
    campaign,
    preview: await previewTaskTable({ req, campaign, format, rows, columns }),
  }
}

/** The `columns` field: `{ "heading": subProjectId }`, or nothing. */
const columnsField = (raw: string | undefined): Record<string, number> => {
  if (!raw?.trim()) {
    return {}
  }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    value = null
  }
  const isValid =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((id) => Number.isSafeInteger(id) && (id as number) > 0)
  if (!isValid) {
    throw new TaskTableRefusal(
      400,
      'columns 应为 JSON 对象，列名对应子项目编号，如 {"微视频": 12} / columns must be a JSON object of heading → sub-project id, e.g. {"微视频": 12}',
    )
  }
  return value as Record<string, number>
}

const storedTable = async (req: PayloadRequest) => {
  const campaign = await campaignOf(req)
  return { campaign, table: await storedTaskTable({ req, campaign }) }
}

const download = async ({
  campaign,
  table,
  extension,
  contentType,
  write,
}: {
  campaign: TaskTableCampaign
  table: TaskTableCell[][]
  extension: string
  contentType: string
  write: (table: TaskTableCell[][]) => Promise<Buffer>
}): Promise<Response> => {
  const fileName = `${campaign.name}-任务分解表.${extension}`
  return new Response(new Uint8Array(await write(table)), {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="task-table.${extension}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'private, no-store',
    },
  })
}

/**
 * Lets go of an upload that will not be read: a small one (up to 1 MB) is drained, since
 * cancelling it while Node still delivers its chunks throws in the request stream; a large or
 * unannounced one is cancelled, so it is never received.
 */
const dropBody = async (req: PayloadRequest) => {
  const body = (req as unknown as Request).body
  if (!body || body.locked) {
    return
  }
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > 0 && declared <= 1024 * 1024) {
    const reader = body.getReader()
    while (!(await reader.read().catch(() => ({ done: true }))).done) {
      // Discarded.
    }
    return
  }
  await body.cancel().catch(() => undefined)
}
