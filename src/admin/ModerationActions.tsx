'use client'

import { Button, useConfig, useSelection } from '@payloadcms/ui'
import React, { useState } from 'react'

import { useHydrated } from '../../plugins/shared/useHydrated'

const bar: React.CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: 8,
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.5rem 0.75rem',
  marginBottom: '1rem',
}
const input: React.CSSProperties = {
  flex: '1 1 16rem',
  padding: '0.45rem 0.5rem',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  background: 'var(--theme-input-bg)',
  color: 'var(--theme-text)',
}
const queues = [
  { label: '待审核', query: '?where[state][equals]=pending&sort=createdAt' },
  { label: '命中敏感词', query: '?where[hitWords][exists]=true&sort=-createdAt' },
  { label: '已通过', query: '?where[state][equals]=approved&sort=-createdAt' },
  { label: '未通过', query: '?where[state][equals]=rejected&sort=-createdAt' },
]

/**
 * 审核 above the interactions list (the moderation queue): the queues a moderator works through,
 * and 通过 / 不通过 for the rows ticked in the list, with the reason a rejection needs. Decided
 * through `POST /api/interactions/moderate`, all or nothing and audited; the server's refusal is
 * shown as it is.
 */
export const ModerationActions: React.FC = () => {
  const { config } = useConfig()
  const { getSelectedIds, count } = useSelection()
  const isHydrated = useHydrated()
  const [reason, setReason] = useState('')
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null)
  const [isBusy, setBusy] = useState(false)
  const list = `${config.routes.admin}/collections/interactions`

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true)
    const res = await fetch(`${config.serverURL}${config.routes.api}/interactions/moderate`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: getSelectedIds(), decision, reason: reason || undefined }),
    })
    const body = (await res.json().catch(() => ({}))) as {
      decided?: number[]
      errors?: { message?: string }[]
    }
    setAnswer(
      res.ok
        ? {
            ok: true,
            message: `已${decision === 'approve' ? '通过' : '不通过'} ${body.decided?.length ?? 0} 条`,
          }
        : { ok: false, message: body.errors?.[0]?.message ?? `请求失败（${res.status}）` },
    )
    setBusy(false)
    if (res.ok) {
      window.setTimeout(() => window.location.reload(), 1000)
    }
  }

  return (
    <div data-testid="moderation-actions" data-hydrated={isHydrated || undefined}>
      <nav aria-label="审核队列" style={{ display: 'flex', gap: 16, marginBottom: 8 }}>
        {queues.map((queue) => (
          <a key={queue.label} href={`${list}${queue.query}`}>
            {queue.label}
          </a>
        ))}
      </nav>
      <div style={bar}>
        <span>已选 {count} 条</span>
        <Button
          buttonStyle="primary"
          disabled={!count || isBusy}
          margin={false}
          onClick={() => void decide('approve')}
        >
          通过
        </Button>
        <input
          aria-label="不通过原因"
          data-testid="moderation-reason"
          placeholder="不通过原因（不通过时必填）"
          style={input}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <Button
          buttonStyle="secondary"
          disabled={!count || isBusy}
          margin={false}
          onClick={() => void decide('reject')}
        >
          不通过
        </Button>
        {answer ? (
          <span
            role="status"
            data-testid="moderation-answer"
            style={{ color: answer.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
          >
            {answer.message}
          </span>
        ) : null}
      </div>
    </div>
  )
}
