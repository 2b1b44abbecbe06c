// `npm start`: build the web client if it has not been built, then serve API and client on one port.
import { existsSync } from 'node:fs'
import { spawnSync, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkNode } from './node-version.mjs'

checkNode()
// Start-up progress counts from here, so loading the server's code shows in its total.
process.env.CUNTU_STARTED_AT ??= String(Date.now())
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(path.join(root, 'web/dist/index.html'))) {
  console.log('[cuntu] 首次启动，正在构建网页 / building the web client (first start) …')
  const t = Date.now()
  const built = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
  console.log(`[cuntu] 网页已构建（${((Date.now() - t) / 1000).toFixed(1)} s）/ web client built`)
}
console.log('[cuntu] 正在载入服务代码 / loading the server code …')
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig))
server.on('exit', (code) => process.exit(code ?? 0))
