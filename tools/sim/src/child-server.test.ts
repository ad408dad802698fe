import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startChildServer } from './child-server'

const script = path.join(__dirname, '../test/fixtures/child-server.ts')
// tsx resolves from this package (a devDependency), as it does from apps/api for the apps' servers.
const cwd = path.join(__dirname, '..')

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'child-server-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startChildServer / runChildServer', () => {
  it('resolves with the announcement put together from several chunks, and close() runs the shutdown', async () => {
    const marker = path.join(dir, 'marker')
    const server = await startChildServer<{ pid: number; padding: string }>({ script, cwd, env: { CHILD_MARKER: marker } })
    expect(server.ready.padding).toHaveLength(200_000)
    expect(server.ready.pid).toBe(server.pid)
    expect(alive(server.pid)).toBe(true)
    await server.close()
    expect(fs.readFileSync(marker, 'utf8')).toBe('shut down')
    expect(alive(server.pid)).toBe(false)
    await server.close() // twice is fine
  })

  it('rejects with the child’s stderr when it fails to start', async () => {
    await expect(startChildServer({ script, cwd, env: { CHILD_MODE: 'fail' } })).rejects.toThrow(/exited before it was ready \(code 1\)[^]*the database would not open/)
  })

  it('gives up on a child that never announces itself, and stops it', async () => {
    const started = Date.now()
    await expect(startChildServer({ script, cwd, env: { CHILD_MODE: 'silent' }, readyTimeoutMs: 1500 })).rejects.toThrow(/not ready after 1500 ms/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('the child shuts down by itself when its parent goes away (its stdin closes)', async () => {
    const marker = path.join(dir, 'marker')
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd, env: { ...process.env, CHILD_MARKER: marker }, stdio: ['pipe', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('{') && resolve()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.stdin.end()
    expect(await exited).toBe(0)
    expect(fs.readFileSync(marker, 'utf8')).toBe('shut down')
  })
})
