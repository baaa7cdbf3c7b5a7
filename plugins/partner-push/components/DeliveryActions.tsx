'use client'

import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { ActionResult } from '../../shared/callEndpoint'

import { callEndpoint } from '../../shared/callEndpoint'
import { useHydrated } from '../../shared/useHydrated'

/**
 * 重新发送 (delivery sidebar; ManageOnly shows it to those who manage pushes): the same message
 * again, under the same webhook-id.
 */
export const DeliveryActions: React.FC<{ deliveriesSlug?: string }> = ({
  deliveriesSlug = 'deliveries',
}) => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const [result, setResult] = useState<ActionResult | null>(null)
  const [isBusy, setBusy] = useState(false)
  const isHydrated = useHydrated()
  if (!id) {
    return null
  }
  const resend = async () => {
    setBusy(true)
    const answer = await callEndpoint({
      api: `${config.serverURL}${config.routes.api}`,
      path: `/${deliveriesSlug}/${id}/resend`,
    })
    setBusy(false)
    setResult(answer)
    if (answer.ok) {
      window.setTimeout(() => window.location.reload(), 1500)
    }
  }
  return (
    <div
      data-testid="delivery-actions"
      data-hydrated={isHydrated || undefined}
      style={{ marginBottom: '1rem' }}
    >
      <Button size="small" margin={false} disabled={isBusy} onClick={() => void resend()}>
        重新发送
      </Button>
      <p style={{ fontSize: '0.85em', color: 'var(--theme-elevation-500)' }}>
        以同一消息 ID 重新排队；接收方据此去重。
      </p>
      {result && (
        <p
          role="status"
          data-testid="action-result"
          style={{ color: result.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {result.message}
        </p>
      )}
    </div>
  )
}
