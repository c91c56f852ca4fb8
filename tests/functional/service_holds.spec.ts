import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { resetDatabase, count } from '#tests/support/database'
import { registerReader } from '#tests/support/accounts'
import { startChildServer } from '#tests/support/child_server'

/** Peak resident memory of a process so far, in MB (Linux's high-water mark). */
function peakMegabytes(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024
}

/**
 * Polls `/health` every 100 ms until stopped: the answers' times (a failure counts as
 * the time it took) and how many were not a 200.
 */
function watchHealth(base: string) {
  const times: number[] = []
  let failures = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      const ok = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) })
        .then((r) => r.status === 200)
        .catch(() => false)
      times.push(performance.now() - started)
      if (!ok) failures++
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return async () => {
    running = false
    await loop
    const sorted = [...times].sort((a, b) => a - b)
    return { p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, polls: times.length, failures }
  }
}

test.group('The service holds: imports in bounded memory', (group) => {
  group.each.setup(() => resetDatabase())

  test('a 700,000-row CSV, plain or gzipped, is a 422 and the server stays small and answering', async ({
    client,
    assert,
  }) => {
    const reader = await registerReader(client)
    const server = await startChildServer({})
    const stop = watchHealth(server.url)
    try {
      const csv = 'title,format,issues_remaining\n' + 't,f,1\n'.repeat(700_000)
      assert.isAbove(csv.length, 4_000_000)
      for (const body of [csv, gzipSync(csv)]) {
        const answer = await fetch(`${server.url}/api/import/threads`, {
          method: 'POST',
          headers: {
            'authorization': `Bearer ${reader.token}`,
            'content-type': 'text/csv',
            ...(typeof body === 'string' ? {} : { 'content-encoding': 'gzip' }),
          },
          body,
        })
        assert.equal(answer.status, 422)
        const { errors } = (await answer.json()) as { errors: Array<{ message: string }> }
        assert.match(errors[0].message, /more than 100,000 rows/)
      }
      // A header of many columns, and a JSON file of a million empty objects
      const wide = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',') + '\n'
      const wideAnswer = await fetch(`${server.url}/api/import/threads`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'text/csv' },
        body: wide + ','.repeat(4999).concat('\n').repeat(200),
      })
      assert.equal(wideAnswer.status, 422)
      const bomb = JSON.stringify({
        format: 'comic-pile-export',
        threads: Array(1_000_000).fill({}),
        sessions: [],
        events: [],
      })
      const bombAnswer = await fetch(`${server.url}/api/import/json`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${reader.token}`, 'content-type': 'application/json' },
        body: gzipSync(bomb),
      }).then(async (r) => ({ status: r.status, body: await r.text() }))
      assert.equal(bombAnswer.status, 422)

      assert.isTrue(server.running())
      assert.isBelow(peakMegabytes(server.pid), 320)
      assert.equal(await count('threads'), 0)
    } finally {
      const health = await stop()
      await server.stop()
      assert.equal(health.failures, 0)
      assert.isBelow(health.p95, 1000)
    }
  }).timeout(120000)
})
