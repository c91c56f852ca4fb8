import pg from 'pg'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'

/** A database shaped like the earlier app, loaded from the fixture, in the test cluster. */
export async function createLegacyDatabase(name = 'legacy_fixture') {
  const url = new URL(process.env.DATABASE_URL!)
  url.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  url.pathname = `/${name}`
  const legacy = new pg.Client({ connectionString: url.toString() })
  await legacy.connect()
  await legacy.query(await readFile(app.makePath('tests/fixtures/legacy-comic-pile.sql'), 'utf8'))
  await legacy.end()
  return url.toString()
}
