'use client'

import type { JSONFieldClientComponent } from 'payload'

import { FieldLabel, useConfig, useDocumentInfo, useField } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { PushProgress as Progress } from '../fields/progressField'

const parts: { key: keyof Progress; label: string; color: string }[] = [
  { key: 'delivered', label: '已送达', color: 'var(--theme-success-500)' },
  { key: 'sending', label: '发送中', color: 'var(--theme-elevation-500)' },
  { key: 'retrying', label: '将重试', color: 'var(--theme-warning-500)' },
  { key: 'pending', label: '待发送', color: 'var(--theme-elevation-300)' },
  // Not under way: these wait for their partner to be resumed.
  { key: 'held', label: '暂停中', color: 'var(--theme-elevation-200)' },
  { key: 'failed', label: '最终失败', color: 'var(--theme-error-500)' },
]

const isUnderWay = (p: Progress | null) => Boolean(p && p.sending + p.retrying + p.pending > 0)

/**
 * 推送进度 in the work's sidebar: a bar of delivered, sending, retrying, pending, held and finally
 * failed deliveries of all, re-read every few seconds while any is still under way.
 */
export const PushProgress: JSONFieldClientComponent = ({ path, field }) => {
  const { value } = useField<Progress | null>({ path: path ?? field.name })
  const { id, collectionSlug } = useDocumentInfo()
  const { config } = useConfig()
  const [progress, setProgress] = useState<Progress | null>(value ?? null)

  useEffect(() => setProgress(value ?? null), [value])
  useEffect(() => {
    if (!id || !isUnderWay(progress)) {
      return
    }
    const timer = window.setTimeout(async () => {
      const res = await fetch(
        `${config.serverURL}${config.routes.api}/${collectionSlug}/${id}?depth=0&select[pushProgress]=true`,
        { credentials: 'include' },
      ).catch(() => null)
      const doc = res?.ok ? ((await res.json()) as { pushProgress?: Progress | null }) : null
      if (doc?.pushProgress) {
        setProgress(doc.pushProgress)
      }
    }, 3_000)
    return () => window.clearTimeout(timer)
  }, [id, collectionSlug, config, progress])

  return (
    <div data-testid="push-progress" style={{ marginBottom: '1.5rem' }}>
      <FieldLabel label={field.label} path={path} />
      {!progress?.total ? (
        <p style={{ margin: 0, color: 'var(--theme-elevation-500)' }}>尚未推送</p>
      ) : (
        <>
          <div
            style={{
              display: 'flex',
              height: 10,
              borderRadius: 5,
              overflow: 'hidden',
              background: 'var(--theme-elevation-100)',
              margin: '0.25rem 0 0.5rem',
            }}
          >
            {parts.map(({ key, color }) =>
              progress[key] ? (
                <div
                  key={key}
                  style={{ width: `${(100 * progress[key]) / progress.total}%`, background: color }}
                />
              ) : null,
            )}
          </div>
          <p style={{ margin: 0 }}>
            {parts
              .filter(({ key }) => progress[key] > 0 || key === 'delivered' || key === 'failed')
              .map(({ key, label }) => `${label} ${progress[key]}`)
              .join(' · ')}
            ，共 {progress.total} 家
          </p>
          {isUnderWay(progress) && (
            <p style={{ margin: 0, fontSize: '0.85em', color: 'var(--theme-elevation-500)' }}>
              推送进行中，自动刷新
            </p>
          )}
        </>
      )}
    </div>
  )
}
