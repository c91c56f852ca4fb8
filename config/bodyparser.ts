/** Bodies are kept exactly as sent (passwords are checked as typed); validators trim where a field should be trimmed. */
import { defineConfig } from '@adonisjs/core/bodyparser'

export default defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    trimWhitespaces: false,
    types: ['application/x-www-form-urlencoded'],
    limit: '256kb',
    queryString: { depth: 5, parameterLimit: 200, arrayLimit: 200 },
  },
  json: {
    convertEmptyStringsToNull: false,
    trimWhitespaces: false,
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
    limit: '256kb',
  },
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: true,
    trimWhitespaces: false,
    processManually: [],
    limit: '6mb',
    types: ['multipart/form-data'],
  },
  raw: {
    types: ['text/csv', 'text/plain'],
    limit: '5mb',
  },
})
