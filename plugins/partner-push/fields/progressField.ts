import type { Field } from 'payload'

import { poolOf } from '../../shared/pool'

export type PushProgress = {
  total: number
  delivered: number
  sending: number
  retrying: number
  pending: number
  held: number
  failed: number
}

/**
 * 推送进度: how a work's fan-out stands — delivered, retrying, held for paused partners and
 * finally failed of all its deliveries — read fresh on every read of the document (one grouped query; skipped in lists);
 * the admin's bar re-reads it while deliveries are under way.
 */
export const pushProgressField = ({
  deliveriesSlug,
  componentsPath,
}: {
  deliveriesSlug: string
  componentsPath: string
}): Field => ({
  name: 'pushProgress',
  type: 'json',
  virtual: true,
  label: { zh: '推送进度', en: 'Push progress' },
  admin: {
    position: 'sidebar',
    readOnly: true,
    components: { Field: `${componentsPath}/components/PushProgress#PushProgress` },
    description: {
      zh: '已送达 / 发送中 / 将重试 / 待发送 / 暂停中 / 最终失败，共 N 条。',
      en: 'Delivered / sending / retrying / pending / held / finally failed of N.',
    },
  },
  hooks: {
    afterRead: [
      async ({ data, findMany, req }) => {
        if (findMany || !data?.id) {
          return undefined
        }
        const table = deliveriesSlug.replace(/-/g, '_')
        const { rows } = await poolOf(req.payload).query<{ state: string; count: string }>(
          `select "state", count(*) from "${table}" where "entry_id" = $1 and "state" <> 'superseded' group by "state"`,
          [data.id],
        )
        const progress: PushProgress = {
          total: 0,
          delivered: 0,
          sending: 0,
          retrying: 0,
          pending: 0,
          held: 0,
          failed: 0,
        }
        for (const { state, count } of rows) {
          if (state in progress) {
            progress[state as keyof PushProgress] = Number(count)
            progress.total += Number(count)
          }
        }
        return progress
      },
    ],
  },
})
