'use client'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import type { Readiness } from '../campaigns/readiness'

import { useHydrated } from '../../plugins/shared/useHydrated'

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem',
  marginBottom: '1rem',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }

/**
 * 开始前检查 (a campaign in preparation's sidebar): each item of the checklist met or not, what is
 * missing where, and 开始活动 once the required ones are met (the server checks again and names
 * what is missing: src/campaigns/readiness.ts). Shown while the campaign is 筹备中.
 */
export const CampaignReadiness: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const isHydrated = useHydrated()
  const status = useFormFields(([fields]) => fields.status?.initialValue as string | undefined)
  const [readiness, setReadiness] = useState<Readiness | null>(null)
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null)
  const [isBusy, setBusy] = useState(false)
  const api = `${config.serverURL}${config.routes.api}`
  const load = useCallback(async () => {
    const res = await fetch(`${api}/campaigns/${id}/readiness`, { credentials: 'include' })
    if (res.ok) {
      setReadiness((await res.json()) as Readiness)
    }
  }, [api, id])
  useEffect(() => {
    if (id && status === 'draft') {
      void load()
    }
  }, [id, status, load])
  if (!id || status !== 'draft') {
    return null
  }
  const open = async () => {
    setBusy(true)
    const res = await fetch(`${api}/campaigns/${id}`, {
      method: 'PATCH',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'active' }),
    })
    const body = (await res.json().catch(() => ({}))) as { errors?: { message?: string }[] }
    setAnswer(
      res.ok
        ? { ok: true, message: '活动已开始（进行中） / the campaign is open' }
        : { ok: false, message: body.errors?.[0]?.message ?? `请求失败（${res.status}）` },
    )
    setBusy(false)
    if (res.ok) {
      window.setTimeout(() => window.location.reload(), 1200)
    } else {
      void load()
    }
  }
  return (
    <div style={box} data-testid="campaign-readiness" data-hydrated={isHydrated || undefined}>
      <h4 style={{ marginTop: 0 }}>开始前检查</h4>
      <p style={{ ...muted, marginTop: 0 }}>
        <a
          href={`${config.routes.admin}/collections/campaigns/${id}/setup`}
          data-testid="readiness-setup"
        >
          打开设置向导，逐步完成设置
        </a>
      </p>
      {readiness ? (
        <ul style={{ listStyle: 'none', paddingLeft: 0, margin: '0 0 0.5rem' }}>
          {readiness.items.map((each) => (
            <li
              key={each.key}
              data-testid={`readiness-${each.key}`}
              data-met={each.isMet || undefined}
              style={{ marginBottom: 4 }}
            >
              <span
                style={{
                  color: each.isMet
                    ? 'var(--theme-success-500)'
                    : each.isRequired
                      ? 'var(--theme-error-500)'
                      : 'var(--theme-warning-500)',
                }}
              >
                {each.isMet ? '✓' : each.isRequired ? '✗' : '!'}
              </span>{' '}
              {each.label.split(' / ')[0]}
              {each.isRequired ? '' : '（建议）'}
              {each.detail ? (
                <div style={{ ...muted, marginLeft: '1.2em' }}>{each.detail.split(' / ')[0]}</div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p style={muted}>检查中… / checking…</p>
      )}
      <Button size="small" margin={false} disabled={isBusy} onClick={() => void open()}>
        开始活动（进行中）
      </Button>
      {answer ? (
        <p
          role="status"
          data-testid="readiness-result"
          style={{ color: answer.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {answer.message}
        </p>
      ) : null}
    </div>
  )
}
