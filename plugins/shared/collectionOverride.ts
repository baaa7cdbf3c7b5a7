import type { CollectionConfig, Field } from 'payload'

/**
 * The fields of a collection a plugin adds, as the app wants them: given the plugin's own
 * (`defaultFields`), it returns the collection's. Payload's own plugins take the same function
 * (`FieldsOverride` of plugin-form-builder and plugin-search), so an app adds a field with
 * `({ defaultFields }) => [...defaultFields, field]` whichever plugin it configures.
 */
export type FieldsOverride = (args: { defaultFields: Field[] }) => Field[]

/**
 * What an app may change in a collection a plugin adds, in the shape of Payload's own plugins'
 * `formOverrides` / `searchOverrides`: any collection option, and `fields` as a function of the
 * plugin's. Not the slug: each plugin names its collections' slugs in options of their own, which
 * its code reads to find them (`applyCollectionOverride` keeps the plugin's slug in any case).
 */
export type CollectionOverride = Partial<Omit<CollectionConfig, 'fields' | 'slug'>> & {
  fields?: FieldsOverride
}

type Hooks = NonNullable<CollectionConfig['hooks']>

/**
 * `collection` with `override` applied, so an app can adjust a plugin's collection without
 * copying it (and without losing what the plugin relies on):
 * - a top-level key of the override replaces the plugin's (`labels`, `endpoints`, `upload` …);
 * - `admin` and `access` are merged one level deep: the app sets `admin.group` or `access.read`
 *   and keeps the plugin's columns, title and other rules;
 * - `hooks` are merged per hook name, the plugin's own first and then the app's, so the plugin's
 *   hooks (its protections and bookkeeping) still run and the app's see their results;
 * - `fields` comes from the override's function, given the plugin's fields;
 * - the slug stays the plugin's.
 * Without an override the collection is returned as it is.
 */
export const applyCollectionOverride = (
  collection: CollectionConfig,
  override?: CollectionOverride,
): CollectionConfig => {
  if (!override) {
    return collection
  }
  const { access, admin, fields, hooks, ...replaced } = override
  return {
    ...collection,
    ...replaced,
    slug: collection.slug,
    ...(admin && { admin: { ...collection.admin, ...admin } }),
    ...(access && { access: { ...collection.access, ...access } }),
    ...(hooks && { hooks: mergeHooks(collection.hooks ?? {}, hooks) }),
    fields: fields ? fields({ defaultFields: collection.fields }) : collection.fields,
  }
}

/** Each hook name's hooks: the plugin's, then the app's. */
const mergeHooks = (own: Hooks, added: Hooks): Hooks => {
  const names = new Set([...Object.keys(own), ...Object.keys(added)] as (keyof Hooks)[])
  return Object.fromEntries(
    [...names].map((name) => [name, [...(own[name] ?? []), ...(added[name] ?? [])]]),
  ) as Hooks
}
