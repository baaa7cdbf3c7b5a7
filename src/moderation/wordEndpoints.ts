import type { Endpoint, PayloadRequest } from 'payload'

import fs from 'node:fs/promises'

import type { WordAction } from './sensitiveWords'

import { receiveForm } from '../../plugins/submission-spec/utilities/multipart'
import { announceChanges } from '../../plugins/shared/changeNotices'
import { poolOf } from '../../plugins/shared/pool'
import { actorOf, hostedCampaignIds, isStaff } from '../access/roles'
import { writeAudit } from '../lib/audit'
import { badRequest, forbidden, jsonObjectBody, notFound, Refusal } from '../lib/refusal'
import { maxTaskTableBytes, readSpreadsheet } from '../reporting/taskTable'
import { normalizeForMatching } from './sensitiveWords'
import { forgetWordListsOf, screenerFor } from './wordLists'

/**
 * 敏感词库 over HTTP, on the sensitive-words collection:
 * - `POST /api/sensitive-words/test` `{ text, campaign? }` → what the window would do with the
 *   text (the moderators' “test this text” box): `{ outcome, hits, text }`. Staff only.
 * - `POST /api/sensitive-words/import` (multipart: `file`, a CSV in UTF-8 or an XLSX whose
 *   columns are 词语, 处理方式 and optionally 备注; `campaign`, none for the national base list;
 *   `dryRun=true` to only count): adds the words, changes the action of those the list has.
 *   Any unreadable row → 400 naming every row at fault, nothing saved.
 */

const maxTestText = 20_000

/** 屏蔽/拒收 block, 待审/审核 hold, 替换 replace, in Chinese or English; blank is hold. */
const actionNames: Record<string, WordAction> = {
  '': 'hold',
  block: 'block',
  屏蔽: 'block',
  拒收: 'block',
  禁止: 'block',
  hold: 'hold',
  待审: 'hold',
  审核: 'hold',
  先审后发: 'hold',
  replace: 'replace',
  替换: 'replace',
  '替换为＊': 'replace',
}

const headings = new Set(['词语', '敏感词', 'word'])

export type ImportedWord = { word: string; action: WordAction; note: string | null; key: string }

export type WordRowProblem = { row: number; message: string }

/**
 * The words of a sheet's rows, keyed as the list keys them: a heading row is skipped, a word
 * written twice keeps its strongest action. Every row that cannot be read is a problem.
 */
export const readWordRows = (
  rows: string[][],
  listId: string,
): { words: ImportedWord[]; problems: WordRowProblem[] } => {
  const problems: WordRowProblem[] = []
  const byKey = new Map<string, ImportedWord>()
  const strength: Record<WordAction, number> = { replace: 1, hold: 2, block: 3 }
  rows.forEach((cells, index) => {
    const row = index + 1
    const [rawWord = '', rawAction = '', rawNote = ''] = cells.map((cell) => cell.trim())
    if (index === 0 && headings.has(rawWord.toLowerCase())) {
      return
    }
    if (!rawWord && !rawAction) {
      return
    }
    const action = actionNames[rawAction.toLowerCase()]
    if (!action) {
      problems.push({
        row,
        message: `处理方式「${rawAction}」应为 屏蔽、待审 或 替换 / the action “${rawAction}” must be block, hold or replace`,
      })
      return
    }
    const folded = normalizeForMatching(rawWord).folded
    if (!folded || rawWord.length > 50) {
      problems.push({
        row,
        message: rawWord
          ? '词语超过 50 个字符 / the word is longer than 50 characters'
          : '词语为空或只含标点 / the word is empty or only punctuation',
      })
      return
    }
    const key = `${listId}:${folded}`
    const known = byKey.get(key)
    if (!known || strength[action] > strength[known.action]) {
      byKey.set(key, { word: rawWord, action, note: rawNote || known?.note || null, key })
    }
  })
  return { words: [...byKey.values()], problems }
}

/** The campaign named by a form or body field, checked against who asks; undefined: the base list. */
const campaignFor = async (req: PayloadRequest, value: unknown): Promise<number | undefined> => {
  if (value === undefined || value === null || value === '') {
    return undefined
  }
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw badRequest('campaign 应为主题活动编号 / campaign must be a campaign id')
  }
  const campaign = await req.payload.findByID({
    collection: 'campaigns',
    id,
    depth: 0,
    disableErrors: true,
    overrideAccess: true,
    select: { name: true },
    req,
  })
  if (!campaign) {
    throw notFound('没有该主题活动 / no such campaign')
  }
  return id
}

const requireStaff = (req: PayloadRequest) => {
  if (!req.user) {
    throw new Refusal('请先登录 / log in first', 401)
  }
  if (!isStaff(req)) {
    throw forbidden('只有工作人员可使用敏感词库 / only staff use the sensitive-word lists')
  }
}

/** Who may write a list: the office any, an organizer those of the campaigns its unit hosts. */
const requireListWriter = async (req: PayloadRequest, campaignId: number | undefined) => {
  const actor = actorOf(req)
  if (actor.kind === 'admin') {
    return
  }
  if (actor.kind !== 'organizer') {
    throw forbidden(
      '只有全国办公室和活动主办单位可导入敏感词 / only the national office and the campaign’s hosts import words',
    )
  }
  if (campaignId === undefined) {
    throw forbidden(
      '全国基础词库由全国办公室维护，请选择本单位主办的主题活动 / the national base list is kept by the national office: choose a campaign your unit hosts',
    )
  }
  if (!(await hostedCampaignIds(req, actor.organizerId)).includes(campaignId)) {
    throw forbidden('只能在本单位主办的主题活动中操作 / only campaigns your unit hosts')
  }
}

const answer = async (work: () => Promise<Response>): Promise<Response> => {
  try {
    return await work()
  } catch (err) {
    const error = err as { status?: unknown; message?: string; isPublic?: boolean; name?: string }
    if (
      typeof error?.status === 'number' &&
      error.status < 500 &&
      (error.isPublic || error.name === 'SubmissionError' || error.name === 'TaskTableRefusal')
    ) {
      const data = (err as { data?: unknown }).data
      return Response.json(
        { errors: [{ message: error.message, ...(data ? { data } : {}) }] },
        { status: error.status },
      )
    }
    throw err
  }
}

const testText: Endpoint = {
  path: '/test',
  method: 'post',
  handler: (req) =>
    answer(async () => {
      requireStaff(req)
      const body = await jsonObjectBody(req)
      if (typeof body.text !== 'string' || !body.text) {
        throw badRequest('请填写要检测的文字（text） / send the text to test (text)')
      }
      if (body.text.length > maxTestText) {
        throw badRequest(
          `检测文字不超过 ${maxTestText} 个字符 / test at most ${maxTestText} characters at once`,
        )
      }
      const campaign = await campaignFor(req, body.campaign)
      const screening = (await screenerFor(req.payload, campaign)).screen(body.text)
      return Response.json(screening, { headers: { 'cache-control': 'no-store' } })
    }),
}

const importWords: Endpoint = {
  path: '/import',
  method: 'post',
  handler: (req) =>
    answer(async () => {
      requireStaff(req)
      // Refused before a byte of the file is read; the campaign is checked once its field is.
      if (actorOf(req).kind === 'unit-editor') {
        await requireListWriter(req, undefined)
      }
      const { fields, file } = await receiveForm({
        request: req as unknown as Request,
        limitFor: () => maxTaskTableBytes,
      })
      if (!file) {
        throw badRequest(
          '请上传词库文件（file 字段，CSV 或 XLSX：词语, 处理方式, 备注） / send the list as the file field (CSV or XLSX: word, action, note)',
        )
      }
      let bytes: Buffer
      try {
        bytes = await fs.readFile(file.tempFilePath)
      } finally {
        await fs.rm(file.tempFilePath, { force: true })
      }
      const campaign = await campaignFor(req, fields.campaign)
      await requireListWriter(req, campaign)
      const { rows } = await readSpreadsheet(bytes)
      const { words, problems } = readWordRows(rows, String(campaign ?? 'national'))
      if (problems.length > 0) {
        return Response.json(
          {
            errors: [
              {
                message: `词库文件有 ${problems.length} 行无法读取，未导入任何词语 / ${problems.length} rows could not be read: no word was imported`,
              },
            ],
            problems,
          },
          { status: 400 },
        )
      }
      if (words.length === 0) {
        throw badRequest('文件里没有词语 / the file has no words')
      }
      const counts = await upsertWords(req, campaign, words, fields.dryRun === 'true')
      if (fields.dryRun !== 'true') {
        await writeAudit(req, {
          targetCollection: 'sensitive-words',
          targetId: String(campaign ?? 'national'),
          summary: `导入敏感词 ${words.length} 个（新增 ${counts.created}，修改 ${counts.updated}） / imported ${words.length} sensitive words`,
          details: { campaign: campaign ?? null, ...counts },
        })
      }
      return Response.json({ words: words.length, dryRun: fields.dryRun === 'true', ...counts })
    }),
}

/**
 * The whole file in one statement and one transaction: a list of thousands of words is written
 * at once rather than word by word. `dryRun` counts and rolls back.
 */
const upsertWords = async (
  req: PayloadRequest,
  campaign: number | undefined,
  words: ImportedWord[],
  dryRun: boolean,
): Promise<{ created: number; updated: number; unchanged: number }> => {
  const client = await poolOf(req.payload).connect()
  try {
    await client.query('begin')
    const { rows } = await client.query<{ inserted: boolean; changed: boolean }>(
      `with incoming (word, action, note, list_key) as (
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ), before as (
         select list_key, action::text as action from sensitive_words
         where list_key = any($4::text[])
       ), written as (
         insert into sensitive_words (word, action, note, list_key, campaign_id, updated_at, created_at)
         select i.word, i.action::enum_sensitive_words_action, i.note, i.list_key, $5, now(), now()
         from incoming i
         on conflict (list_key) do update
           set action = excluded.action, note = coalesce(excluded.note, sensitive_words.note),
               updated_at = now()
           where sensitive_words.action is distinct from excluded.action
         returning list_key
       )
       select b.list_key is null as inserted,
              w.list_key is not null and b.list_key is not null as changed
       from incoming i
       left join before b on b.list_key = i.list_key
       left join written w on w.list_key = i.list_key`,
      [
        words.map((each) => each.word),
        words.map((each) => each.action),
        words.map((each) => each.note),
        words.map((each) => each.key),
        campaign ?? null,
      ],
    )
    await client.query(dryRun ? 'rollback' : 'commit')
    if (!dryRun) {
      forgetWordListsOf(req.payload)
      // Written in SQL, past the hooks that tell other instances.
      await announceChanges(req.payload, ['sensitive-words'])
    }
    const created = rows.filter((row) => row.inserted).length
    const updated = rows.filter((row) => row.changed).length
    return { created, updated, unchanged: rows.length - created - updated }
  } catch (err) {
    await client.query('rollback').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

export const sensitiveWordEndpoints: Endpoint[] = [testText, importWords]
