import type { TaskConfig } from 'payload'

import ExcelJS from 'exceljs'
import { extractID } from 'payload/shared'

import { publicBaseUrl } from '../lib/publicUrl'
import { defaultSubjectTemplate, reportMailTaskSlug } from '../reporting/batches'

type Rel = number | { id: number; name?: string } | null | undefined

/** `{单位}+{子项目}` → `尧都区总工会+网络正能量微视频征集`; `{活动}` and `{上级单位}` too. */
export const renderSubject = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(单位|子项目|活动|上级单位)\}/g, (_, key: string) => values[key] ?? '')

/**
 * Mails a submitted 报送批次: to the level above (`report`: the rendered subject, the works as
 * an XLSX list and as links, the activity and propagandist reports), or the receipt to the
 * sending unit's mailbox and the person who submitted it (`receipt`). Built when the job runs,
 * from the batch as stored, so a retry sends the same mail.
 */
export const reportMailTask: TaskConfig<'sendReportMail'> = {
  slug: reportMailTaskSlug,
  label: '发送报送邮件 / Mail a report batch',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  inputSchema: [
    { name: 'batch', type: 'number', required: true },
    { name: 'kind', type: 'select', options: ['report', 'receipt'], required: true },
  ],
  outputSchema: [
    { name: 'messageId', type: 'text' },
    { name: 'skipped', type: 'text' },
  ],
  handler: async ({ input, req }) => {
    const { payload } = req
    const batch = await payload.findByID({
      collection: 'report-batches',
      id: input.batch,
      depth: 1,
      req,
    })
    const campaign = batch.campaign as {
      name: string
      reporting?: { subjectTemplate?: string | null }
    }
    const from = batch.fromUnit as { name: string; reportingMailbox?: string | null }
    const to = batch.toUnit as { name: string } | null
    const subProject = batch.subProject as { name: string } | null
    const subject = renderSubject(campaign.reporting?.subjectTemplate || defaultSubjectTemplate, {
      单位: from.name,
      子项目: subProject?.name ?? '全部子项目',
      活动: campaign.name,
      上级单位: to?.name ?? '',
    })
    const { docs: works } = await payload.find({
      collection: 'entries',
      where: { id: { in: (batch.entries ?? []).map((work: Rel) => extractID(work!)) } },
      depth: 1,
      limit: 0,
      pagination: false,
      sort: 'id',
      req,
    })
    const base = publicBaseUrl()
    const rows = works.map((work, index) => ({
      number: index + 1,
      title: work.title,
      subProject: (work.subProject as { name?: string } | null)?.name ?? '',
      unit: (work.submittingUnit as { name?: string } | null)?.name ?? '',
      authors: (work.authors ?? []).map((author) => author.name).join('、'),
      link: `${base}/admin/collections/entries/${work.id}`,
    }))

    if (input.kind === 'receipt') {
      const submitter = batch.submittedBy as { email?: string } | null
      const recipients = [...new Set([from.reportingMailbox, submitter?.email].filter(Boolean))]
      if (!recipients.length) {
        return {
          output: {
            messageId: '',
            skipped: '报送单位没有邮箱 / the reporting unit has no mailbox',
          },
        }
      }
      const info = (await payload.sendEmail({
        to: recipients.join(', '),
        subject: `报送回执：${subject}`,
        text: [
          `${from.name}已于 ${new Date(batch.submittedAt!).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 向${to?.name ?? '上级单位'}报送“${campaign.name}”作品 ${rows.length} 件${batch.isLate ? '（逾期报送）' : ''}。`,
          batch.mailedTo
            ? `报送邮件已发往 ${batch.mailedTo}。`
            : '上级单位未设报送邮箱，请在系统中查看。',
          '',
          ...rows.map((row) => `${row.number}. ${row.title}`),
        ].join('\n'),
      })) as { messageId?: string } | undefined
      return { output: { messageId: info?.messageId ?? '', skipped: '' } }
    }

    if (!batch.mailedTo) {
      return {
        output: { messageId: '', skipped: '上级单位和活动都没有报送邮箱 / no reporting mailbox' },
      }
    }
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('报送作品')
    sheet.addRow(['序号', '作品标题', '子项目', '报送单位', '作者', '链接'])
    for (const row of rows) {
      sheet.addRow([row.number, row.title, row.subProject, row.unit, row.authors, row.link])
    }
    const activity = batch.activityReport?.text?.trim()
    const propagandists = batch.propagandistReport
    const info = (await payload.sendEmail({
      to: batch.mailedTo,
      subject,
      text: [
        `${from.name}报送“${campaign.name}”${subProject ? `“${subProject.name}”` : ''}作品 ${rows.length} 件${batch.isLate ? '（逾期报送）' : ''}：`,
        ...rows.map((row) => `${row.number}. ${row.title}（${row.unit}）${row.link}`),
        ...(batch.note?.trim() ? ['', `附言：${batch.note.trim()}`] : []),
        '',
        '主题活动开展情况：',
        activity || '（未填写）',
        '',
        '职工好网民宣传员队伍：',
        ...(propagandists?.counts ?? []).map(({ tier, count }) => `${tier}：${count} 人`),
        propagandists?.text?.trim() || '',
      ].join('\n'),
      attachments: [
        {
          filename: `${subject}.xlsx`,
          content: Buffer.from(await workbook.xlsx.writeBuffer()),
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      ],
    })) as { messageId?: string } | undefined
    return { output: { messageId: info?.messageId ?? '', skipped: '' } }
  },
}
