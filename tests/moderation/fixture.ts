/**
 * 国信办通字〔2016〕2号: every participating unit opens a column with an interaction window
 * (互动窗口) that draws netizens to comment and to contribute original pictures and text. The
 * world the interaction-window tests share: the 2016 大国工匠篇 campaign hosted by 中华全国总工会,
 * 四川省总工会's own column on PC with its window, and the staff around it — Sichuan's editor
 * (the column's moderator), Shanghai's (another province), the national organizer (a host).
 */
import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

export const password = 'window-test-password-1'

export const label = '中国梦·大国工匠篇'

export type WindowWorld = {
  booted: Booted
  server: Awaited<ReturnType<typeof serveApp>>
  ids: Record<string, number>
  as: Record<'admin' | 'nationalOrganizer' | 'sichuanEditor' | 'shanghaiEditor' | 'public', Api>
  close: () => Promise<void>
}

export const bootWindowWorld = async (
  name: string,
  env: Record<string, string> = {},
): Promise<WindowWorld> => {
  const booted = await bootPayload({ name, env })
  const server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const ids: Record<string, number> = {}
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (
        await payload.create({
          collection: collection as 'organizers',
          data: data as never,
          draft: false,
        })
      ).id,
    )
  ids.national = await create('organizers', {
    name: '中华全国总工会',
    kind: 'federation',
    level: 'national',
  })
  ids.sichuan = await create('organizers', {
    name: '四川省总工会',
    kind: 'federation',
    level: 'provincial',
  })
  ids.shanghai = await create('organizers', {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
  })
  ids.campaign = await create('campaigns', {
    name: '“中国梦·大国工匠篇”大型主题宣传活动',
    year: 2016,
    status: 'active',
    label,
    hosts: [ids.national],
    participants: [ids.sichuan, ids.shanghai],
  })
  ids.column = await createColumn(world(booted), {
    title: `${label}——四川职工风采`,
    unit: ids.sichuan,
  })
  const users = [
    ['national@window.test', 'organizer', ids.national, 'nationalOrganizer'],
    ['sichuan@window.test', 'unit-editor', ids.sichuan, 'sichuanEditor'],
    ['shanghai@window.test', 'unit-editor', ids.shanghai, 'shanghaiEditor'],
  ] as const
  for (const [email, role, organizer] of users) {
    await create('users', { email, password, role, organizer, name: email })
  }
  const as = {
    admin: await apiClient(server.url),
    public: await apiClient(server.url, null),
  } as WindowWorld['as']
  for (const [email, , , key] of users) {
    as[key] = await apiClient(server.url, { email, password })
  }
  return {
    booted,
    server,
    ids,
    as,
    close: async () => {
      await server.close()
      await payload.destroy()
    },
  }
}

const world = (booted: Booted) => ({ booted })

/** A published column of a unit on PC with its interaction window (pre-moderation) unless told. */
export const createColumn = async (
  { booted }: { booted: Booted },
  data: Record<string, unknown>,
): Promise<number> => {
  const campaign = await booted.payload.find({
    collection: 'campaigns',
    where: { year: { equals: 2016 } },
    limit: 1,
  })
  return Number(
    (
      await booted.payload.create({
        collection: 'columns',
        data: {
          campaign: campaign.docs[0]!.id,
          channel: 'pc',
          hasInteractionWindow: true,
          interactionWindow: { moderation: 'pre', comments: true, contributions: true },
          _status: 'published',
          ...data,
        } as never,
      })
    ).id,
  )
}

/** A comment from an anonymous netizen at `address`, as any site would send it. */
export const comment = async (
  world: WindowWorld,
  body: Record<string, unknown>,
  { address = '203.0.113.9', device }: { address?: string; device?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> => {
  const res = await fetch(`${world.server.url}/api/interactions/comment`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': address,
      ...(device ? { 'x-device-id': device } : {}),
    },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
}

/** How many interactions are stored, whatever their state (the office's count). */
export const storedCount = async (world: WindowWorld): Promise<number> =>
  (await world.booted.payload.count({ collection: 'interactions' })).totalDocs
