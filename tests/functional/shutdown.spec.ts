import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { connect } from 'node:net'
import { startIsolatedStack } from '#tests/support/child_server'
import { route } from '#tests/support/accounts'
import { waitUntil } from '#tests/support/wait'

/**
 * What waits at the database on `port` while it is stopped, as `ss` lists its Unix socket
 * and TCP port: connections not yet accepted, and bytes of queries not yet read.
 */
function waitingAtDatabase(port: number) {
  return execFileSync('ss', ['-Hnxta'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , , , local]) => local?.endsWith(`.s.PGSQL.${port}`) || local?.endsWith(`:${port}`))
    .reduce((sum, [, , recvQ]) => sum + Number(recvQ), 0)
}

/** The database's processes: the postmaster and those it runs, each connection's among them. */
function databaseProcesses(postmaster: number) {
  const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')
  return [postmaster, ...children.split(/\s+/).filter(Boolean).map(Number)]
}

/** Whether a new connection to `url` is refused: the server has stopped listening. */
function refuses(url: string) {
  const { hostname, port } = new URL(url)
  return new Promise<boolean>((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

test.group('Graceful shutdown', () => {
  test('SIGTERM lets an in-flight request finish', async ({ assert }) => {
    const stack = await startIsolatedStack('shutdown')
    const { server } = stack
    const postgresPid = Number(
      readFileSync(join(stack.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]
    )
    let stopped: number[] = []
    try {
      const register = await fetch(`${server.url}${route('api.registration.store')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'late@example.com', password: 'a long passphrase' }),
      })
      const { token } = (await register.json()) as { token: string }

      // The whole database stops: the connection's own process would answer on its own
      stopped = databaseProcesses(postgresPid)
      for (const pid of stopped) process.kill(pid, 'SIGSTOP')
      const waiting = waitingAtDatabase(stack.databasePort)
      const inFlight = fetch(`${server.url}${route('api.me.show')}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      let settled = false
      void inFlight.finally(() => (settled = true)).catch(() => {})
      await waitUntil(() => waitingAtDatabase(stack.databasePort) > waiting, {
        message: 'the request to wait on the stopped database',
      })
      const exited = server.stop()
      await waitUntil(() => refuses(server.url), {
        message: 'the server to stop taking connections',
      })
      assert.isFalse(settled, 'the request was answered before the server was told to stop')
      for (const pid of stopped) process.kill(pid, 'SIGCONT')

      const response = await inFlight
      assert.equal(response.status, 200)
      assert.equal(((await response.json()) as { email: string }).email, 'late@example.com')
      await exited
    } finally {
      for (const pid of stopped) {
        try {
          process.kill(pid, 'SIGCONT')
        } catch {}
      }
      await stack.stop()
    }
  }).timeout(60000)
})
