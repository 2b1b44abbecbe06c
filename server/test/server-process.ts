/**
 * The real server as its own process (`server/src/main.ts`, as `npm start` runs it) on a free loopback port:
 * for faults that must not kill the process, which an in-process `inject` cannot show.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_PASSWORD } from '../src/demo/demo-accounts.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface ServerProcess {
  base: string
  child: ChildProcess
  /** Everything the process wrote, for failure messages. */
  output(): string
  alive(): boolean
  stop(): Promise<void>
}

export async function startServer(env: Record<string, string>, readyWithinMs = 120_000): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CUNTU_DEMO: '1', CUNTU_WEB_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const base = `http://127.0.0.1:${port}`
  const proc: ServerProcess = {
    base,
    child,
    output: () => out.slice(-4000),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (!proc.alive()) return
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await gone
      clearTimeout(t)
    },
  }
  const deadline = Date.now() + readyWithinMs
  while (!out.includes('Cuntu is running')) {
    if (!proc.alive()) throw new Error(`server exited before it was ready:\n${out}`)
    if (Date.now() > deadline) {
      await proc.stop()
      throw new Error(`server not ready in ${readyWithinMs} ms:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return proc
}

/** Sign in over HTTP as a demo account; the cookie and CSRF token for later requests. */
export async function httpSignIn(base: string, username = 'lead'): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  const set = res.headers.getSetCookie().find((c) => c.startsWith('cuntu_sid='))!
  return { cookie: set.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken }
}
