import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

/**
 * Pushed items checked the way a partner would: IPTC's ninjs 2.2 schema (JSON Schema draft
 * 2020-12, which references the GeoJSON schema) with ajv's 2020 build and ajv-formats. IPTC's
 * schemas are not ours to commit: they are read from `../shared/schemas/` beside the checkout
 * (the project's shared folder); our own extension schema is in the plugin's utilities.
 */

export type SchemaError = { path: string; message: string }

/** Where IPTC's ninjs 2.2 schema and the GeoJSON schema it references are kept, outside the repository. */
export const sharedSchemasDir = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'schemas',
)

const readShared = (file: string): Record<string, unknown> => {
  const location = path.join(sharedSchemasDir, file)
  if (!existsSync(location)) {
    throw new Error(
      `IPTC's ${file} is not at ${location}: the tests read IPTC's schemas from ../shared/schemas/ beside the checkout ` +
        '(they are not committed to this repository). Put ninjs-schema_2.2.json and GeoJSON-schema.json there.',
    )
  }
  return JSON.parse(readFileSync(location, 'utf8')) as Record<string, unknown>
}

const readOwn = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../utilities/${file}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >

/** Validators over IPTC's ninjs 2.2 schema and our extension. */
export const ninjsValidator = () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats(ajv)
  ajv.addSchema(readShared('GeoJSON-schema.json'))
  ajv.addSchema(readShared('ninjs-schema_2.2.json'))
  ajv.addSchema(readOwn('ninjs-wangju-extension_2.2.json'))
  const against = (id: string) => {
    const validate = ajv.getSchema(id)
    if (!validate) {
      throw new Error(`no schema ${id}`)
    }
    return (instance: unknown): SchemaError[] =>
      validate(instance)
        ? []
        : (validate.errors ?? []).map((error) => {
            // A property the schema does not allow is named in the path, where a reader looks for it.
            const property =
              (error.params as { additionalProperty?: string; unevaluatedProperty?: string })
                .additionalProperty ??
              (error.params as { unevaluatedProperty?: string }).unevaluatedProperty
            return {
              path: property ? `${error.instancePath}/${property}` : error.instancePath,
              message: error.message ?? error.keyword,
            }
          })
  }
  return {
    /** Against IPTC's schema alone (no extension allowed). */
    ninjs: against('http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json'),
    /** Against ninjs 2.2 plus `x_wangju`: what every push item must pass. */
    extended: against('urn:wangju:ninjs:2.2:extension'),
  }
}
