/*
 * `npm run bench`: builds the production server, starts it on an embedded
 * PostgreSQL, seeds 1,000 readers (200 threads and 50 sessions each) plus one
 * reader with 10,000 threads, and measures pages and API calls with autocannon at
 * 1 and 32 connections. Prints requests/s, p50/p99 latency, SQL statements per
 * request (counted by the database server), the ratio to a trivial route, the
 * machine's floor for an action (bench/floor.js), the 10,000-thread reader against a
 * 200-thread one (roll, rate, a rate of a thread listing its issues, a queue move, a
 * snooze, the queue page), a reader with two strict reading orders against one without, a
 * roll page with tonight's filter against the same without, a year in review of 10,000
 * events against the history page, the server's RSS, and
 * PASS/FAIL against the budgets; writes bench/results/latest.json.
 *
 * Options: --skip-build, --duration=<seconds> (default 6), --only=<text> (run only the
 * scenarios whose name contains it), --profile (write a CPU profile of the server to
 * tmp/profiles/ when it stops), --show-sql (print the statements of one round of each
 * scenario), --db-profile (print each scenario's costliest statements at 32 connections,
 * from pg_stat_statements).
 */
import { fork, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import autocannon from 'autocannon'

const ROOT = new URL('..', import.meta.url).pathname
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')))
const DURATION = Number(args.get('duration') ?? 6)
const WARM_UP = 2
const PAIRED = 3
const started = Date.now()
const say = (line) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`)

if (!args.has('skip-build')) {
  say('building the production server')
  const build = spawnSync(process.execPath, ['ace', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) process.exit(1)
}

const { startEmbeddedPostgres, dataDirectory } = await import(
  join(ROOT, 'build/database/embedded_postgres.js')
)
const { freePort } = await import(join(ROOT, 'build/database/free_port.js'))

/* 1. Database, counting statements in its log while `counting` is on. */
let counting = false
let statements = 0
let logged = []
const dataDir = dataDirectory(ROOT, `bench-${process.pid}`)
rmSync(dataDir, { recursive: true, force: true })
const database = await startEmbeddedPostgres({
  dataDir,
  persistent: false,
  settings: args.has('db-profile')
    ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on']
    : [],
  serverLog: (message) => {
    if (!counting) return
    statements += (message.match(/LOG: {2}(statement|execute [^:]*):/g) ?? []).length
    if (args.has('show-sql')) logged.push(message.trim())
  },
})
const sql = new pg.Client({ connectionString: database.url })
await sql.connect()
if (args.has('db-profile')) await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
const env = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: String(await freePort()),
  DATABASE_URL: database.url,
  DATABASE_POOL_MAX: '20',
  APP_KEY: randomBytes(32).toString('hex'),
  JWT_SECRET: randomBytes(32).toString('hex'),
  CORS_ORIGINS: 'http://127.0.0.1',
  LOG_LEVEL: 'warn',
}
const BASE = `http://${env.HOST}:${env.PORT}`

let server
async function shutdown(code) {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  await sql.end().catch(() => {})
  await database.stop().catch(() => {})
  process.exit(code)
}
process.on('SIGINT', () => shutdown(130))

try {
  say('applying migrations')
  const migrate = spawnSync(process.execPath, ['build/ace.js', 'migration:run', '--force'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  })
  if (migrate.status !== 0) throw new Error(migrate.stderr || migrate.stdout)

  /* 2. The server, as `npm start` runs it: its Node flags and environment come from that script. */
  say('starting the server')
  const { startCommand } = await import(join(ROOT, 'build/bin/start_flags.js'))
  const { nodeFlags, env: startEnv } = startCommand(ROOT)
  const profile = args.has('profile')
    ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'tmp/profiles')}`]
    : []
  server = spawn(process.execPath, [...nodeFlags, ...profile, 'build/bin/server.js'], {
    cwd: ROOT,
    env: { ...env, ...startEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  /* 3. Seed: one real registration gives the password hash every seeded reader shares. */
  say(
    'seeding 1,000 readers × 200 threads × 50 sessions, one reader with 10,000 threads and one with 100,000'
  )
  const PASSWORD = 'bench passphrase 2026'
  const first = await fetch(`${BASE}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench0@example.com', password: PASSWORD }),
  })
  if (first.status !== 201) throw new Error(`registration failed: ${first.status}`)
  const {
    rows: [{ password: hash }],
  } = await sql.query(`SELECT password FROM users WHERE email = 'bench0@example.com'`)
  await sql.query(
    `INSERT INTO users (email, password) SELECT 'bench' || g || '@example.com', $1 FROM generate_series(1, 1000) g`,
    [hash]
  )
  await sql.query(`INSERT INTO users (email, password) VALUES ('big@example.com', $1)`, [hash])
  await sql.query(`INSERT INTO users (email, password) VALUES ('huge@example.com', $1)`, [hash])
  await sql.query(`INSERT INTO users (email, password) VALUES ('orders@example.com', $1)`, [hash])
  await sql.query(`INSERT INTO users (email, password) VALUES ('reviewer@example.com', $1)`, [hash])
  // The 100,000-thread pile searched below: titles of a few words, as readers' are
  await sql.query(
    `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key, last_activity_at)
     SELECT u.id, 'Thread ' || lpad(t::text, 6, '0') || ' ' ||
            (ARRAY['Amazing Spider-Man', 'Saga', 'Hellboy', 'The Sandman', 'Paper Girls'])[1 + t % 5],
            'Issue', 12, t::bigint * 1048576, now()
       FROM users u, generate_series(1, 100000) t WHERE u.email = 'huge@example.com'`
  )
  await sql.query(
    `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key, last_activity_at)
     SELECT u.id, 'Thread ' || t, 'Trade', 100000, t::bigint * 1048576, now() - (t || ' hours')::interval
       FROM users u, generate_series(1, 200) t
      WHERE u.email LIKE 'bench%' OR u.email IN ('orders@example.com', 'reviewer@example.com')`
  )
  await sql.query(
    `INSERT INTO threads (user_id, title, format, issues_remaining, sort_key, last_activity_at)
     SELECT u.id, 'Big ' || t, 'Issue', 100000, t::bigint * 1048576, now() - (t || ' minutes')::interval
       FROM users u, generate_series(1, 10000) t WHERE u.email = 'big@example.com'`
  )
  await sql.query(
    `INSERT INTO reading_sessions (user_id, started_at, ended_at, last_activity_at, start_die, current_die)
     SELECT u.id, now() - (s * 2 || ' days')::interval, now() - (s * 2 || ' days')::interval + interval '2 hours',
            now() - (s * 2 || ' days')::interval + interval '2 hours', 6, 4
       FROM users u, generate_series(1, 50) s WHERE u.email <> 'reviewer@example.com'`
  )
  // The reviewer: a year of 304 evenings of 33 events each (16 rolls and ratings, a
  // snooze), spread from the first of January to now: 10,032 events in this year.
  await sql.query(
    `INSERT INTO reading_sessions (user_id, started_at, ended_at, last_activity_at, start_die, current_die)
     SELECT u.id, y.start + (now() - y.start - interval '3 hours') * s / 304,
            y.start + (now() - y.start - interval '3 hours') * s / 304 + interval '2 hours',
            y.start + (now() - y.start - interval '3 hours') * s / 304 + interval '2 hours', 6, 6
       FROM users u, (SELECT date_trunc('year', now()) AS start) y, generate_series(0, 303) s
      WHERE u.email = 'reviewer@example.com';
     INSERT INTO events (user_id, session_id, type, thread_id, thread_title, die, result,
                         selection_method, rating, issues_read, die_after, queue_move, created_at)
     SELECT s.user_id, s.id, kind, t.id, t.title, (ARRAY[4, 6, 8, 10, 12, 20])[1 + n % 6],
            CASE WHEN kind = 'roll' THEN 1 END, CASE WHEN kind = 'roll' THEN 'random' END,
            CASE WHEN kind = 'rate' THEN 0.5 + (n % 10) * 0.5 END,
            CASE WHEN kind = 'rate' THEN 1 + n % 2 END,
            CASE WHEN kind = 'rate' THEN 6 END, CASE WHEN kind = 'rate' THEN 'back' END,
            s.started_at + n * interval '3 minutes'
       FROM reading_sessions s
       JOIN users u ON u.id = s.user_id AND u.email = 'reviewer@example.com'
       CROSS JOIN generate_series(0, 32) n
       CROSS JOIN LATERAL (SELECT CASE WHEN n = 32 THEN 'snoozed' WHEN n % 2 = 0 THEN 'roll'
                                       ELSE 'rate' END AS kind) k
       JOIN LATERAL (SELECT id, title FROM threads WHERE user_id = s.user_id
                      ORDER BY id OFFSET (s.id + n) % 200 LIMIT 1) t ON true`
  )
  await sql.query(
    `INSERT INTO events (user_id, session_id, type, thread_title, die, result, selection_method, created_at)
     SELECT s.user_id, s.id, 'roll', 'Thread 1', 6, 1, 'random', s.started_at + interval '10 minutes' FROM reading_sessions s;
     INSERT INTO events (user_id, session_id, type, thread_title, die, rating, issues_read, die_after, queue_move, created_at)
     SELECT s.user_id, s.id, 'rate', 'Thread 1', 6, 4.5, 1, 4, 'front', s.started_at + interval '90 minutes' FROM reading_sessions s;
     ANALYZE`
  )

  /* 4. Credentials for 33 readers (API token and page cookie) and the big reader. */
  async function signIn(email) {
    const api = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    const { token } = await api.json()
    const form = await fetch(`${BASE}/login`)
    const csrf = /name='_csrf' value='([^']+)'/.exec(await form.text())[1]
    const jar = form.headers.getSetCookie().map((c) => c.split(';')[0])
    const page = await fetch(`${BASE}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': jar.join('; ') },
      body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }),
    })
    // Every cookie a browser would keep after signing in (the token and the session),
    // once it has followed the redirect and shown the sign-in's flash message.
    const cookies = new Map()
    const keep = (response) => {
      for (const cookie of response.headers.getSetCookie().map((c) => c.split(';')[0])) {
        cookies.set(cookie.slice(0, cookie.indexOf('=')), cookie)
      }
    }
    for (const cookie of jar) cookies.set(cookie.slice(0, cookie.indexOf('=')), cookie)
    keep(page)
    const landing = await fetch(`${BASE}${page.headers.get('location')}`, {
      headers: { cookie: [...cookies.values()].join('; ') },
    })
    await landing.arrayBuffer()
    keep(landing)
    const {
      rows: [{ id }],
    } = await sql.query('SELECT id FROM users WHERE email = $1', [email])
    return { id, token, cookie: [...cookies.values()].join('; ') }
  }
  say('signing in the readers used by the load')
  const readers = []
  for (let i = 1; i <= 33; i++) readers.push(await signIn(`bench${i}@example.com`))
  const big = await signIn('big@example.com')
  const huge = await signIn('huge@example.com')
  const ordered = await signIn('orders@example.com')
  // Two strict reading orders of 2,000 entries, each across 20 threads of 100 issues
  for (const event of ['A', 'B']) {
    const entries = []
    for (let n = 1; n <= 100; n++) {
      for (let k = 1; k <= 20; k++)
        entries.push({ series: `Event ${event} tie-in ${k}`, number: String(n) })
    }
    const made = await fetch(`${BASE}/api/orders`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${ordered.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Event ${event}`, mode: 'strict', entries }),
    })
    if (made.status !== 201) throw new Error(`order: ${made.status}`)
  }
  const serverPid = server.pid

  /*
   * CPU time (ms) used so far by the server and by the database server (the postmaster,
   * its live backends, and the backends it has reaped). Per request, this is steadier
   * than requests/s on a shared machine.
   */
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  const TICK_MS = 10 // USER_HZ is 100 on Linux
  const statOf = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return {
        ppid: Number(fields[1]),
        own: Number(fields[11]) + Number(fields[12]),
        reaped: Number(fields[13]) + Number(fields[14]),
      }
    } catch {
      return null
    }
  }
  function cpuUsed() {
    const main = statOf(postmaster)
    let database = main.own + main.reaped
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue
      const stat = statOf(name)
      if (stat?.ppid === postmaster) database += stat.own
    }
    return { server: statOf(serverPid).own * TICK_MS, database: database * TICK_MS }
  }

  /* 5. Scenarios. */
  const pageOf = (path) => ({ path, headers: (r) => ({ cookie: r.cookie }) })
  const apiOf = (method, path, body) => ({
    method,
    path,
    body,
    headers: (r) => ({ 'authorization': `Bearer ${r.token}`, 'content-type': 'application/json' }),
  })
  const SCENARIOS = {
    'ceiling (GET /livez)': [{ path: '/livez', headers: () => ({}) }],
    'roll page (GET /)': [pageOf('/')],
    'queue page (GET /queue)': [pageOf('/queue')],
    // The same pages as a browser asks for them: what compression costs per page.
    'roll page, compressed (br)': [
      { path: '/', headers: (r) => ({ 'cookie': r.cookie, 'accept-encoding': 'br, gzip' }) },
    ],
    'queue page, compressed (br)': [
      { path: '/queue', headers: (r) => ({ 'cookie': r.cookie, 'accept-encoding': 'br, gzip' }) },
    ],
    'history page (GET /history)': [pageOf('/history')],
    'GET /api/session': [apiOf('GET', '/api/session')],
    'roll → rate (API)': [
      apiOf('POST', '/api/roll'),
      apiOf('POST', '/api/rate', JSON.stringify({ rating: 4 })),
    ],
  }

  async function countStatements(steps, reader, rounds = 10) {
    // Let requests still queued from the previous load finish first, and warm the
    // reader's token (its last-used time is written at most every five minutes).
    await new Promise((resolve) => setTimeout(resolve, 1500))
    for (const step of steps) {
      const warm = await fetch(`${BASE}${step.path}`, {
        method: step.method ?? 'GET',
        headers: step.headers(reader),
        body: step.body,
      })
      await warm.arrayBuffer()
    }
    await sql.query(`ALTER SYSTEM SET log_statement = 'all'`)
    await sql.query('SELECT pg_reload_conf()')
    await new Promise((resolve) => setTimeout(resolve, 300))
    statements = 0
    logged = []
    counting = true
    for (let i = 0; i < rounds; i++) {
      for (const step of steps) {
        const response = await fetch(`${BASE}${step.path}`, {
          method: step.method ?? 'GET',
          headers: step.headers(reader),
          body: step.body,
        })
        await response.arrayBuffer()
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
    counting = false
    if (args.has('show-sql')) {
      const perRound = Math.round(logged.length / rounds)
      console.log(logged.slice(-perRound).join('\n'))
    }
    await sql.query(`ALTER SYSTEM RESET log_statement`)
    await sql.query('SELECT pg_reload_conf()')
    return statements / (rounds * steps.length)
  }

  function load(steps, connections, duration = DURATION, url = BASE) {
    // A reader is leased for one pass over the steps (a roll and its rate), so no two
    // connections ever act for the same reader, whatever autocannon does with its
    // per-connection context; with 33 readers for 32 connections one is always free.
    const free = [...readers]
    const last = steps.length - 1
    return new Promise((resolve, reject) => {
      autocannon(
        {
          url,
          connections,
          duration,
          requests: steps.map((step, index) => ({
            method: step.method ?? 'GET',
            path: step.path,
            body: step.body,
            setupRequest: (request, context) => {
              if (index === 0) context.reader = free.shift()
              return {
                ...request,
                headers: { ...request.headers, ...step.headers(context.reader) },
              }
            },
            onResponse: (status, body, context) => {
              if (index === last && context.reader) free.push(context.reader)
            },
          })),
        },
        (error, result) => (error ? reject(error) : resolve(result))
      )
    })
  }

  /** The statements that cost the database most in the last load, per request of it. */
  async function printStatementCosts(requests) {
    const { rows } = await sql.query(
      `SELECT calls, total_plan_time AS plan, total_exec_time AS exec, query
         FROM pg_stat_statements WHERE calls > 0 AND query NOT LIKE '%pg_stat_statements%'
        ORDER BY total_plan_time + total_exec_time DESC LIMIT 8`
    )
    console.table(
      rows.map((row) => ({
        'calls/req': Math.round((row.calls / requests) * 100) / 100,
        'plan ms/call': Math.round((row.plan / row.calls) * 1000) / 1000,
        'exec ms/call': Math.round((row.exec / row.calls) * 1000) / 1000,
        'statement': row.query.replace(/\s+/g, ' ').slice(0, 90),
      }))
    )
  }

  const results = {}
  for (const [name, steps] of Object.entries(SCENARIOS)) {
    if (args.has('only') && !name.startsWith('ceiling') && !name.includes(args.get('only'))) {
      continue
    }
    const queries = await countStatements(steps, readers[32])
    const one = await load(steps, 1)
    // Two seconds of the same load first, not measured: the database connections the
    // pool opens for it have prepared and planned their statements, and the server's
    // code is optimised, as on a server that has been up for a while.
    await load(steps, 32, WARM_UP)
    if (args.has('db-profile')) await sql.query('SELECT pg_stat_statements_reset()')
    const before = cpuUsed()
    const many = await load(steps, 32)
    const after = cpuUsed()
    if (args.has('db-profile')) await printStatementCosts(many.requests.total)
    const perRequest = (key) =>
      Math.round(((after[key] - before[key]) / Math.max(1, many.requests.total)) * 100) / 100
    results[name] = {
      queries_per_request: Math.round(queries * 10) / 10,
      c1: {
        rps: Math.round(one.requests.average),
        p50: one.latency.p50,
        p99: one.latency.p99,
        errors: one.non2xx + one.errors,
      },
      c32: {
        server_cpu_ms: perRequest('server'),
        db_cpu_ms: perRequest('database'),
        rps: Math.round(many.requests.average),
        p50: many.latency.p50,
        p99: many.latency.p99,
        errors: many.non2xx + many.errors,
      },
      status_codes: { c1: one.statusCodeStats, c32: many.statusCodeStats },
    }
    say(`${name}: ${results[name].c32.rps} req/s at 32 connections`)
  }

  /*
   * The machine's floor for an action (bench/floor.js): the statement skeleton of an
   * action on a bare node:http server, same database, same load. A reference for the
   * cycle's budget, not a budget of its own.
   */
  let floor = null
  if (results['roll → rate (API)']) {
    say('measuring the floor: the statements of an action on a bare node:http server')
    const port = String(await freePort())
    const child = fork(join(ROOT, 'bench/floor.js'), [], {
      env: {
        PATH: env.PATH,
        DATABASE_URL: env.DATABASE_URL,
        DATABASE_POOL_MAX: env.DATABASE_POOL_MAX,
        PORT: port,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    await new Promise((resolve, reject) => {
      child.once('message', resolve)
      child.once('exit', (code) => reject(new Error(`bench/floor.js exited with ${code}`)))
    })
    const steps = [{ method: 'POST', path: '/', headers: (r) => ({ 'x-reader': String(r.id) }) }]
    const floorBase = `http://127.0.0.1:${port}`
    const one = await load(steps, 1, DURATION, floorBase)
    await load(steps, 32, WARM_UP, floorBase)
    const many = await load(steps, 32, DURATION, floorBase)
    child.removeAllListeners('exit')
    child.kill('SIGTERM')
    floor = {
      c1: { rps: Math.round(one.requests.average), p50: one.latency.p50, p99: one.latency.p99 },
      c32: { rps: Math.round(many.requests.average), p50: many.latency.p50, p99: many.latency.p99 },
      errors: one.non2xx + one.errors + many.non2xx + many.errors,
    }
    say(`floor: ${floor.c32.rps} req/s at 32 connections`)
  }

  /* 6. Cost must not grow with the pile: 200-thread reader vs 10,000-thread reader. */
  async function timed(reader, rounds) {
    const api = (method, path, body) =>
      fetch(`${BASE}${path}`, {
        method,
        headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'application/json' },
        body,
      }).then(async (r) => {
        const json = await r.json()
        if (r.status >= 400) throw new Error(`${path}: ${r.status}`)
        return json
      })
    const page = (path) =>
      fetch(`${BASE}${path}`, { headers: { cookie: reader.cookie } }).then(async (r) => {
        await r.arrayBuffer()
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
      })
    const totals = {
      'roll': 0,
      'rate': 0,
      'issue-tracked rate': 0,
      'move': 0,
      'snooze': 0,
      'queue page': 0,
    }
    // A thread listing 1,000 issues: picked by hand each round and rated one issue on.
    if (!reader.listed) {
      const listed = await api(
        'POST',
        '/api/threads',
        JSON.stringify({ title: 'Listed issues', format: 'Issue', issues_remaining: 1 })
      )
      await api('POST', `/api/threads/${listed.id}/issues`, JSON.stringify({ numbers: '1-1000' }))
      reader.listed = listed.id
    }
    for (let i = 0; i < rounds; i++) {
      let t = performance.now()
      const rolled = await api('POST', '/api/roll')
      totals.roll += performance.now() - t
      t = performance.now()
      await api('POST', '/api/rate', JSON.stringify({ rating: i % 2 ? 4 : 2 }))
      totals.rate += performance.now() - t
      t = performance.now()
      await api('POST', `/api/queue/${rolled.thread.id}/back`)
      totals.move += performance.now() - t
      // A snooze of the next pick, then it is brought back (untimed) for the next round.
      const next = await api('POST', '/api/roll')
      t = performance.now()
      await api('POST', '/api/roll/snooze')
      totals.snooze += performance.now() - t
      await api('DELETE', `/api/session/snoozes/${next.thread.id}`)
      await api('POST', '/api/roll/override', JSON.stringify({ thread_id: reader.listed }))
      t = performance.now()
      await api('POST', '/api/rate', JSON.stringify({ rating: 4, issues_read: 1 }))
      totals['issue-tracked rate'] += performance.now() - t
      t = performance.now()
      await page('/queue')
      totals['queue page'] += performance.now() - t
    }
    return Object.fromEntries(
      Object.entries(totals).map(([k, v]) => [k, Math.round((v / rounds) * 100) / 100])
    )
  }
  /*
   * The roll page against the ceiling, paired: this machine's speed drifts within a
   * run, so the share is measured as the median of three back-to-back pairs of short
   * loads (ceiling, then roll page) rather than from two loads a minute apart.
   */
  let rollShare = null
  if (results['roll page (GET /)']) {
    say('pairing the roll page with the ceiling')
    const shares = []
    for (let round = 0; round < 3; round++) {
      const ceilingNow = await load(SCENARIOS['ceiling (GET /livez)'], 32, PAIRED)
      const rollNow = await load(SCENARIOS['roll page (GET /)'], 32, PAIRED)
      shares.push(rollNow.requests.average / ceilingNow.requests.average)
    }
    rollShare = shares.sort((a, b) => a - b)[1]
  }

  say('comparing the 200-thread reader with the 10,000-thread reader')
  await timed(readers[31], 20)
  await timed(big, 20)
  const small = await timed(readers[31], 150)
  const large = await timed(big, 150)

  /*
   * 6a. A reader with two strict orders of 2,000 entries against one with none, one
   * connection at a time, taking turns: the roll page, and a roll and its rate.
   */
  async function orderCosts(readersCompared, rounds) {
    const times = readersCompared.map(() => ({ 'roll page': [], 'roll → rate': [] }))
    // The readers take turns, a round each, so that the machine's drift falls on both alike.
    for (let i = 0; i < rounds; i++) {
      for (const [index, reader] of readersCompared.entries()) {
        const headers = {
          'authorization': `Bearer ${reader.token}`,
          'content-type': 'application/json',
        }
        let t = performance.now()
        const page = await fetch(`${BASE}/`, { headers: { cookie: reader.cookie } })
        await page.arrayBuffer()
        times[index]['roll page'].push(performance.now() - t)
        t = performance.now()
        for (const [path, body] of [['/api/roll'], ['/api/rate', JSON.stringify({ rating: 4 })]]) {
          const answer = await fetch(`${BASE}${path}`, { method: 'POST', headers, body })
          await answer.arrayBuffer()
          if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`)
        }
        times[index]['roll → rate'].push(performance.now() - t)
      }
    }
    const mid = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    return times.map((own) =>
      Object.fromEntries(Object.entries(own).map(([k, v]) => [k, Math.round(mid(v) * 100) / 100]))
    )
  }
  say('comparing a reader with two strict orders of 2,000 entries with one without orders')
  await orderCosts([readers[30], ordered], 20)
  const [withoutOrders, withOrders] = await orderCosts([readers[30], ordered], 200)
  const orderStatements = {
    'roll page': await countStatements([pageOf('/')], ordered, 5),
    'roll → rate': await countStatements(SCENARIOS['roll → rate (API)'], ordered, 5),
  }

  /*
   * 6b. Tonight's filter: the roll page of a reader of 200 threads with "only horror, no
   * capes" set (a third of the pile carries horror, a fifth capes) against a reader seeded
   * and tagged alike without one, one request at a time, the two taking turns so that the
   * machine's drift falls on both alike.
   */
  const rollPageTimes = async (compared, rounds) => {
    const times = compared.map(() => [])
    for (let i = 0; i < rounds; i++) {
      for (const [index, reader] of compared.entries()) {
        const t = performance.now()
        const page = await fetch(`${BASE}/`, { headers: { cookie: reader.cookie } })
        await page.arrayBuffer()
        if (page.status !== 200) throw new Error(`roll page: ${page.status}`)
        times[index].push(performance.now() - t)
      }
    }
    const mid = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    return times.map((own) => Math.round(mid(own) * 100) / 100)
  }
  const tagged = await signIn('bench40@example.com')
  const untagged = await signIn('bench41@example.com')
  for (const reader of [tagged, untagged]) {
    await sql.query(
      `UPDATE threads SET tags = t.tags, tag_keys = t.tags
         FROM (SELECT id, array_remove(ARRAY[CASE WHEN id % 3 = 0 THEN 'horror' END,
                                             CASE WHEN id % 5 = 0 THEN 'capes' END], NULL) AS tags
                 FROM threads WHERE user_id = $1) AS t
        WHERE threads.id = t.id`,
      [reader.id]
    )
  }
  const filterCall = (reader, method, body) =>
    fetch(`${BASE}/api/session/filter`, {
      method,
      headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'application/json' },
      body,
    }).then((r) => {
      if (r.status !== 200) throw new Error(`filter: ${r.status}`)
      return r.arrayBuffer()
    })
  say('comparing a roll page with tonight’s filter set with one without')
  // Both evenings current: one with the filter set, the other's set and cleared.
  const tonight = JSON.stringify({ include: ['horror'], exclude: ['capes'] })
  await filterCall(tagged, 'POST', tonight)
  await filterCall(untagged, 'POST', tonight)
  await filterCall(untagged, 'DELETE')
  await rollPageTimes([tagged, untagged], 20)
  const [withFilter, withoutFilter] = await rollPageTimes([tagged, untagged], 100)
  const filterStatements = await countStatements([pageOf('/')], tagged, 5)

  /*
   * 6c. A year in review of 10,000 events against the history page of the same reader, one
   * request at a time.
   */
  const pageMs = async (reader, path, rounds) => {
    const times = []
    for (let i = 0; i < rounds; i++) {
      const t = performance.now()
      const page = await fetch(`${BASE}${path}`, { headers: { cookie: reader.cookie } })
      await page.arrayBuffer()
      if (page.status !== 200) throw new Error(`${path}: ${page.status}`)
      times.push(performance.now() - t)
    }
    return Math.round([...times].sort((a, b) => a - b)[Math.floor(rounds / 2)] * 100) / 100
  }
  say('comparing a year in review of 10,000 events with the history page')
  const reviewer = await signIn('reviewer@example.com')
  const reviewPath = `/review/${new Date().getFullYear()}`
  await pageMs(reviewer, reviewPath, 10)
  await pageMs(reviewer, '/history', 10)
  const reviewMs = await pageMs(reviewer, reviewPath, 50)
  const historyMs = await pageMs(reviewer, '/history', 50)
  const reviewStatements = await countStatements([pageOf(reviewPath)], reviewer, 3)
  // The first view after a change works the review out afresh (a die picked by hand, untimed).
  const afresh = []
  for (let i = 0; i < 15; i++) {
    const changed = await fetch(`${BASE}/api/session/die`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${reviewer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ die: i % 2 ? 8 : 10 }),
    })
    await changed.arrayBuffer()
    afresh.push(await pageMs(reviewer, reviewPath, 1))
  }
  const reviewAfreshMs = [...afresh].sort((a, b) => a - b)[Math.floor(afresh.length / 2)]

  /*
   * 6d. Searches: of the 100,000-thread pile (words common and rare, of one letter and of
   * several), and of a 500-thread pile right after it was imported (before autovacuum).
   */
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
  async function searchMs(reader, q, rounds) {
    const times = []
    for (let i = 0; i < rounds; i++) {
      const t = performance.now()
      const answer = await fetch(`${BASE}/api/threads?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${reader.token}` },
      })
      await answer.arrayBuffer()
      if (answer.status !== 200) throw new Error(`search ${q}: ${answer.status}`)
      times.push(performance.now() - t)
    }
    return Math.round(median(times) * 10) / 10
  }
  say('searching the 100,000-thread pile, and a pile right after its import')
  const searches = {}
  for (const q of ['e', 'saga', 'thread 11', 'amazing spider', 'zzz']) {
    await searchMs(huge, q, 2)
    searches[`100,000 threads, q=${q}`] = await searchMs(huge, q, 9)
  }
  const afterImport = []
  const csv =
    'title,format,issues_remaining\n' +
    Array.from({ length: 500 }, (_, i) => `Imported ${i} Saga,Issue,3`).join('\n')
  for (let i = 0; i < 5; i++) {
    const registered = await fetch(`${BASE}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `importer${i}@example.com`, password: PASSWORD }),
    }).then((r) => r.json())
    const imported = await fetch(`${BASE}/api/import/threads`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${registered.token}`, 'content-type': 'text/csv' },
      body: csv,
    })
    if (imported.status !== 200) throw new Error(`import: ${imported.status}`)
    afterImport.push(await searchMs({ token: registered.token }, 'saga 1', 1))
  }
  searches['500 threads right after their import, q=saga 1'] = median(afterImport)
  console.table(Object.fromEntries(Object.entries(searches).map(([k, v]) => [k, { ms: v }])))

  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'))[1])
  const ceiling = results['ceiling (GET /livez)'].c32.rps

  /* 7. Report. */
  const rows = Object.entries(results).map(([name, r]) => ({
    'scenario': name,
    'queries/req': r.queries_per_request,
    'rps@1': r.c1.rps,
    'p50@1': r.c1.p50,
    'p99@1': r.c1.p99,
    'rps@32': r.c32.rps,
    'p50@32': r.c32.p50,
    'p99@32': r.c32.p99,
    'vs ceiling': `${Math.round((r.c32.rps / ceiling) * 100)}%`,
    'cpu ms/req server+db @32': `${r.c32.server_cpu_ms}+${r.c32.db_cpu_ms}`,
    'errors': r.c1.errors + r.c32.errors,
  }))
  if (floor) {
    rows.push({
      'scenario': 'floor: an action\u2019s statements, bare',
      'queries/req': 5,
      'rps@1': floor.c1.rps,
      'p50@1': floor.c1.p50,
      'p99@1': floor.c1.p99,
      'rps@32': floor.c32.rps,
      'p50@32': floor.c32.p50,
      'p99@32': floor.c32.p99,
      'vs ceiling': `${Math.round((floor.c32.rps / ceiling) * 100)}%`,
      'cpu ms/req server+db @32': '',
      'errors': floor.errors,
    })
  }
  console.log()
  console.table(rows)
  console.table({ '200 threads (ms)': small, '10,000 threads (ms)': large })
  console.table({
    'no orders (ms)': withoutOrders,
    'two strict orders of 2,000 (ms)': withOrders,
    'statements/request with orders': orderStatements,
  })
  console.table({
    'roll page (ms)': { 'no filter': withoutFilter, 'only horror, no capes': withFilter },
    'statements/request': { 'only horror, no capes': filterStatements },
  })
  console.table({
    '10,000 events (ms)': {
      'history page': historyMs,
      'year in review page': reviewMs,
      'the same, first view after a change': reviewAfreshMs,
    },
    'statements/request': { 'year in review page': reviewStatements },
  })
  console.log(`server RSS after the run: ${(rssKb / 1024).toFixed(0)} MB`)

  const cycle = results['roll → rate (API)']
  const rollPage = results['roll page (GET /)']
  // The queue page a reader of 200 threads sees first: a page of 100 rows.
  const queuePage = results['queue page (GET /queue)']
  const queueHtml = await (
    await fetch(`${BASE}/queue`, { headers: { cookie: readers[0].cookie } })
  ).text()
  const queueKb = Math.round((Buffer.byteLength(queueHtml) / 1024) * 10) / 10
  console.log(`queue page of 100 threads: ${queueKb} KB of HTML`)
  const budgets = [
    ...Object.entries(results)
      .filter(([name]) => !name.startsWith('ceiling'))
      .map(([name, r]) => [
        `${name}: at most 5 queries per request (${r.queries_per_request})`,
        r.queries_per_request <= 5,
      ]),
    ...(rollPage
      ? [
          [
            `roll page at 32 connections ≥ 30% of the ceiling (${Math.round(rollShare * 100)}%, median of three paired loads)`,
            rollShare >= 0.3,
          ],
        ]
      : []),
    ...(cycle
      ? [
          [
            `roll → rate median under 30 ms at 32 connections (${cycle.c32.p50} ms)`,
            cycle.c32.p50 < 30,
          ],
          [
            `roll → rate p99 under 100 ms at 32 connections (${cycle.c32.p99} ms)`,
            cycle.c32.p99 < 100,
          ],
        ]
      : []),
    ...['roll', 'rate', 'issue-tracked rate', 'move', 'snooze', 'queue page'].map((k) => [
      `${k} for 10,000 threads within 1.5× of 200 threads (${large[k]} vs ${small[k]} ms)`,
      large[k] <= 1.5 * small[k] + 0.5,
    ]),
    ...Object.keys(withOrders).map((k) => [
      `${k} with two strict orders of 2,000 entries within 1.2× of no orders (${withOrders[k]} vs ${withoutOrders[k]} ms)`,
      withOrders[k] <= 1.2 * withoutOrders[k] + 0.5,
    ]),
    [
      `roll page with tonight’s filter within 1.3× of the same without (${withFilter} vs ${withoutFilter} ms)`,
      withFilter <= 1.3 * withoutFilter + 0.5,
    ],
    [
      `roll page with tonight’s filter at most 2 statements (${filterStatements})`,
      filterStatements <= 2,
    ],
    [
      `year in review page of 10,000 events within 1.3× of the history page (${reviewMs} vs ${historyMs} ms)`,
      reviewMs <= 1.3 * historyMs + 0.5,
    ],
    [`queue page of 100 threads at most 60 KB of HTML (${queueKb} KB)`, queueKb <= 60],
    ...(queuePage
      ? [
          [
            `queue page at most 2 ms of server CPU per view at 32 connections (${queuePage.c32.server_cpu_ms} ms)`,
            queuePage.c32.server_cpu_ms <= 2,
          ],
        ]
      : []),
    ...Object.entries(searches).map(([name, ms]) => [
      `search of ${name} under ${name.startsWith('500') ? 100 : 500} ms (${ms} ms)`,
      ms < (name.startsWith('500') ? 100 : 500),
    ]),
    [`server RSS under 250 MB (${(rssKb / 1024).toFixed(0)} MB)`, rssKb < 250 * 1024],
    ['no errors under load', Object.values(results).every((r) => r.c1.errors + r.c32.errors === 0)],
  ]
  console.log()
  for (const [label, ok] of budgets) console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`)
  const elapsed = Math.round((Date.now() - started) / 1000)
  console.log(`\nfinished in ${elapsed}s`)

  mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench/results/latest.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        duration_s: DURATION,
        elapsed_s: elapsed,
        results,
        pile: { small, large },
        orders: { without: withoutOrders, with: withOrders, statements: orderStatements },
        filter: { without: withoutFilter, with: withFilter, statements: filterStatements },
        review: {
          history_ms: historyMs,
          review_ms: reviewMs,
          review_afresh_ms: reviewAfreshMs,
          statements: reviewStatements,
        },
        searches,
        rss_mb: Math.round(rssKb / 1024),
        queue_page_kb: queueKb,
        action_floor: floor,
        roll_page_share_of_ceiling: rollShare && Math.round(rollShare * 1000) / 1000,
        budgets: budgets.map(([label, ok]) => ({ label, pass: ok })),
      },
      null,
      2
    )
  )
  await shutdown(0)
} catch (error) {
  console.error(error)
  await shutdown(1)
}
