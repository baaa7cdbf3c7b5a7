import type { Config, PayloadRequest } from 'payload'

/** Called after a document changed or was deleted; its return value is ignored. */
export type ChangeHook = (args: { req: PayloadRequest }) => Promise<void> | void

/**
 * The config's collections and globals with `hookFor(slug)` after their own `afterChange` and
 * `afterDelete` hooks (globals: `afterChange`, slug `global:<slug>`), but for the collections in
 * `ignore`: for plugins that must hear of every change, added last so they see every collection.
 */
export const onEveryChange = (
  config: Config,
  { ignore = [], hookFor }: { ignore?: string[]; hookFor: (slug: string) => ChangeHook },
): Pick<Config, 'collections' | 'globals'> => ({
  collections: (config.collections ?? []).map((collection) => {
    if (ignore.includes(collection.slug)) {
      return collection
    }
    const hook = hookFor(collection.slug)
    return {
      ...collection,
      hooks: {
        ...collection.hooks,
        afterChange: [...(collection.hooks?.afterChange ?? []), hook],
        afterDelete: [...(collection.hooks?.afterDelete ?? []), hook],
      },
    }
  }),
  globals: (config.globals ?? []).map((global) => ({
    ...global,
    hooks: {
      ...global.hooks,
      afterChange: [...(global.hooks?.afterChange ?? []), hookFor(`global:${global.slug}`)],
    },
  })),
})
