import { defineConfig, drivers } from '@adonisjs/core/hash'

/** scrypt with a cost of 2^15: about 50 ms a hash on two cores, no native module. */
const hashConfig = defineConfig({
  default: 'scrypt',
  list: {
    scrypt: drivers.scrypt({
      cost: 32768,
      blockSize: 8,
      parallelization: 1,
      maxMemory: 64 * 1024 * 1024,
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}
