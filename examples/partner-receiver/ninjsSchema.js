import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

// ajv has no "exports" map, so Node's ESM loader needs the file's full name.
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

/**
 * Checking a pushed item against IPTC's ninjs 2.2 schema.
 *
 * - IPTC's schema (https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json) is JSON Schema draft
 *   2020-12: ajv's default build does not read it, its `ajv/dist/2020` build does. Its formats
 *   (`uri`, `date-time`) need `ajv-formats`.
 * - It references the GeoJSON schema (https://geojson.org/schema/GeoJSON.json) by that `$id`:
 *   add it with `addSchema` before compiling, or ajv cannot resolve the reference.
 * - ninjs 2.x allows no property it does not define, so the CMS's own data is in one extension
 *   property, `x_wangju`. Check the item without it against IPTC's schema, and, if you have the
 *   CMS's extension schema (`ninjs-wangju-extension_2.2.json`, `$id`
 *   `urn:wangju:ninjs:2.2:extension`, the item's `standard.schema`), the whole item against that.
 */

export const ninjsSchemaId = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json'
export const extensionSchemaId = 'urn:wangju:ninjs:2.2:extension'

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))

/** The first of `names` present in `dir`, or an error naming what is missing. */
const findIn = (dir, names) => {
  const found = names.map((name) => path.join(dir, name)).find((file) => existsSync(file))
  if (!found) {
    throw new Error(`${names.join(' or ')} is not in ${dir}`)
  }
  return found
}

/**
 * A function `(item) => problems` (an empty array when the item is valid), or null when
 * `schemaDir` is not given. `schemaDir` holds IPTC's `ninjs-schema_2.2.json` and the GeoJSON
 * schema (`GeoJSON-schema.json` or `GeoJSON.json`); `extensionSchema` is the path of the CMS's
 * extension schema (default: `ninjs-wangju-extension_2.2.json` in `schemaDir`, if it is there).
 */
export const loadNinjsValidator = ({ schemaDir, extensionSchema }) => {
  if (!schemaDir) {
    return null
  }
  // ajv's default strict mode: without ajv-formats compiling fails ("unknown format "uri""),
  // where `strict: false` would quietly skip checking every URI and date-time.
  const ajv = new Ajv2020({ allErrors: true })
  addFormats(ajv)
  ajv.addSchema(readJson(findIn(schemaDir, ['GeoJSON-schema.json', 'GeoJSON.json'])))
  ajv.addSchema(readJson(findIn(schemaDir, ['ninjs-schema_2.2.json'])))
  const extensionFile = extensionSchema ?? path.join(schemaDir, 'ninjs-wangju-extension_2.2.json')
  const hasExtension = existsSync(extensionFile)
  if (extensionSchema && !hasExtension) {
    throw new Error(`the extension schema ${extensionSchema} does not exist`)
  }
  if (hasExtension) {
    ajv.addSchema(readJson(extensionFile))
  }
  const ninjs = ajv.getSchema(ninjsSchemaId)
  const extended = hasExtension ? ajv.getSchema(extensionSchemaId) : null
  const problemsOf = (against, errors) =>
    (errors ?? []).map((error) => {
      const property = error.params?.additionalProperty ?? error.params?.unevaluatedProperty
      return `${against}: ${`${error.instancePath}${property ? `/${property}` : ''}` || '/'} ${error.message}`
    })
  const validate = (item) => {
    const { x_wangju: _extension, ...core } = item
    return [
      ...(ninjs(core) ? [] : problemsOf('ninjs 2.2', ninjs.errors)),
      ...(extended && !extended(item) ? problemsOf('ninjs 2.2 + x_wangju', extended.errors) : []),
    ]
  }
  validate.against = hasExtension ? ['ninjs 2.2', 'ninjs 2.2 + x_wangju'] : ['ninjs 2.2']
  return validate
}
