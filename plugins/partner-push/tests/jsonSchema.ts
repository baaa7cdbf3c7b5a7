import { readFileSync } from 'node:fs'

/**
 * A small JSON Schema (draft 2020-12) validator for tests: enough of the keywords to check pushed
 * items against IPTC's real ninjs 2.2 schema and our extension (`$ref` across documents, `type`,
 * `enum`, `const`, `required`, `properties`, `additionalProperties`, `unevaluatedProperties`,
 * `items`, `allOf` / `anyOf` / `oneOf`, `minimum` / `maximum`, `minLength`, `pattern`, and the
 * `uri` and `date-time` formats). A keyword it does not know is an error, never skipped, so a
 * schema it cannot fully check fails the test instead of passing it. (ajv is only a transitive
 * dependency of Payload, not ours to import.)
 */

export type SchemaError = { path: string; message: string }

type SchemaObject = { [keyword: string]: unknown }
type Schema = boolean | SchemaObject

/** Where `#/…` pointers resolve: the document the schema came from. */
type Context = { root: Schema }

type Result = { errors: SchemaError[]; evaluated: Set<string> }

const annotations = new Set(['$schema', '$id', '$comment', '$defs', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly'])

const known = new Set([
  ...annotations,
  '$ref',
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'minimum',
  'maximum',
  'minLength',
  'pattern',
  'format',
])

/** RFC 3986 absolute URI: a scheme, a colon, and no characters a URI cannot hold. */
const uriPattern = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/

/** RFC 3339 date-time. */
const dateTimePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/

const idOf = (id: string) => id.replace(/#$/, '')

/** Validates against the schema with `$id` `rootId`; the other schemas are what `$ref`s may point into. */
export const createValidator = (schemas: SchemaObject[]) => {
  const documents = new Map<string, SchemaObject>()
  for (const schema of schemas) {
    if (typeof schema.$id !== 'string') {
      throw new Error('every schema needs an $id')
    }
    documents.set(idOf(schema.$id), schema)
  }
  return (rootId: string, instance: unknown): SchemaError[] => {
    const root = documents.get(idOf(rootId))
    if (!root) {
      throw new Error(`no schema ${rootId}`)
    }
    return evaluate({ schema: root, instance, path: '', context: { root }, documents }).errors
  }
}

/** The validator over IPTC's ninjs 2.2 schema and our extension, as committed in utilities/. */
export const ninjsValidator = () => {
  const load = (file: string) => JSON.parse(readFileSync(new URL(`../utilities/${file}`, import.meta.url), 'utf8')) as SchemaObject
  const validate = createValidator([load('ninjs-schema_2.2.json'), load('ninjs-wangju-extension_2.2.json')])
  return {
    /** Against IPTC's schema alone (no extension allowed). */
    ninjs: (instance: unknown) => validate('http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json', instance),
    /** Against ninjs 2.2 plus `x_wangju`: what every push item must pass. */
    extended: (instance: unknown) => validate('urn:wangju:ninjs:2.2:extension', instance),
  }
}

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value

const hasType = (value: unknown, type: string) => {
  const actual = typeOf(value)
  return actual === type || (type === 'number' && actual === 'integer')
}

const resolve = ({ ref, context, documents }: { ref: string; context: Context; documents: Map<string, SchemaObject> }): { schema: Schema; context: Context } => {
  const [base, pointer = ''] = ref.split('#') as [string, string?]
  const root = base ? documents.get(idOf(base)) : context.root
  if (root === undefined) {
    throw new Error(`unresolved $ref ${ref}`)
  }
  let target: unknown = root
  for (const part of pointer.split('/').filter(Boolean)) {
    target = (target as Record<string, unknown> | undefined)?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  if (target === undefined) {
    throw new Error(`unresolved $ref ${ref}`)
  }
  return { schema: target as Schema, context: { root } }
}

const evaluate = ({
  schema,
  instance,
  path,
  context,
  documents,
}: {
  schema: Schema
  instance: unknown
  path: string
  context: Context
  documents: Map<string, SchemaObject>
}): Result => {
  const errors: SchemaError[] = []
  const evaluated = new Set<string>()
  if (schema === true) {
    return { errors, evaluated }
  }
  if (schema === false) {
    return { errors: [{ path, message: 'not allowed' }], evaluated }
  }
  for (const keyword of Object.keys(schema)) {
    if (!known.has(keyword)) {
      throw new Error(`unsupported keyword ${keyword} at ${path || '/'}`)
    }
  }
  const sub = (subschema: Schema, value: unknown, at: string, ctx: Context = context) => evaluate({ schema: subschema, instance: value, path: at, context: ctx, documents })
  // A failing subschema's properties count as evaluated too: the failure is reported once, not again as "not allowed".
  const merge = (result: Result) => {
    errors.push(...result.errors)
    result.evaluated.forEach((key) => evaluated.add(key))
  }
  const isObject = typeOf(instance) === 'object'
  const object = instance as Record<string, unknown>

  if (typeof schema.$ref === 'string') {
    const target = resolve({ ref: schema.$ref, context, documents })
    merge(sub(target.schema, instance, path, target.context))
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    if (!types.some((type) => hasType(instance, type))) {
      errors.push({ path, message: `must be ${types.join(' or ')}, is ${typeOf(instance)}` })
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((value) => JSON.stringify(value) === JSON.stringify(instance))) {
    errors.push({ path, message: `must be one of ${JSON.stringify(schema.enum)}` })
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(instance)) {
    errors.push({ path, message: `must be ${JSON.stringify(schema.const)}` })
  }
  if (typeof instance === 'string') {
    if (typeof schema.minLength === 'number' && [...instance].length < schema.minLength) {
      errors.push({ path, message: `must have at least ${schema.minLength} characters` })
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(instance)) {
      errors.push({ path, message: `must match ${schema.pattern}` })
    }
    if (schema.format === 'uri' && !uriPattern.test(instance)) {
      errors.push({ path, message: 'must be an absolute URI' })
    }
    if (schema.format === 'date-time' && !dateTimePattern.test(instance)) {
      errors.push({ path, message: 'must be an RFC 3339 date-time' })
    }
  }
  if (schema.format !== undefined && schema.format !== 'uri' && schema.format !== 'date-time') {
    throw new Error(`unsupported format ${String(schema.format)}`)
  }
  if (typeof instance === 'number') {
    if (typeof schema.minimum === 'number' && instance < schema.minimum) {
      errors.push({ path, message: `must be at least ${schema.minimum}` })
    }
    if (typeof schema.maximum === 'number' && instance > schema.maximum) {
      errors.push({ path, message: `must be at most ${schema.maximum}` })
    }
  }
  if (isObject && Array.isArray(schema.required)) {
    for (const key of schema.required as string[]) {
      if (!(key in object)) {
        errors.push({ path, message: `must have ${key}` })
      }
    }
  }
  if (isObject && schema.properties) {
    const properties = schema.properties as Record<string, Schema>
    for (const [key, subschema] of Object.entries(properties)) {
      if (key in object) {
        errors.push(...sub(subschema, object[key], `${path}/${key}`).errors)
        evaluated.add(key)
      }
    }
  }
  if (isObject && schema.additionalProperties !== undefined) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const key of Object.keys(object).filter((k) => !(k in properties))) {
      errors.push(...sub(schema.additionalProperties as Schema, object[key], `${path}/${key}`).errors)
      evaluated.add(key)
    }
  }
  if (Array.isArray(instance) && schema.items !== undefined) {
    instance.forEach((item, index) => errors.push(...sub(schema.items as Schema, item, `${path}/${index}`).errors))
  }
  if (Array.isArray(schema.allOf)) {
    for (const subschema of schema.allOf as Schema[]) {
      merge(sub(subschema, instance, path))
    }
  }
  if (Array.isArray(schema.anyOf)) {
    const results = (schema.anyOf as Schema[]).map((subschema) => sub(subschema, instance, path))
    const passing = results.filter((result) => result.errors.length === 0)
    if (passing.length === 0) {
      errors.push({ path, message: 'must match at least one of anyOf' }, ...results.flatMap((result) => result.errors))
    }
    passing.forEach(merge)
  }
  if (Array.isArray(schema.oneOf)) {
    const results = (schema.oneOf as Schema[]).map((subschema) => sub(subschema, instance, path))
    const passing = results.filter((result) => result.errors.length === 0)
    if (passing.length !== 1) {
      errors.push({ path, message: `must match exactly one of oneOf, matches ${passing.length}` })
    }
    passing.forEach(merge)
  }
  // Last: it sees what every keyword above (and the $ref) evaluated.
  if (isObject && schema.unevaluatedProperties !== undefined) {
    for (const key of Object.keys(object).filter((k) => !evaluated.has(k))) {
      errors.push(...sub(schema.unevaluatedProperties as Schema, object[key], `${path}/${key}`).errors)
      evaluated.add(key)
    }
  }
  return { errors, evaluated }
}
