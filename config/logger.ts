import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, destination, targets } from '@adonisjs/core/logger'
import { REDACTED_PATHS, redactSecrets } from '#services/log_redaction'

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'comic-pile',
      level: env.get('LOG_LEVEL') ?? (app.inTest ? 'silent' : 'info'),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: {
        log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
      },
      // Production writes JSON lines straight to stdout from the main thread (no
      // transport worker: it costs a second V8 heap); development pretty-prints.
      ...(app.inProduction
        ? { destination: destination(1) }
        : { transport: { targets: targets().push(targets.pretty()).toArray() } }),
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
