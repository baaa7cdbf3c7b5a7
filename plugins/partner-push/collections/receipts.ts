import type { CollectionConfig, CollectionSlug, Payload, TaskConfig, TaskType } from 'payload'

import type { ResolvedOptions } from '../types'

import { decodeHTML } from 'entities'
import { extractID } from 'payload/shared'

import { hasLabel } from '../../shared/label'
import {
  checkOutboundUrl,
  createGuardedDispatcher,
  isOutboundRefusal,
} from '../utilities/ssrfGuard'
import { historyCollection } from './history'

/** Slug of the receipts collection. */
export const receiptsSlug: CollectionSlug = 'receipts'

/** Task slug of the label check of a receipt. */
export const verifyReceiptTaskSlug: TaskType = 'verifyReceipt'

/** The most of a page read for the label check: a label sits in the title or near the top. */
export const maxPageBytes = 2 * 1024 * 1024

export const receiptChannels = [
  { value: 'pc', label: { zh: 'PC 端', en: 'PC' } },
  { value: 'weibo', label: { zh: '微博', en: 'Weibo' } },
  { value: 'wechat', label: { zh: '微信', en: 'WeChat' } },
  { value: 'app', label: { zh: '客户端', en: 'App' } },
]

export const verificationStates = [
  { value: 'pending', label: { zh: '待核验', en: 'Pending' } },
  { value: 'verified', label: { zh: '已核验（有作品标识）', en: 'Verified (label found)' } },
  { value: 'unverified', label: { zh: '未见作品标识', en: 'Unverified (no label)' } },
  { value: 'unreachable', label: { zh: '无法访问', en: 'Unreachable' } },
]

export type VerificationState = 'pending' | 'verified' | 'unverified' | 'unreachable'

/** How far ahead of our clock a reported publication time may be (the partner's clock may run fast). */
export const publishedAtSkewMs = 5 * 60 * 1000

/**
 * 转载回执: where a partner published a work (URL, channel, column, time), or that it declined
 * it and why. The system fetches the URL and checks the page carries the campaign label, so the
 * work's reach shows what was verified. Written only by the receipts endpoint and the check job.
 *
 * One row per partner, work and URL (a unique index): reporting the same URL again updates its
 * row and checks the page again. A decline has no URL and there is at most one per partner and
 * work. The partner's latest word about a work wins: a decline supersedes its published rows, a
 * receipt supersedes its decline. Superseded rows stay, marked with `supersededAt`, as the
 * history of what the partner said; the reach counts only the others.
 */
export const receiptsCollections = ({ access, slugs }: ResolvedOptions): CollectionConfig[] => [
  {
    slug: receiptsSlug,
    labels: {
      singular: { zh: '转载回执', en: 'Receipt' },
      plural: { zh: '转载回执', en: 'Receipts' },
    },
    admin: {
      useAsTitle: 'url',
      defaultColumns: [
        'entry',
        'partnerSite',
        'kind',
        'url',
        'publishedAt',
        'verification.status',
        'reportedAt',
        'supersededAt',
      ],
      group: historyCollection.group,
    },
    access: historyCollection.access(access),
    // What makes "the same receipt" in the database itself, whichever instance writes it. A
    // decline's URL is empty (NULL, never equal to another), so declines are kept to one per
    // partner and work by the endpoint's lock instead.
    indexes: [{ fields: ['partnerSite', 'entry', 'url'], unique: true }],
    fields: [
      {
        type: 'row',
        fields: [
          {
            name: 'entry',
            type: 'relationship',
            relationTo: slugs.entries,
            required: true,
            index: true,
            label: { zh: '作品', en: 'Entry' },
          },
          {
            name: 'partnerSite',
            type: 'relationship',
            relationTo: slugs.partnerSites,
            required: true,
            index: true,
            label: { zh: '参与网站', en: 'Partner site' },
          },
          {
            name: 'kind',
            type: 'select',
            required: true,
            options: [
              { value: 'published', label: { zh: '已转载', en: 'Published' } },
              { value: 'declined', label: { zh: '不转载', en: 'Declined' } },
            ],
            label: { zh: '类别', en: 'Kind' },
          },
        ],
      },
      { name: 'url', type: 'text', label: { zh: '转载网址', en: 'URL' } },
      {
        type: 'row',
        fields: [
          {
            name: 'channel',
            type: 'select',
            options: receiptChannels,
            label: { zh: '渠道', en: 'Channel' },
          },
          { name: 'column', type: 'text', label: { zh: '栏目', en: 'Column' } },
          {
            name: 'publishedAt',
            type: 'date',
            label: { zh: '发布时间', en: 'Published at' },
            admin: {
              date: { pickerAppearance: 'dayAndTime' },
              description: {
                zh: '参与网站报送的发布时间，已核对不晚于报送时、不早于作品推送给该网站时。',
                en: 'As the partner reported it; checked to be neither in the future nor before the work was pushed to the partner.',
              },
            },
          },
        ],
      },
      { name: 'reason', type: 'textarea', label: { zh: '不转载原因', en: 'Reason for declining' } },
      {
        type: 'row',
        fields: [
          {
            name: 'reportedAt',
            type: 'date',
            label: { zh: '最近报送时间', en: 'Last reported at' },
            admin: {
              date: { pickerAppearance: 'dayAndTime' },
              description: {
                zh: '首次报送时间即创建时间。',
                en: 'First reported: the created time.',
              },
            },
          },
          {
            name: 'supersededAt',
            type: 'date',
            index: true,
            label: { zh: '被取代时间', en: 'Superseded at' },
            admin: {
              date: { pickerAppearance: 'dayAndTime' },
              description: {
                zh: '该网站此后对这件作品另有回执（不转载取代已转载，反之亦然），本条仅作记录。',
                en: 'The partner said otherwise about the work later (a decline replaces its receipts, a receipt its decline); kept as history.',
              },
            },
          },
        ],
      },
      {
        name: 'verification',
        type: 'group',
        label: { zh: '核验', en: 'Verification' },
        fields: [
          {
            type: 'row',
            fields: [
              {
                name: 'status',
                type: 'select',
                options: verificationStates,
                index: true,
                label: { zh: '核验结果', en: 'Result' },
              },
              {
                name: 'checkedAt',
                type: 'date',
                label: { zh: '核验时间', en: 'Checked at' },
                admin: { date: { pickerAppearance: 'dayAndTime' } },
              },
            ],
          },
          { name: 'detail', type: 'text', label: { zh: '说明', en: 'Detail' } },
        ],
      },
    ],
  },
]

/** The label check of a receipt, as a job so a slow partner page holds up no request. */
export const receiptTasks = (options: ResolvedOptions): TaskConfig[] => [
  {
    slug: verifyReceiptTaskSlug,
    label: '核验转载回执 / Verify a receipt',
    // Every failure is an outcome (unreachable) recorded on the receipt, not a job error.
    retries: 0,
    inputSchema: [{ name: 'receipt', type: 'number', required: true }],
    outputSchema: [{ name: 'status', type: 'text' }],
    handler: async ({ input, req }) => {
      const status = await verifyReceipt({
        payload: req.payload,
        options,
        receiptId: Number((input as { receipt: number }).receipt),
      })
      return { output: { status } }
    },
  },
]

/** Fetches the receipt's page through the SSRF guard and records whether it carries the campaign label. */
export const verifyReceipt = async ({
  payload,
  options,
  receiptId,
}: {
  payload: Payload
  options: ResolvedOptions
  receiptId: number
}): Promise<VerificationState> => {
  const receipt = (await payload.findByID({
    collection: receiptsSlug,
    id: receiptId,
    depth: 0,
    disableErrors: true,
  })) as {
    id: number
    url?: string | null
    kind?: string
    entry: number | { id: number }
    supersededAt?: string | null
    verification?: { status?: VerificationState | null } | null
  } | null
  // A receipt the partner has since taken back (declined) is history: its page is not checked.
  if (!receipt || receipt.kind !== 'published' || !receipt.url || receipt.supersededAt) {
    return receipt?.verification?.status ?? 'pending'
  }
  const entry = (await payload.findByID({
    collection: options.slugs.entries,
    id: extractID(receipt.entry),
    depth: 1,
    disableErrors: true,
    select: { campaign: true },
    populate: { campaigns: { label: true } },
  })) as { campaign?: { label?: string | null } | number | null } | null
  const campaign = entry?.campaign && typeof entry.campaign === 'object' ? entry.campaign : null
  const label = campaign?.label?.trim()
  const { status, detail } = label
    ? await checkPage({ url: receipt.url, label, allowList: options.allowList })
    : {
        status: 'unverified' as const,
        detail: '主题活动未设作品标识，无法核验 / the campaign has no label to look for',
      }
  await payload.update({
    collection: receiptsSlug,
    id: receipt.id,
    data: {
      verification: { status, checkedAt: new Date().toISOString(), detail: detail.slice(0, 500) },
    },
    depth: 0,
  })
  return status
}

const checkPage = async ({
  url,
  label,
  allowList,
}: {
  url: string
  label: string
  allowList: string[]
}): Promise<{ status: VerificationState; detail: string }> => {
  const check = await checkOutboundUrl(url, { allowList })
  if (!check.ok) {
    return { status: 'unreachable', detail: check.reason }
  }
  const dispatcher = createGuardedDispatcher({ allowList })
  try {
    const res = await fetch(check.url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' },
      dispatcher,
    } as RequestInit)
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel()
      return {
        status: 'unreachable',
        detail: `网页跳转到 ${res.headers.get('location') ?? '?'}，不跟随跳转，请报送最终网址 / redirected to ${res.headers.get('location') ?? '?'}: redirects are not followed, report the final URL`,
      }
    }
    if (!res.ok) {
      await res.body?.cancel()
      return {
        status: 'unreachable',
        detail: `网页返回 HTTP ${res.status} / the page answered HTTP ${res.status}`,
      }
    }
    const html = await readText(res)
    // Character references decoded as a browser shows them (all HTML5 names, `&middot` without `;`
    // too), so `中国梦&middot;大国工匠篇` counts as the label. Tags stay: the label is in the text.
    return hasLabel(decodeHTML(html), label)
      ? { status: 'verified', detail: `网页含作品标识“${label}” / the page carries the label` }
      : {
          status: 'unverified',
          detail: `网页中未找到作品标识“${label}” / the label was not found on the page`,
        }
  } catch (err) {
    const reason = isOutboundRefusal(err)
      ? String((err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message)
      : (err as Error).message
    return {
      status: 'unreachable',
      detail: `无法读取网页：${reason} / could not read the page: ${reason}`,
    }
  } finally {
    await dispatcher.close().catch(() => undefined)
  }
}

/** At most `maxPageBytes` of the body, decoded with the charset the page declares (many are GBK). */
const readText = async (res: Response): Promise<string> => {
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body?.getReader()
  while (reader && size < maxPageBytes) {
    const { done, value } = await reader.read()
    if (done) {
      break
    }
    chunks.push(value)
    size += value.byteLength
  }
  await reader?.cancel().catch(() => undefined)
  const bytes = Buffer.concat(chunks).subarray(0, maxPageBytes)
  const declared =
    /charset=["']?([\w-]+)/i.exec(res.headers.get('content-type') ?? '')?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1] ??
    'utf-8'
  try {
    return new TextDecoder(declared.toLowerCase()).decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}
