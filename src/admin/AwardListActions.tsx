'use client'

import { Button, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { ActionResult } from '../../plugins/shared/callEndpoint'

import { callEndpoint } from '../../plugins/shared/callEndpoint'
import { useHydrated } from '../../plugins/shared/useHydrated'

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem',
  marginBottom: '1rem',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }

/**
 * 评奖操作 (an award list's sidebar): 生成建议名单 (rank and propose tiers; the page reloads to show
 * the ranking), 确定名单 (freeze, after a confirmation: prizes written onto the works and the 通报
 * drafted, linked here), once frozen 推荐获奖作品至上级活动 (a draft report batch of the winners into
 * the campaign this one implements, linked here to check and submit), and the workbook of every
 * score and vote. The server decides and says why not (the jury round still open, a changed tier
 * without its reason, no parent campaign …).
 */
export const AwardListActions: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const { user } = useAuth()
  const isHydrated = useHydrated()
  const status = useFormFields(([fields]) => fields.status?.value as string | undefined)
  const notice = useFormFields(([fields]) => fields.notice?.value as number | undefined)
  const [result, setResult] = useState<ActionResult | null>(null)
  const [isBusy, setBusy] = useState(false)
  const [isConfirming, setConfirming] = useState(false)
  const [batch, setBatch] = useState<number | null>(null)
  if (!id || !['admin', 'organizer'].includes((user as { role?: string } | null)?.role ?? '')) {
    return null
  }
  const api = `${config.serverURL}${config.routes.api}`
  const run = async (path: string, message: (body: Record<string, unknown>) => string) => {
    setBusy(true)
    setConfirming(false)
    const answer = await callEndpoint({ api, path })
    setResult(answer.ok ? { ...answer, message: message(answer.body) } : answer)
    setBusy(false)
    if (answer.ok) {
      // The ranking and the status are the stored ones after a reload.
      window.setTimeout(() => window.location.reload(), 1200)
    }
  }
  const isFrozen = status === 'frozen'
  const recommend = async () => {
    setBusy(true)
    const answer = await callEndpoint({ api, path: `/award-lists/${id}/recommend` })
    setResult(answer)
    setBatch(answer.ok ? ((answer.body.batch as { id?: number } | undefined)?.id ?? null) : null)
    setBusy(false)
  }
  return (
    <div style={box} data-testid="award-list-actions" data-hydrated={isHydrated || undefined}>
      <h4 style={{ marginTop: 0 }}>评奖操作</h4>
      {isFrozen ? (
        <>
          <p style={{ marginTop: 0 }} data-testid="award-list-frozen">
            名单已确定，不能再修改。 / Frozen: no more changes.
          </p>
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            disabled={isBusy}
            onClick={() => void recommend()}
          >
            推荐获奖作品至上级活动
          </Button>
        </>
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            disabled={isBusy}
            onClick={() =>
              void run(`/award-lists/${id}/propose`, (body) => {
                const tiers = (body.tiers ?? []) as {
                  label: string
                  given: number
                  isOver: boolean
                }[]
                return `已生成建议名单：${tiers
                  .map((t) => `${t.label} ${t.given} 件${t.isOver ? '（含并列，超出名额）' : ''}`)
                  .join('，')} / proposed`
              })
            }
          >
            生成建议名单
          </Button>
          {isConfirming ? (
            <>
              <span>确定后名单不能再改，并生成通报草稿。确定吗？</span>
              <Button
                size="small"
                margin={false}
                disabled={isBusy}
                onClick={() =>
                  void run(
                    `/award-lists/${id}/freeze`,
                    (body) =>
                      `名单已确定，已生成通报草稿“${(body.notice as { title?: string } | undefined)?.title ?? ''}” / frozen, results notice drafted`,
                  )
                }
              >
                确定名单
              </Button>
              <Button
                buttonStyle="secondary"
                size="small"
                margin={false}
                onClick={() => setConfirming(false)}
              >
                取消
              </Button>
            </>
          ) : (
            <Button
              size="small"
              margin={false}
              disabled={isBusy}
              onClick={() => setConfirming(true)}
            >
              确定名单并生成通报
            </Button>
          )}
        </div>
      )}
      {result ? (
        <p
          role="status"
          data-testid="action-result"
          style={{ color: result.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {result.message}
          {batch ? (
            <>
              {' '}
              <a
                href={`${config.routes.admin}/collections/report-batches/${batch}`}
                data-testid="award-list-batch"
              >
                打开报送批次草稿
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <p style={{ marginBottom: 0 }}>
        <a href={`${api}/award-lists/${id}/scores.xlsx`} data-testid="award-list-workbook">
          下载评分与投票汇总（XLSX）
        </a>
        {notice ? (
          <>
            <br />
            <a
              href={`${config.routes.admin}/collections/notices/${notice}`}
              data-testid="award-list-notice"
            >
              查看通报草稿
            </a>
          </>
        ) : null}
      </p>
      <p style={{ ...muted, marginBottom: 0 }}>
        调整奖项时请在该行填写调整原因；每次调整和确定都记入审计日志。
      </p>
    </div>
  )
}
