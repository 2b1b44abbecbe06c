/**
 * npm run admin -- create <username> [--display-name <name>]
 *
 * Creates a system administrator in the server's database (DATABASE_URL, else
 * the embedded database in CUNTU_DATA_DIR, default ./data): the way a real
 * deployment gets its first account, since production refuses demo accounts.
 * The password is asked twice on a terminal (not echoed), or read from the
 * first line of standard input (`printf '%s\n' "$PW" | npm run admin -- create root`).
 * Stop the server first when it uses the embedded database.
 *
 * Exit codes: 0 created; 2 nothing created (bad arguments, weak password, name taken, failure).
 */
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { prepareDatabase } from '@cuntu/db'
import { AppError, createAdministrator, loadConfig, message } from '@cuntu/server/tooling'

const USAGE = '用法 / usage: npm run admin -- create <用户名 username> [--display-name <显示名>]'
const fail = (zh: string, en: string): never => {
  process.stderr.write(`错误：${zh}\nError: ${en}\n`)
  process.exit(2)
}

async function readLine(prompt: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: hidden })
  if (hidden) {
    // Echo nothing of what is typed: the prompt is written once, keystrokes are swallowed.
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream }
    process.stderr.write(prompt)
    out._writeToOutput = () => {}
  }
  return new Promise((resolve) => {
    rl.once('line', (line) => {
      // Resolve before closing: close() emits 'close' at once, whose handler would resolve with nothing.
      resolve(line)
      rl.close()
      if (hidden) process.stderr.write('\n')
    })
    rl.once('close', () => resolve(''))
  })
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'display-name': { type: 'string' }, help: { type: 'boolean' } } })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const [command, username] = positionals
  if (command !== 'create' || !username) fail(`请给出命令和用户名\n${USAGE}`, `give the command and a username\n${USAGE}`)
  const tty = process.stdin.isTTY === true
  const password = await readLine('新密码 / new password: ', tty)
  if (tty && (await readLine('再输一次 / again: ', true)) !== password) fail('两次输入的密码不一致', 'the two passwords differ')
  if (!password) fail('没有读到密码（在终端输入，或从标准输入给出一行）', 'no password read (type it on a terminal, or give one line on standard input)')

  const config = loadConfig()
  const { database } = await prepareDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir })
  try {
    const id = await createAdministrator(database, { username: username!, password, displayName: values['display-name'] })
    process.stdout.write(`已创建系统管理员 / system administrator created: ${username} (${id})\n`)
    return 0
  } catch (e) {
    if (e instanceof AppError) fail(message(e.code, 'zh-CN', e.params), message(e.code, 'en', e.params))
    throw e
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
