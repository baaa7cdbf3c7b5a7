'use client'

import { Button, useConfig } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { ActionResult } from '../../shared/callEndpoint'

import { callEndpoint } from '../../shared/callEndpoint'
import { useHydrated } from '../../shared/useHydrated'

const input: React.CSSProperties = {
  padding: '0.25rem 0.5rem',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 3,
  background: 'var(--theme-input-bg)',
  color: 'var(--theme-text)',
}

/**
 * 重放失败推送 above the delivery list (ManageOnly shows it to those who manage pushes): every
 * finally failed delivery created in a time range (both ends optional) is queued again.
 */
export const ReplayFailed: React.FC<{ deliveriesSlug?: string }> = ({
  deliveriesSlug = 'deliveries',
}) => {
  const { config } = useConfig()
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [result, setResult] = useState<ActionResult | null>(null)
  const [isBusy, setBusy] = useState(false)
  const isHydrated = useHydrated()
  // datetime-local is the browser's local time; the endpoint takes ISO instants.
  const iso = (value: string) => (value ? new Date(value).toISOString() : undefined)
  const replay = async () => {
    setBusy(true)
    setResult(
      await callEndpoint({
        api: `${config.serverURL}${config.routes.api}`,
        path: `/${deliveriesSlug}/replay`,
        body: { from: iso(from), to: iso(to) },
      }),
    )
    setBusy(false)
  }
  return (
    <div
      data-testid="replay-failed"
      data-hydrated={isHydrated || undefined}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '0.5rem',
        margin: '0 0 1rem',
      }}
    >
      <strong>重放最终失败的推送：</strong>
      <label>
        从{' '}
        <input
          type="datetime-local"
          aria-label="从"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          style={input}
        />
      </label>
      <label>
        到{' '}
        <input
          type="datetime-local"
          aria-label="到"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          style={input}
        />
      </label>
      <Button size="small" margin={false} disabled={isBusy} onClick={() => void replay()}>
        重放
      </Button>
      {result && (
        <span
          role="status"
          data-testid="action-result"
          style={{ color: result.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {result.message}
        </span>
      )}
    </div>
  )
}
