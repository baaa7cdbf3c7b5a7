'use client'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { ActionResult } from '../../shared/callEndpoint'

import { callEndpoint } from '../../shared/callEndpoint'
import { useHydrated } from '../../shared/useHydrated'

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem',
  marginBottom: '1rem',
}
const statusNames: Record<string, string> = {
  active: '接收推送',
  paused: '暂停',
  disabled: '已停用',
}

/**
 * 推送操作 (partner site sidebar; ManageOnly shows it to those who manage pushes): pause or
 * resume pushes, rotate the signing secret (the new one is shown here once), replay the site's
 * finally failed deliveries.
 */
export const PartnerSiteActions: React.FC<{
  deliveriesSlug?: string
  partnerSitesSlug?: string
}> = ({ deliveriesSlug = 'deliveries', partnerSitesSlug = 'partner-sites' }) => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const status = useFormFields(([fields]) => fields['push.status']?.value as string | undefined)
  const [result, setResult] = useState<ActionResult | null>(null)
  const [isBusy, setBusy] = useState(false)
  const [isConfirmingRotation, setConfirmingRotation] = useState(false)
  const [secret, setSecret] = useState<string | null>(null)
  const isHydrated = useHydrated()

  if (!id) {
    return null
  }
  const api = `${config.serverURL}${config.routes.api}`
  const run = async (path: string, body?: unknown, after?: (r: ActionResult) => void) => {
    setBusy(true)
    setResult(null)
    const answer = await callEndpoint({ api, path, body })
    setBusy(false)
    setResult(answer)
    if (answer.ok) {
      after?.(answer)
    }
  }
  // The status field shows the stored value after a reload; the message says what happened.
  const reload = () => window.setTimeout(() => window.location.reload(), 800)

  return (
    <div style={box} data-testid="partner-site-actions" data-hydrated={isHydrated || undefined}>
      <h4 style={{ marginTop: 0 }}>推送操作</h4>
      <p style={{ marginTop: 0 }}>当前状态：{statusNames[status ?? ''] ?? status ?? '—'}</p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
        {status === 'active' ? (
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            disabled={isBusy}
            onClick={() => run(`/${partnerSitesSlug}/${id}/pause`, undefined, reload)}
          >
            暂停推送
          </Button>
        ) : (
          <Button
            buttonStyle="secondary"
            size="small"
            margin={false}
            disabled={isBusy}
            onClick={() => run(`/${partnerSitesSlug}/${id}/resume`, undefined, reload)}
          >
            恢复推送
          </Button>
        )}
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => run(`/${deliveriesSlug}/replay`, { partnerSite: id })}
        >
          重放失败推送
        </Button>
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => setConfirmingRotation(true)}
        >
          更换签名密钥
        </Button>
      </div>
      {isConfirmingRotation && (
        <div style={{ ...box, marginTop: '0.75rem', marginBottom: 0 }}>
          <p style={{ marginTop: 0 }}>生成新密钥后，旧密钥在过渡期内继续一同签名。确定更换吗？</p>
          <div style={{ display: 'flex', gap: '0.5rem' }}>
            <Button
              size="small"
              margin={false}
              disabled={isBusy}
              onClick={() =>
                run(`/${partnerSitesSlug}/${id}/rotate-secret`, undefined, (answer) => {
                  setConfirmingRotation(false)
                  setSecret(String(answer.body.secret ?? ''))
                })
              }
            >
              确定更换
            </Button>
            <Button
              buttonStyle="secondary"
              size="small"
              margin={false}
              onClick={() => setConfirmingRotation(false)}
            >
              取消
            </Button>
          </div>
        </div>
      )}
      {secret && (
        <div style={{ marginTop: '0.75rem' }}>
          <p style={{ marginBottom: '0.25rem' }}>新密钥（只显示这一次，请交给参与网站）：</p>
          <code
            data-testid="new-secret"
            style={{
              display: 'block',
              wordBreak: 'break-all',
              userSelect: 'all',
              padding: '0.5rem',
              background: 'var(--theme-elevation-50)',
            }}
          >
            {secret}
          </code>
          <Button
            buttonStyle="secondary"
            size="small"
            onClick={() => void navigator.clipboard?.writeText(secret)}
          >
            复制
          </Button>
        </div>
      )}
      {result && (
        <p
          role="status"
          data-testid="action-result"
          style={{
            color: result.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)',
            marginBottom: 0,
          }}
        >
          {result.message}
        </p>
      )}
      <p style={{ marginBottom: 0 }}>
        <a
          href={`${config.routes.admin}/collections/${deliveriesSlug}?where[partnerSite][equals]=${id}`}
        >
          查看本网站的推送记录
        </a>
      </p>
    </div>
  )
}
