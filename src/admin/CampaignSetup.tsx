'use client'

import { useConfig } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import type { Readiness } from '../campaigns/readiness'
import type {
  Campaign,
  Column,
  Contact,
  Organizer,
  PartnerSite,
  SubProject,
} from '../payload-types'
import type { Option } from './campaignSetup/shared'

import { useHydrated } from '../../plugins/shared/useHydrated'
import { Basics } from './campaignSetup/Basics'
import { Calls } from './campaignSetup/Calls'
import { Columns } from './campaignSetup/Columns'
import { Contacts, Participants } from './campaignSetup/Participants'
import { Phases } from './campaignSetup/Phases'
import { Review } from './campaignSetup/Review'
import { card, muted, page, row } from './campaignSetup/shared'

const steps = [
  { key: 'basics', title: '基本信息' },
  { key: 'phases', title: '阶段和截止日期' },
  { key: 'calls', title: '子项目和作品要求' },
  { key: 'participants', title: '参与单位和任务表' },
  { key: 'contacts', title: '联系人和工作组' },
  { key: 'columns', title: '合作网站和专栏' },
  { key: 'review', title: '检查并开始' },
] as const

/** A stored date as its day in Beijing (the campaign's default zone), for a date input. */
type Answer = { ok: boolean; message: string }

/**
 * 设置向导: a campaign set up step by step — basics, phases and deadlines, sub-projects (from an
 * earlier campaign's as a template, or new) with their kinds of work, participants and the task
 * table, contacts and the working group, partner sites' columns — and the 开始前检查 with 开始活动 at
 * the end. Each step saves through the REST API and shows the server's refusal (Chinese first)
 * before it moves on; nothing is kept only here.
 */
export const CampaignSetup: React.FC<{
  campaignId: number
  kinds: Option[]
  mediaKinds: Option[]
  channels: Option[]
}> = ({ campaignId, kinds, mediaKinds, channels }) => {
  const { config } = useConfig()
  const isHydrated = useHydrated()
  const api = `${config.serverURL}${config.routes.api}`
  const [step, setStep] = useState(0)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [isBusy, setBusy] = useState(false)
  const [campaign, setCampaign] = useState<Campaign | null>(null)
  const [calls, setCalls] = useState<SubProject[]>([])
  const [templates, setTemplates] = useState<SubProject[]>([])
  const [units, setUnits] = useState<Organizer[]>([])
  const [contacts, setContacts] = useState<Contact[]>([])
  const [sites, setSites] = useState<PartnerSite[]>([])
  const [columns, setColumns] = useState<Column[]>([])
  const [readiness, setReadiness] = useState<Readiness | null>(null)

  const get = useCallback(
    async <T,>(path: string): Promise<T> => {
      const res = await fetch(`${api}${path}`, { credentials: 'include' })
      return (await res.json()) as T
    },
    [api],
  )
  const reload = useCallback(async () => {
    const of = `where[campaign][equals]=${campaignId}`
    const [c, own, others, u, k, s, col, r] = await Promise.all([
      get<Campaign>(`/campaigns/${campaignId}?depth=0&draft=true`),
      get<{ docs: SubProject[] }>(`/sub-projects?${of}&draft=true&depth=0&limit=100&sort=id`),
      get<{ docs: SubProject[] }>(
        `/sub-projects?where[campaign][not_equals]=${campaignId}&depth=1&limit=100&sort=-createdAt`,
      ),
      get<{ docs: Organizer[] }>('/organizers?depth=0&limit=500&sort=name'),
      get<{ docs: Contact[] }>('/contacts?depth=0&limit=500&sort=name'),
      get<{ docs: PartnerSite[] }>('/partner-sites?depth=0&limit=300&sort=name'),
      get<{ docs: Column[] }>(`/columns?${of}&depth=0&limit=200`),
      get<Readiness>(`/campaigns/${campaignId}/readiness`),
    ])
    setCampaign(c)
    setCalls(own.docs ?? [])
    setTemplates(others.docs ?? [])
    setUnits(u.docs ?? [])
    setContacts(k.docs ?? [])
    setSites(s.docs ?? [])
    setColumns(col.docs ?? [])
    setReadiness(r)
  }, [campaignId, get])
  useEffect(() => {
    void reload()
  }, [reload])

  /** Sends a write; on success reloads and, when asked, moves to the next step. */
  const send = async (
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    { next = false, done = '已保存 / saved' }: { next?: boolean; done?: string } = {},
  ) => {
    setBusy(true)
    const res = await fetch(`${api}${path}`, {
      method,
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    const json = (await res.json().catch(() => ({}))) as { errors?: { message?: string }[] }
    setBusy(false)
    if (!res.ok) {
      setAnswer({
        ok: false,
        message: json.errors?.[0]?.message ?? `请求失败（${res.status}） / request failed`,
      })
      return false
    }
    setAnswer({ ok: true, message: done })
    await reload()
    if (next) {
      setStep((s) => Math.min(s + 1, steps.length - 1))
    }
    return true
  }

  if (!campaign) {
    return (
      <div style={page} data-testid="campaign-setup">
        载入中… / loading…
      </div>
    )
  }
  const current = steps[step]!
  const go = (to: number) => {
    setAnswer(null)
    setStep(to)
  }
  return (
    <div style={page} data-testid="campaign-setup" data-hydrated={isHydrated || undefined}>
      <h2 style={{ marginTop: 0 }}>设置向导 · {campaign.name}</h2>
      <ol style={{ ...row, listStyle: 'none', paddingLeft: 0, marginBottom: '1rem' }}>
        {steps.map((each, index) => (
          <li key={each.key}>
            <button
              type="button"
              onClick={() => go(index)}
              data-testid={`setup-step-${each.key}`}
              aria-current={index === step ? 'step' : undefined}
              style={{
                border: 'none',
                background:
                  index === step ? 'var(--theme-elevation-800)' : 'var(--theme-elevation-100)',
                color: index === step ? 'var(--theme-elevation-0)' : 'var(--theme-text)',
                borderRadius: 12,
                padding: '0.25rem 0.75rem',
                cursor: 'pointer',
              }}
            >
              {index + 1}. {each.title}
            </button>
          </li>
        ))}
      </ol>
      <div style={card} data-testid={`setup-card-${current.key}`}>
        <h3 style={{ marginTop: 0 }}>{current.title}</h3>
        {current.key === 'basics' ? (
          <Basics
            campaign={campaign}
            units={units}
            isBusy={isBusy}
            onSave={(data) => send('PATCH', `/campaigns/${campaignId}`, data, { next: true })}
          />
        ) : null}
        {current.key === 'phases' ? (
          <Phases
            campaign={campaign}
            calls={calls}
            isBusy={isBusy}
            onSave={(phases, next) =>
              send('PATCH', `/campaigns/${campaignId}`, { phases }, { next })
            }
          />
        ) : null}
        {current.key === 'calls' ? (
          <Calls
            calls={calls}
            templates={templates}
            kinds={kinds}
            mediaKinds={mediaKinds}
            isBusy={isBusy}
            onAdd={(call) =>
              send(
                'POST',
                '/sub-projects',
                { ...call, campaign: campaignId, _status: 'published' },
                { done: `已添加子项目“${call.name}” / call added` },
              )
            }
            onNext={() => go(step + 1)}
          />
        ) : null}
        {current.key === 'participants' ? (
          <Participants
            campaign={campaign}
            units={units}
            isBusy={isBusy}
            progressHref={`${config.routes.admin}/collections/campaigns/${campaignId}/progress`}
            onSave={(participants) =>
              send('PATCH', `/campaigns/${campaignId}`, { participants }, { next: true })
            }
          />
        ) : null}
        {current.key === 'contacts' ? (
          <Contacts
            calls={calls}
            contacts={contacts}
            units={units}
            isBusy={isBusy}
            onSave={(call, chosen) => send('PATCH', `/sub-projects/${call}`, { contacts: chosen })}
            onNext={() => go(step + 1)}
          />
        ) : null}
        {current.key === 'columns' ? (
          <Columns
            campaign={campaign}
            columns={columns}
            sites={sites}
            channels={channels}
            isBusy={isBusy}
            onAdd={(column) =>
              send(
                'POST',
                '/columns',
                // A partner's column recorded here exists already: published, so coverage counts it.
                { ...column, campaign: campaignId, _status: 'published' },
                { done: `已添加专栏“${column.title}” / column added` },
              )
            }
            onNext={() => go(step + 1)}
          />
        ) : null}
        {current.key === 'review' ? (
          <Review
            readiness={readiness}
            status={campaign.status}
            isBusy={isBusy}
            onOpen={() =>
              send(
                'PATCH',
                `/campaigns/${campaignId}`,
                { status: 'active' },
                { done: '活动已开始（进行中） / the campaign is open' },
              )
            }
          />
        ) : null}
      </div>
      {answer ? (
        <p
          role="status"
          data-testid="setup-result"
          style={{ color: answer.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {answer.message}
        </p>
      ) : null}
      <p style={muted}>
        每一步保存后即生效；可随时回到任一步修改，或在“编辑”中修改全部字段。 / Each step saves as
        you go.
      </p>
    </div>
  )
}
