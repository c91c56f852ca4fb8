/**
 * What a request body may be, by route (app/middleware/body_middleware.ts applies it after
 * sign-in is checked). Sizes count after decompression. Bodies are kept exactly as sent
 * (validators trim where a field should be trimmed).
 */
import { defineConfig } from '@adonisjs/core/bodyparser'

/** Largest JSON or form body, in bytes (every route that takes a body). */
export const FORM_LIMIT_BYTES = 256 * 1024
/** Largest upload (a file, or a raw CSV/JSON body), in bytes: the import routes only. */
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024
/** Parts a multipart form may have, its file included. */
export const MULTIPART_MAX_FIELDS = 20

const methods = ['POST', 'PUT', 'PATCH', 'DELETE']
const form = {
  convertEmptyStringsToNull: true,
  trimWhitespaces: false,
  types: ['application/x-www-form-urlencoded'],
  limit: FORM_LIMIT_BYTES,
  queryString: { depth: 5, parameterLimit: 200, arrayLimit: 200 },
}
const json = {
  convertEmptyStringsToNull: false,
  trimWhitespaces: false,
  types: ['application/json', 'application/json-patch+json', 'application/vnd.api+json'],
  limit: FORM_LIMIT_BYTES,
}

/** Every route that takes a body: JSON or a form, nothing else. */
export default defineConfig({
  allowedMethods: methods,
  form,
  json,
  multipart: { types: [] },
  raw: { types: [] },
})

/**
 * The import routes: a multipart form whose `file` is read into memory (never a temporary
 * file), or the file's text as the body itself. JSON is taken as text here: the import
 * reads it.
 */
export const uploads = defineConfig({
  allowedMethods: methods,
  form: { ...form, types: [] },
  json: { ...json, types: [] },
  multipart: {
    types: ['multipart/form-data'],
    autoProcess: false,
    limit: UPLOAD_LIMIT_BYTES,
    maxFields: MULTIPART_MAX_FIELDS,
    fieldsLimit: '64kb',
    convertEmptyStringsToNull: true,
    trimWhitespaces: false,
  },
  raw: {
    types: ['text/csv', 'text/plain', 'application/json', 'application/xml', 'text/xml'],
    limit: UPLOAD_LIMIT_BYTES,
  },
})

/** The routes that take a list as JSON as large as a file (a reading order's entries). */
export const documents = defineConfig({
  allowedMethods: methods,
  form: { ...form, types: [] },
  json: { ...json, limit: UPLOAD_LIMIT_BYTES },
  multipart: { types: [] },
  raw: { types: [] },
})
