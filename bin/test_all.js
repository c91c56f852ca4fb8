/*
 * `npm test`: installs Debian's chromium for the browser suite when it is missing
 * (as root), runs every Japa suite (or the ones named in the arguments) and ends
 * with a plain "N passed, N failed" line. The generated files are made first (bin/codegen.js).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { codegen } from './codegen.js'

const args = process.argv.slice(2)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const wantsBrowser =
  args.length === 0 ||
  args.includes('browser') ||
  !args.some((a) => ['unit', 'functional'].includes(a))

function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  if (process.getuid?.() !== 0) {
    console.error(
      `The browser tests need Chromium at ${CHROMIUM}. Install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH) and run npm test again.`
    )
    process.exit(1)
  }
  console.log('Installing Debian chromium for the browser tests…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  const result = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env,
  })
  if (result.status !== 0 || !existsSync(CHROMIUM)) {
    console.error(
      'Could not install chromium with apt-get; install it by hand and run npm test again.'
    )
    process.exit(1)
  }
}

if (wantsBrowser) ensureChromium()
if (codegen() !== 0) process.exit(1)

const child = spawn(
  process.execPath,
  ['--import=@poppinss/ts-exec', '--enable-source-maps', 'bin/test.ts', ...args],
  {
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  }
)

let tail = ''
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  tail = (tail + chunk.toString()).slice(-4000)
})

child.on('close', (code) => {
  const plain = tail.replace(/\u001b\[[0-9;]*m/g, '')
  const line =
    plain
      .split('\n')
      .reverse()
      .find((l) => /^\s*Tests\s/.test(l)) ?? ''
  const count = (word) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0)
  const failed = count('failed')
  const skipped = count('skipped') + count('todo')
  const passed = count('passed')
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(code ?? (failed ? 1 : 0))
})
