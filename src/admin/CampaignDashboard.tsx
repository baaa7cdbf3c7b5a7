import type { AdminViewServerProps, PayloadRequest, SanitizedPermissions } from 'payload'

import { TZDate } from '@date-fns/tz'
import { getTranslation } from '@payloadcms/translations'
import { format } from 'date-fns'
import React from 'react'

import type { CampaignDashboard as Dashboard, MyCampaign, Stage } from '../reporting/dashboard'

import { campaignDashboard, myCampaigns, shortDay, stageLabels } from '../reporting/dashboard'
import { ProgressRefusal } from '../reporting/progress'
import type { ChartSpec } from './charts'

import { chartColors } from './charts'
import { DashboardChart } from './DashboardChart'

/**
 * 活动看板: the admin's home page (`admin.components.views.dashboard`), in place of Payload's grid
 * of collection cards. A staff member sees the campaigns it hosts or reports to, picks one
 * (`?campaign=<id>`, plain links), and reads where it stands: phase and next deadline, works per
 * day, per sub-project and per unit (charts), units behind quota, works waiting for its level to
 * screen, and the push reach. Below, the collections it works with, then every collection it may
 * open, so nothing of the card grid is lost. Everything is rendered on the server but the charts:
 * the page carries their numbers, and the browser draws them (DashboardChart).
 */

type NavGroup = {
  label: string
  entities: { slug: string; type: string; label: Parameters<typeof getTranslation>[0] }[]
}

type Props = AdminViewServerProps & { navGroups?: NavGroup[] }

const statusLabels: Record<string, string> = {
  draft: '筹备中',
  active: '进行中',
  closed: '已结束',
  archived: '已归档',
}

/** The collections an organizer or unit editor opens most, in this order (those it may see). */
const mostUsed = [
  'entries',
  'report-batches',
  'quotas',
  'sub-projects',
  'notices',
  'campaigns',
  'featured-workers',
  'media',
]

/** Units listed as behind quota on the page; the progress workbook lists them all. */
const behindListLimit = 10

const colors: Record<Exclude<Stage, 'draft'>, string> = {
  submitted: chartColors.amber,
  'screened-in': chartColors.blue,
  'screened-out': chartColors.grey,
  reported: chartColors.green,
}

const page: React.CSSProperties = {
  padding: 'calc(var(--base) * 1.5) var(--gutter-h, 3.75rem) calc(var(--base) * 3)',
  maxWidth: 1400,
}
const section: React.CSSProperties = { marginTop: 'calc(var(--base) * 1.5)' }
const card: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '12px 16px',
  background: 'var(--theme-elevation-0)',
  minWidth: 0,
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
const english: React.CSSProperties = {
  color: 'var(--theme-elevation-400)',
  fontWeight: 400,
  fontSize: '0.8em',
  marginLeft: 8,
}
const cell: React.CSSProperties = {
  borderBottom: '1px solid var(--theme-elevation-100)',
  padding: '6px 10px',
  textAlign: 'left',
  verticalAlign: 'top',
}
const head: React.CSSProperties = { ...cell, fontWeight: 600, color: 'var(--theme-elevation-600)' }
const link: React.CSSProperties = { color: 'var(--theme-success-750, inherit)' }
const pill = (isSelected: boolean): React.CSSProperties => ({
  display: 'inline-block',
  padding: '4px 12px',
  margin: '0 8px 8px 0',
  borderRadius: 16,
  border: `1px solid ${isSelected ? 'var(--theme-elevation-800)' : 'var(--theme-elevation-150)'}`,
  background: isSelected ? 'var(--theme-elevation-800)' : 'transparent',
  color: isSelected ? 'var(--theme-elevation-0)' : 'inherit',
  textDecoration: 'none',
  fontSize: 13,
})

const Heading = ({ zh, en, level = 2 }: { zh: string; en: string; level?: 2 | 3 }) => {
  const Tag = level === 2 ? 'h2' : 'h3'
  return (
    <Tag style={{ margin: '0 0 10px', fontSize: level === 2 ? 20 : 16 }}>
      {zh}
      <span style={english}>{en}</span>
    </Tag>
  )
}

const Figure = ({
  zh,
  en,
  value,
  detail,
  testId,
  tone,
}: {
  zh: string
  en: string
  value: React.ReactNode
  detail?: React.ReactNode
  testId: string
  tone?: 'warn' | 'ok'
}) => (
  <div style={card} data-testid={testId}>
    <div style={muted}>
      {zh} / {en}
    </div>
    <div
      style={{
        fontSize: 24,
        fontWeight: 600,
        margin: '4px 0',
        overflowWrap: 'anywhere',
        color:
          tone === 'warn'
            ? 'var(--theme-error-500)'
            : tone === 'ok'
              ? 'var(--theme-success-500)'
              : 'inherit',
      }}
    >
      {value}
    </div>
    {detail ? <div style={{ ...muted, overflowWrap: 'anywhere' }}>{detail}</div> : null}
  </div>
)

export const CampaignDashboard = async (props: Props) => {
  const { initPageResult, searchParams, navGroups = [] } = props
  const { req, permissions } = initPageResult
  const adminRoute = req.payload.config.routes.admin
  const apiRoute = req.payload.config.routes.api
  const asked = Number([searchParams?.campaign].flat()[0])
  const read = (campaignId: number) =>
    campaignDashboard({ req, campaignId }).catch((err: unknown) => {
      if (err instanceof ProgressRefusal) {
        return err
      }
      throw err
    })
  // The campaign asked for is read alongside the list; without one, the list's first.
  const isAsked = Number.isInteger(asked) && asked > 0
  const [campaigns, askedFor] = await Promise.all([
    myCampaigns({ req }),
    isAsked ? read(asked) : Promise.resolve(null),
  ])
  const campaignId = isAsked ? asked : campaigns[0]?.id
  const answer = isAsked ? askedFor : campaignId ? await read(campaignId) : null
  const dashboard = answer instanceof ProgressRefusal ? null : answer
  const refusal = answer instanceof ProgressRefusal ? answer.message : null

  return (
    <div style={page} data-testid="campaign-dashboard">
      <Heading zh="活动看板" en="Campaign dashboard" />
      {campaigns.length ? (
        <CampaignPicker campaigns={campaigns} selected={campaignId} />
      ) : (
        <NoCampaign req={req} />
      )}
      {refusal ? (
        <p style={{ ...card, color: 'var(--theme-error-500)' }} data-testid="dashboard-refusal">
          {refusal}
        </p>
      ) : null}
      {dashboard ? (
        <CampaignFigures
          dashboard={dashboard}
          adminRoute={adminRoute}
          apiRoute={apiRoute}
          opens={(slug) => (initPageResult.visibleEntities.collections as string[]).includes(slug)}
        />
      ) : null}
      <CollectionLinks
        navGroups={navGroups}
        permissions={permissions}
        adminRoute={adminRoute}
        req={req}
      />
    </div>
  )
}

const CampaignPicker = ({
  campaigns,
  selected,
}: {
  campaigns: MyCampaign[]
  selected: number | undefined
}) => {
  const active = campaigns.filter((c) => c.status === 'active')
  const others = campaigns.filter((c) => c.status !== 'active')
  const item = (c: MyCampaign) => (
    <a
      key={c.id}
      href={`?campaign=${c.id}`}
      style={pill(c.id === selected)}
      aria-current={c.id === selected ? 'page' : undefined}
      data-testid="campaign-choice"
    >
      {c.name}
      {c.status === 'active' ? '' : `（${statusLabels[c.status] ?? c.status}）`}
    </a>
  )
  return (
    <nav aria-label="我的活动 / My campaigns" data-testid="campaign-picker">
      <div style={muted}>
        我的活动 / My campaigns{active.length ? '' : '：暂无进行中的活动 / none active'}
      </div>
      <div style={{ marginTop: 6 }}>{active.map(item)}</div>
      {others.length ? (
        <details open={active.length === 0 || others.some((c) => c.id === selected)}>
          <summary style={{ ...muted, cursor: 'pointer', marginBottom: 6 }}>
            其他活动（筹备中、已结束）/ Other campaigns（{others.length}）
          </summary>
          {others.map(item)}
        </details>
      ) : null}
    </nav>
  )
}

const NoCampaign = ({ req }: { req: PayloadRequest }) => {
  const role = (req.user as { role?: string } | null)?.role
  return (
    <div style={{ ...card, maxWidth: 760 }} data-testid="dashboard-no-campaign">
      <p style={{ margin: 0 }}>
        您的账号目前没有可查看的主题活动。看板显示您所在单位主办或参与报送的活动：
        {role === 'judge' ? (
          <>
            评委请在
            <a href={`${req.payload.config.routes.admin}/scoring`} data-testid="dashboard-scoring">
              评审打分
            </a>
            中查看分配给您的参评作品并打分。
          </>
        ) : (
          '账号尚未绑定单位，或所在单位还没有参与任何活动时，请联系活动组织者。'
        )}
      </p>
      <p style={{ ...muted, margin: '6px 0 0' }}>
        No campaign to show: the dashboard shows the campaigns your unit hosts or reports to.
        {role === 'judge'
          ? ' Judges score the works assigned to them under 评审打分 (Scoring).'
          : ' If your account has no unit yet, ask the campaign’s organizers.'}
      </p>
    </div>
  )
}

const CampaignFigures = ({
  dashboard: d,
  adminRoute,
  apiRoute,
  opens,
}: {
  dashboard: Dashboard
  adminRoute: string
  apiRoute: string
  /** Whether the reader's admin shows the collection (links only where they lead somewhere). */
  opens: (slug: string) => boolean
}) => {
  const entriesList = (where: Record<string, string>) =>
    `${adminRoute}/collections/entries?${Object.entries({
      'where[campaign][equals]': String(d.campaign.id),
      ...where,
    })
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&')}`
  const when = (iso: string) =>
    format(new TZDate(new Date(iso).getTime(), d.campaign.timeZone), 'yyyy-MM-dd HH:mm')
  const phase = d.phase.current
  const deadline = d.nextDeadline
  const behindUnits = d.behindQuota.length
  // Furthest behind first (works still missing), ten of them: the workbook has every row.
  const shortfall = (row: Dashboard['behindQuota'][number]) =>
    row.cells.reduce((sum, c) => sum + c.quota - c.reported, 0)
  const behindShown = [...d.behindQuota]
    .sort((a, b) => shortfall(b) - shortfall(a))
    .slice(0, behindListLimit)
  const stagesShown = ['submitted', 'screened-in', 'screened-out', 'reported'] as const

  const perDay: ChartSpec = {
    kind: 'column',
    categories: d.submissionsPerDay.map((day) => shortDay(day.day)),
    series: [
      {
        name: '新增作品',
        color: chartColors.blue,
        values: d.submissionsPerDay.map((x) => x.count),
      },
    ],
    width: 620,
    height: 240,
    label: `近30天每日新增作品 / works per day, last 30 days`,
  }
  const perSubProject: ChartSpec = {
    kind: 'bar',
    categories: d.subProjects.map((s) => s.name),
    series: stagesShown.map((stage) => ({
      name: stageLabels[stage].zh,
      color: colors[stage],
      values: d.subProjects.map((s) => s.stages[stage]),
      stack: 'stage',
    })),
    width: 620,
    label: '各子项目作品 / works per sub-project',
  }
  const perUnit: ChartSpec = {
    kind: 'bar',
    categories: d.units.map((u) => u.unit.name),
    series: [
      { name: '全部作品', color: chartColors.blue, values: d.units.map((u) => u.total) },
      { name: '已报送', color: chartColors.green, values: d.units.map((u) => u.reported) },
      { name: '任务', color: chartColors.grey, values: d.units.map((u) => u.quota) },
    ],
    width: 1240,
    rowHeight: 30,
    label: '各报送单位作品、已报送与任务 / works, reported and quota per reporting unit',
  }

  return (
    <div data-testid="campaign-figures">
      <div
        style={{ ...section, display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 12 }}
      >
        <h3 style={{ margin: 0, fontSize: 18 }} data-testid="dashboard-campaign-name">
          {d.campaign.name}
        </h3>
        <span style={muted}>
          {d.campaign.year ?? ''}年 · {statusLabels[d.campaign.status] ?? d.campaign.status} · 今天{' '}
          {d.today}（{d.campaign.timeZone}）
        </span>
        {opens('campaigns') ? (
          <a href={`${adminRoute}/collections/campaigns/${d.campaign.id}`} style={muted}>
            活动设置 / Settings
          </a>
        ) : null}
      </div>
      {d.isComplete ? null : (
        <p style={{ ...muted, margin: '6px 0 0' }} data-testid="dashboard-scope">
          仅显示{d.scope?.name ?? '本单位'}及下级单位的数据 / your unit’s subtree only
        </p>
      )}

      <div
        style={{
          ...section,
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))',
          gap: 12,
        }}
      >
        <Figure
          testId="figure-phase"
          zh="当前阶段"
          en="Phase"
          value={phase?.name ?? (d.phase.next ? '未开始' : '—')}
          detail={
            phase
              ? `${phase.start ?? '…'} 至 ${phase.end ?? '…'}`
              : d.phase.next
                ? `下一阶段：${d.phase.next.name}（${d.phase.next.start} 开始）`
                : '未设阶段或已全部结束'
          }
        />
        <Figure
          testId="figure-deadline"
          zh="下一截止"
          en="Next deadline"
          value={deadline ? deadline.day : '—'}
          tone={deadline && deadline.daysLeft <= 3 ? 'warn' : undefined}
          detail={
            deadline
              ? `${deadline.daysLeft === 0 ? '今天 24 时截止' : `还有 ${deadline.daysLeft} 天`} · ${deadline.due}`
              : '没有未到期的截止日期'
          }
        />
        <Figure
          testId="figure-works"
          zh="作品"
          en="Works"
          value={d.totals.works}
          detail={`已报送 ${d.totals.reported} · 任务 ${d.totals.quota}`}
        />
        <Figure
          testId="figure-awaiting"
          zh="待本级初筛"
          en="Awaiting screening"
          value={d.awaitingScreening.total}
          tone={d.awaitingScreening.total ? 'warn' : undefined}
          detail={`待初筛 ${d.awaitingScreening.submitted} · 下级报送 ${d.awaitingScreening.reported}`}
        />
        <Figure
          testId="figure-behind"
          zh="未完成任务单位"
          en="Behind quota"
          value={`${behindUnits} / ${d.units.length}`}
          tone={behindUnits ? 'warn' : d.units.length ? 'ok' : undefined}
          detail={d.units.length ? '报送单位未完成至少一项任务' : '没有报送单位'}
        />
        {d.push ? (
          <>
            <Figure
              testId="figure-delivered"
              zh="推送送达"
              en="Delivered"
              value={d.push.deliveries.delivered}
              detail={`作品 ${d.push.deliveries.works} 件 · 网站 ${d.push.deliveries.partnerSites} 家 · 待发 ${d.push.deliveries.inProgress} · 失败 ${d.push.deliveries.failed}`}
            />
            <Figure
              testId="figure-receipts"
              zh="转载回执"
              en="Receipts"
              value={d.push.receipts.published}
              detail={`已核验 ${d.push.receipts.verified} · 不转载 ${d.push.receipts.declined} · 网站 ${d.push.receipts.partnerSites} 家`}
            />
          </>
        ) : null}
      </div>

      <div
        style={{
          ...section,
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 440px), 1fr))',
          gap: 12,
        }}
      >
        <div style={card}>
          <Heading level={3} zh="近30天每日新增作品" en="Works per day" />
          <DashboardChart spec={perDay} testId="chart-per-day" />
        </div>
        <div style={card}>
          <Heading level={3} zh="各子项目作品" en="Per sub-project" />
          {d.subProjects.length ? (
            <DashboardChart spec={perSubProject} testId="chart-per-sub-project" />
          ) : (
            <p style={muted}>还没有发布的子项目 / no open sub-project</p>
          )}
        </div>
      </div>

      <div style={{ ...section, ...card }}>
        <Heading level={3} zh="各报送单位" en="Per reporting unit" />
        {d.units.length ? (
          <DashboardChart spec={perUnit} testId="chart-per-unit" />
        ) : (
          <p style={muted}>没有报送单位 / no reporting unit</p>
        )}
      </div>

      <div
        style={{
          ...section,
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 440px), 1fr))',
          gap: 12,
          alignItems: 'start',
        }}
      >
        <div style={card} data-testid="behind-quota">
          <Heading level={3} zh="未完成任务的单位" en="Units behind quota" />
          {behindShown.length ? (
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              <thead>
                <tr>
                  <th style={head}>单位</th>
                  <th style={head}>子项目：已报送 / 任务</th>
                </tr>
              </thead>
              <tbody>
                {behindShown.map((row) => (
                  <tr key={row.unit.id}>
                    <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                      {opens('organizers') ? (
                        <a
                          href={`${adminRoute}/collections/organizers/${row.unit.id}`}
                          style={link}
                        >
                          {row.unit.name}
                        </a>
                      ) : (
                        row.unit.name
                      )}
                      <br />
                      <a
                        href={entriesList({
                          'where[submittingUnit.path][contains]': `/${row.unit.id}/`,
                        })}
                        style={{ ...muted, fontSize: 12 }}
                      >
                        查看作品 / works
                      </a>
                    </td>
                    <td style={{ ...cell, fontSize: 13 }}>
                      {row.cells.map((c) => (
                        <span
                          key={c.subProject.id}
                          style={{ marginRight: 12, display: 'inline-block' }}
                        >
                          {c.subProject.name}：
                          <strong>
                            {c.reported} / {c.quota}
                          </strong>
                          {c.mode === 'exact' ? '（定额）' : ''}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p style={muted}>
              {d.units.length
                ? '各单位均已完成任务 / every unit is on track'
                : '没有报送单位 / no reporting unit'}
            </p>
          )}
          {d.behindQuota.length > behindShown.length ? (
            <p style={{ ...muted, marginBottom: 0 }}>
              另有 {d.behindQuota.length - behindShown.length} 个单位未完成，见报送进度表 / and{' '}
              {d.behindQuota.length - behindShown.length} more
            </p>
          ) : null}
          <p style={{ ...muted, marginBottom: 0 }}>
            <a href={`${apiRoute}/campaigns/${d.campaign.id}/progress.xlsx`} style={muted}>
              下载报送进度表（XLSX）/ progress workbook
            </a>
          </p>
        </div>

        <div style={card} data-testid="awaiting-screening">
          <Heading level={3} zh="待本级初筛的作品" en="Awaiting screening at my level" />
          <p style={{ ...muted, marginTop: 0 }}>
            {d.awaitingScreening.level.map((u) => u.name).join('、') || '—'}：共{' '}
            {d.awaitingScreening.total} 件
            {d.awaitingScreening.total > d.awaitingScreening.works.length
              ? `，显示最近 ${d.awaitingScreening.works.length} 件`
              : ''}
          </p>
          {d.awaitingScreening.works.length ? (
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              <thead>
                <tr>
                  <th style={head}>作品</th>
                  <th style={head}>报送单位</th>
                  <th style={head}>状态</th>
                  <th style={head}>提交时间</th>
                </tr>
              </thead>
              <tbody>
                {d.awaitingScreening.works.map((work) => (
                  <tr key={work.id}>
                    <td style={{ ...cell, overflowWrap: 'anywhere' }}>
                      <a href={`${adminRoute}/collections/entries/${work.id}`} style={link}>
                        {work.title}
                      </a>
                      {work.subProject ? (
                        <div style={{ ...muted, fontSize: 12 }}>{work.subProject.name}</div>
                      ) : null}
                    </td>
                    <td style={cell}>{work.unit?.name ?? '—'}</td>
                    <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                      {work.status === 'submitted' ? '待初筛' : '下级已报送'}
                    </td>
                    <td style={{ ...cell, whiteSpace: 'nowrap' }}>{when(work.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p style={muted}>没有等待本级初筛的作品 / nothing waiting</p>
          )}
          <p style={{ ...muted, marginBottom: 0 }}>
            <a href={entriesList({ 'where[status][equals]': 'submitted' })} style={muted}>
              全部待初筛作品 / all submitted works
            </a>
          </p>
        </div>
      </div>
    </div>
  )
}

const CollectionLinks = ({
  navGroups,
  permissions,
  adminRoute,
  req,
}: {
  navGroups: NavGroup[]
  permissions: SanitizedPermissions
  adminRoute: string
  req: PayloadRequest
}) => {
  const entities = navGroups.flatMap((group) => group.entities)
  const labelOf = (entity: NavGroup['entities'][number]) => getTranslation(entity.label, req.i18n)
  const hrefOf = (entity: NavGroup['entities'][number]) =>
    `${adminRoute}/${entity.type === 'globals' ? 'globals' : 'collections'}/${entity.slug}`
  const canCreate = (slug: string) =>
    Boolean(
      (permissions?.collections as Record<string, { create?: boolean }> | undefined)?.[slug]
        ?.create,
    )
  const frequent = mostUsed
    .map((slug) => entities.find((entity) => entity.slug === slug && entity.type === 'collections'))
    .filter((entity): entity is NavGroup['entities'][number] => Boolean(entity))
  return (
    <div data-testid="collection-links">
      {frequent.length ? (
        <div style={section}>
          <Heading level={3} zh="常用" en="Most used" />
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
              gap: 8,
            }}
          >
            {frequent.map((entity) => (
              <div key={entity.slug} style={{ ...card, padding: '10px 14px' }}>
                <a href={hrefOf(entity)} style={{ fontWeight: 600, textDecoration: 'none' }}>
                  {labelOf(entity)}
                </a>
                {canCreate(entity.slug) ? (
                  <a
                    href={`${hrefOf(entity)}/create`}
                    style={{ ...muted, float: 'right', textDecoration: 'none' }}
                    aria-label={`新建${labelOf(entity)}`}
                  >
                    ＋ 新建
                  </a>
                ) : null}
              </div>
            ))}
          </div>
        </div>
      ) : null}
      {navGroups.length ? (
        <div style={section}>
          <Heading level={3} zh="全部内容" en="All collections" />
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
              gap: 12,
            }}
          >
            {navGroups.map((group) => (
              <div key={group.label} style={card}>
                <div style={{ ...muted, marginBottom: 4 }}>{group.label}</div>
                <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {group.entities.map((entity) => (
                    <li key={entity.slug} style={{ padding: '2px 0' }}>
                      <a href={hrefOf(entity)}>{labelOf(entity)}</a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  )
}
