import { defineConfig, stores } from '@adonisjs/lock'

/** Locks live in PostgreSQL (the `locks` table), so every app process sees the same ones. */
const lockConfig = defineConfig({
  default: 'database',
  stores: {
    database: stores.database({ tableName: 'locks' }),
  },
})

export default lockConfig

declare module '@adonisjs/lock/types' {
  export interface LockStoresList extends InferLockStores<typeof lockConfig> {}
}
