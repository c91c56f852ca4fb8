/**
 * The text files of public/ (the stylesheet, the script, the icon, the manifest, the
 * sample CSV), each read once with its compressed forms: the `.br` and `.gz` files the
 * build wrote beside it (bin/precompress.js), else made once when first asked for.
 * No request compresses them again.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import app from '@adonisjs/core/services/app'

/** Extensions of the text files served from here, with their types. */
export const TEXT_ASSET_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  webmanifest: 'application/manifest+json',
  csv: 'text/csv; charset=utf-8',
}

export interface TextAsset {
  type: string
  etag: string
  plain: Buffer
  br: Buffer
  gzip: Buffer
}

const assets = new Map<string, TextAsset | null>()

/** The compressed form of `plain` the build wrote beside `file`, else made now. */
function compressed(file: string, ext: 'br' | 'gz', plain: Buffer) {
  if (existsSync(`${file}.${ext}`)) return readFileSync(`${file}.${ext}`)
  return ext === 'br'
    ? brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
    : gzipSync(plain, { level: 9 })
}

/** The text asset at a path of public/ (`/app.css`), or null when there is none. */
export function textAsset(path: string): TextAsset | null {
  if (assets.has(path)) return assets.get(path)!
  const ext = /\.([a-z]+)$/.exec(path)?.[1] ?? ''
  const type = TEXT_ASSET_TYPES[ext]
  const file = app.publicPath(path.slice(1))
  let asset: TextAsset | null = null
  if (type && !path.includes('..') && existsSync(file)) {
    const plain = readFileSync(file)
    asset = {
      type,
      etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 16)}"`,
      plain,
      br: compressed(file, 'br', plain),
      gzip: compressed(file, 'gz', plain),
    }
  }
  // In development a changed file is read again; in production the files never change.
  if (app.inProduction) assets.set(path, asset)
  return asset
}
