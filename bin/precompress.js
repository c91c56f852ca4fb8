/*
 * `npm run build`, last step: writes the compressed forms (`.br`, `.gz`) of the text
 * files of the built public/ beside them, so the server compresses none of them
 * (app/http/text_assets.ts reads them). Usage: node bin/precompress.js build/public
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const TEXT = /\.(css|js|svg|webmanifest|csv)$/
const root = process.argv[2] ?? 'build/public'
let count = 0

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else if (TEXT.test(entry.name)) {
      const plain = readFileSync(path)
      writeFileSync(
        `${path}.br`,
        brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      )
      writeFileSync(`${path}.gz`, gzipSync(plain, { level: 9 }))
      count += 1
    }
  }
}

walk(root)
console.log(`precompressed ${count} text files in ${root}`)
