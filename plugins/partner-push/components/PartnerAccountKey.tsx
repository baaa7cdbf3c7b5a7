'use client'

import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { ActionResult } from '../../shared/callEndpoint'

import { callEndpoint } from '../../shared/callEndpoint'

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem',
  marginBottom: '1rem',
}

/**
 * API 密钥 (partner account sidebar; ManageOnly shows it to those who manage pushes): issues a
 * new key, shows it once with the header the partner sends, and says the old key no longer works.
 */
export const PartnerAccountKey: React.FC<{ partnerAccountsSlug?: string }> = ({
  partnerAccountsSlug = 'partner-accounts',
}) => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const [isConfirming, setConfirming] = useState(false)
  const [isBusy, setBusy] = useState(false)
  const [result, setResult] = useState<ActionResult | null>(null)

  if (!id) {
    return null
  }
  const issue = async () => {
    setBusy(true)
    setResult(
      await callEndpoint({
        api: `${config.serverURL}${config.routes.api}`,
        path: `/${partnerAccountsSlug}/${id}/issue-key`,
      }),
    )
    setBusy(false)
    setConfirming(false)
  }
  const apiKey = result?.ok ? String(result.body.apiKey ?? '') : null

  return (
    <div style={box} data-testid="partner-account-key">
      <h4 style={{ marginTop: 0 }}>API 密钥</h4>
      <p style={{ marginTop: 0 }}>
        参与网站用此密钥拉取订阅源、提交回执。签发新密钥后旧密钥立即失效。
      </p>
      {isConfirming ? (
        <div style={{ display: 'flex', gap: '0.5rem' }}>
          <Button size="small" margin={false} disabled={isBusy} onClick={() => void issue()}>
            确定签发
          </Button>
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            onClick={() => setConfirming(false)}
          >
            取消
          </Button>
        </div>
      ) : (
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => setConfirming(true)}
        >
          签发新密钥
        </Button>
      )}
      {apiKey && (
        <div style={{ marginTop: '0.75rem' }}>
          <p style={{ marginBottom: '0.25rem' }}>新密钥（只显示这一次，请交给参与网站）：</p>
          <code
            data-testid="new-api-key"
            style={{
              display: 'block',
              wordBreak: 'break-all',
              userSelect: 'all',
              padding: '0.5rem',
              background: 'var(--theme-elevation-50)',
            }}
          >
            {apiKey}
          </code>
          <p style={{ marginBottom: '0.25rem' }}>请求时发送：</p>
          <code
            style={{
              display: 'block',
              wordBreak: 'break-all',
              padding: '0.5rem',
              background: 'var(--theme-elevation-50)',
            }}
          >
            {`Authorization: ${partnerAccountsSlug} API-Key ${apiKey}`}
          </code>
          <Button
            buttonStyle="secondary"
            size="small"
            onClick={() => void navigator.clipboard?.writeText(apiKey)}
          >
            复制
          </Button>
        </div>
      )}
      {result && (
        <p
          role="status"
          data-testid="key-result"
          style={{
            color: result.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)',
            marginBottom: 0,
          }}
        >
          {result.message}
        </p>
      )}
    </div>
  )
}
