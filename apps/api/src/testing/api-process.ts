import { spawn } from 'node:child_process'
import path from 'node:path'
import type { ChildSettings } from './api-child'
import { bundled } from './child-bundle'

export interface ApiProcess {
  url: string
  pid: number
  /** Resolves when the process has ended: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGTERM (a graceful shutdown), then waits for the exit. */
  close(): Promise<void>
}

/**
 * Starts the real API in a child process (testing/api-child.ts) and resolves once it listens.
 * `env` is the child's process environment on top of ours (test-only switches are read there).
 */
export function startApiProcess(settings: ChildSettings, env: Record<string, string> = {}, readyTimeoutMs = 60_000): Promise<ApiProcess> {
  // The run's bundle (testing/child-bundle.ts) when it has one for the child and its setup module;
  // otherwise the sources under tsx.
  const bundle = bundled(path.join(__dirname, 'api-child.ts'))
  const setup = settings.setup === undefined ? undefined : bundled(settings.setup)
  const fromBundle = bundle !== undefined && (settings.setup === undefined || setup !== undefined)
  const args = fromBundle ? ['--enable-source-maps', bundle] : ['--import', 'tsx', path.join(__dirname, 'api-child.ts')]
  const child = spawn(process.execPath, args, {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, ...env, TIANYUAN_CHILD: JSON.stringify(fromBundle && setup ? { ...settings, setup } : settings) },
    // stdin stays open for the child's lifetime: its end tells the child we are gone.
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      child.stdin.destroy()
      resolve({ code, signal })
    }),
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000)
  })
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise<ApiProcess>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      void close()
      reject(new Error(`api child not ready after ${readyTimeoutMs} ms\n${stderr}`))
    }, readyTimeoutMs)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').slice(0, -1).find((l) => l.startsWith('{'))
      if (line === undefined) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolve({ url: (JSON.parse(line) as { url: string }).url, pid: child.pid ?? -1, exited, close })
    }
    child.stdout.on('data', onData)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`api child exited before it was ready (${signal ?? `code ${code}`})\n${stderr}`))
    })
  })
}
