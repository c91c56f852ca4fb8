/*
 * Environment variables, validated when the application starts. Development and
 * test receive local defaults from bin/runtime.ts; production must set the
 * variables named in `requiredInProduction` and stops with one sentence if not.
 */
import { Env } from '@adonisjs/core/env'
import { trustedProxies } from '#services/trusted_proxies'
import { DICE } from '#domain/ladder'

const env = await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),
  APP_KEY: Env.schema.string.optional(),
  DATABASE_URL: Env.schema.string.optional(),
  DATABASE_POOL_MAX: Env.schema.number.optional(),
  JWT_SECRET: Env.schema.string.optional(),
  JWT_EXPIRES_DAYS: Env.schema.number.optional(),
  CORS_ORIGINS: Env.schema.string.optional(),
  SESSION_GAP_HOURS: Env.schema.number.optional(),
  START_DIE: Env.schema.enum.optional(DICE.map(String)),
  ENABLE_DEBUG_ROUTES: Env.schema.boolean.optional(),
  ENABLE_INTERNAL_OPS_ROUTES: Env.schema.boolean.optional(),
  TRUSTED_PROXIES: Env.schema.string.optional(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  MAIL_FROM: Env.schema.string.optional(),
  SUPPORT_CONTACT: Env.schema.string.optional(),
  MAIL_WORKER: Env.schema.enum.optional(['in-process', 'separate'] as const),
})

/** Stops start-up with one sentence naming what to fix, without a stack trace. */
export function stopStartup(problem: string): never {
  process.stderr.write(`\nComic Pile cannot start: ${problem}\n\n`)
  process.exit(1)
}

const requiredInProduction: Array<[string, (value: string | undefined) => string | null]> = [
  [
    'DATABASE_URL',
    (v) => (v ? null : 'DATABASE_URL is not set; give it the postgres:// URL of the database.'),
  ],
  [
    'APP_KEY',
    (v) =>
      v && v.length >= 32
        ? null
        : 'APP_KEY must be set to a random secret of at least 32 characters.',
  ],
  [
    'JWT_SECRET',
    (v) =>
      v && v.length >= 32
        ? null
        : 'JWT_SECRET must be set to a random secret of at least 32 characters.',
  ],
  [
    'CORS_ORIGINS',
    (v) =>
      v
        ? null
        : 'CORS_ORIGINS is not set; list the origins allowed to call /api, separated by commas.',
  ],
]

/**
 * Stops a production process when a variable it needs is missing: the server needs
 * them all, a command that touches the database (migrations, the CLI) only
 * DATABASE_URL; tooling (build, codegen) none.
 */
export function requireProductionSettings(options: { serving: boolean }) {
  if (env.get('NODE_ENV') !== 'production') return
  const needed = options.serving
    ? requiredInProduction
    : requiredInProduction.filter(([name]) => name === 'DATABASE_URL')
  for (const [name, check] of needed) {
    const problem = check(env.get(name as 'DATABASE_URL'))
    if (problem) stopStartup(problem)
  }
  // Mailed links point at APP_URL, never at a request's Host.
  if (options.serving && env.get('SMTP_HOST') && !env.get('APP_URL')) {
    stopStartup(
      'APP_URL is not set; with SMTP_HOST set, mailed links need the public URL of the app (https://…).'
    )
  }
}

const gap = env.get('SESSION_GAP_HOURS')
if (gap !== undefined && (gap < 1 || gap > 168)) {
  stopStartup('SESSION_GAP_HOURS must be between 1 and 168.')
}
const expires = env.get('JWT_EXPIRES_DAYS')
if (expires !== undefined && (expires < 1 || expires > 365)) {
  stopStartup('JWT_EXPIRES_DAYS must be between 1 and 365.')
}

try {
  trustedProxies(env.get('TRUSTED_PROXIES'))
} catch (error) {
  stopStartup((error as Error).message)
}

export default env
