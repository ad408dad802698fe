// A server for a test suite, run in a Node process of its own, and both halves of how the suite
// talks to it: the child prints one JSON line when it is ready (what the suite needs to know:
// its URL, the fixtures it made) and shuts down on SIGTERM, or when the suite's process is gone
// (its stdin closes), so a killed Jest worker leaves no server behind.
//
// Why a child at all: the simulator's Jest environment is jsdom (timers return numbers with no
// unref, ES-module-only packages are not transformed), which the API is not written for.
// Node built-ins only, so the child imports this file alone as `@tianyuan/sim/child-server`.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface ChildServer<T> {
  /** What the child announced with runChildServer's `ready`. */
  ready: T
  pid: number
  /** SIGTERM, then resolves once the child has exited (its own shutdown done). */
  close(): Promise<void>
}

export interface ChildServerOptions {
  /**
   * The script, run as `node --import tsx <script>`: TypeScript, resolved like any other module
   * (or its bundle, `node <bundle>`, when the sim project's global setup made one).
   */
  script: string
  /** Its working directory; `tsx` must resolve from here (a package that depends on it). */
  cwd: string
  /** Added to this process's environment. */
  env?: Record<string, string>
  /** How long the child may take to announce itself (default 60 s). */
  readyTimeoutMs?: number
}

/** Set by the sim project's global setup (tools/sim/global-setup.js): a folder with the scripts bundled. */
const BUNDLE_ENV = 'TIANYUAN_SIM_CHILD_BUNDLE'

/** Node's arguments for `script`: its bundle when this run made one, else the script under tsx. */
function nodeArgs(script: string): string[] {
  const dir = process.env[BUNDLE_ENV]
  if (dir) {
    try {
      const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as Record<string, string>
      const bundle = manifest[script]
      if (bundle) return ['--enable-source-maps', bundle]
    } catch {
      // no usable manifest: run the source
    }
  }
  return ['--import', 'tsx', script]
}

/** Starts `script` (which calls runChildServer) and resolves with what it announced. */
export function startChildServer<T>(options: ChildServerOptions): Promise<ChildServer<T>> {
  const child = spawn(process.execPath, nodeArgs(options.script), {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    // stdin stays open for the child's lifetime: its end tells the child we are gone.
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      // Our end of its stdin would otherwise stay open and keep this process alive.
      child.stdin.destroy()
      resolve()
    }),
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    // Kept for the error message of a failed start; the tail is enough.
    stderr = (stderr + chunk.toString()).slice(-8000)
  })
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000
  return new Promise<ChildServer<T>>((resolve, reject) => {
    let out = ''
    const settle = () => {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      child.off('error', onError)
      // Later output is the server's own business; keep the pipe drained so it never blocks.
      child.stdout.resume()
    }
    const fail = (why: string) => {
      settle()
      void close()
      reject(new Error(`${options.script}: ${why}${stderr ? `\n${stderr}` : ''}`))
    }
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      // Only a whole line: a long announcement arrives in several chunks.
      const line = out.split('\n').slice(0, -1).find((l) => l.startsWith('{'))
      if (line === undefined) return
      let ready: T
      try {
        ready = JSON.parse(line) as T
      } catch (error) {
        return fail(`announced bad JSON: ${String(error)}`)
      }
      settle()
      resolve({ ready, pid: child.pid ?? -1, close })
    }
    const onExit = (code: number | null, signal: string | null) => fail(`exited before it was ready (${signal ?? `code ${code}`})`)
    const onError = (error: Error) => fail(String(error))
    const timer = setTimeout(() => fail(`not ready after ${readyTimeoutMs} ms`), readyTimeoutMs)
    child.stdout.on('data', onData)
    child.once('exit', onExit)
    child.once('error', onError)
  })
}

/**
 * The child's half: runs `start`, announces its `ready` value as one JSON line on stdout, and
 * calls `shutdown` (then exits 0) on SIGTERM or when the parent goes away. A failed start prints
 * the error on stderr (the parent shows it) and exits 1. Started by hand, it runs while its stdin
 * is open (a terminal: until Ctrl-D); with stdin at /dev/null it stops as soon as it is up.
 */
export function runChildServer<T>(start: () => Promise<{ ready: T; shutdown(): Promise<void> }>): void {
  start().then(
    ({ ready, shutdown }) => {
      let stopping: Promise<void> | undefined
      const stop = () => {
        stopping ??= shutdown().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`shutdown failed: ${String(error instanceof Error ? error.stack : error)}\n`)
            process.exit(1)
          },
        )
      }
      process.on('SIGTERM', stop)
      process.stdin.on('end', stop)
      process.stdin.resume()
      process.stdout.write(`${JSON.stringify(ready)}\n`)
    },
    (error: unknown) => {
      process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`)
      process.exit(1)
    },
  )
}
