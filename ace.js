/*
 * Entry point of the ace command line. It runs the TypeScript sources through
 * ts-exec; production builds replace this file with one that imports the compiled
 * bin/console.js.
 */
import '@poppinss/ts-exec'

await import('./bin/console.ts')
