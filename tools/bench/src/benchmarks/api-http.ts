// The API's own benchmark (apps/api/bench/http.ts), kept reachable as one benchmark: run as its
// own process, its JSON parsed. BENCH_DURATION is 1 s in quick runs.
//
// That script starts the API with NODE_ENV=production, which now (since payments) refuses to
// start without WeChat Pay keys; it spreads our environment first, so we hand it throwaway keys
// made here (fresh RSA pairs, never used to pay: the bench touches no payment route).
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Benchmark, ChartGroup } from '../types'

interface ApiBenchOutput {
  results: { name: string; requestsPerSecond: number; latencyMs: { p50: number; p99: number }; non2xx: number; errors: number }[]
}

export function parseApiBenchOutput(stdout: string): ApiBenchOutput {
  const start = stdout.indexOf('{')
  if (start < 0) throw new Error('apps/api bench printed no JSON')
  return JSON.parse(stdout.slice(start)) as ApiBenchOutput
}

/** Throwaway WeChat Pay settings, so a production-mode API starts (files in a temp folder). */
function throwawayPayEnv(dir: string): Record<string, string> {
  const pair = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  const merchant = pair()
  const platform = pair()
  const write = (name: string, text: string) => {
    const file = path.join(dir, name)
    fs.writeFileSync(file, text, { mode: 0o600 })
    return file
  }
  return {
    WECHATPAY_MCHID: '1900000001',
    WECHATPAY_MERCHANT_SERIAL: 'BENCH0000000000000000000000000000000001',
    WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: write('apiclient_key.pem', merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: write('pub_key.pem', platform.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_BENCH0001',
    WECHATPAY_APIV3_KEY_FILE: write('apiv3_key.txt', crypto.randomBytes(16).toString('hex')),
    WECHATPAY_NOTIFY_URL_BASE: 'https://bench.invalid',
  }
}

export const apiHttpBenchmark: Benchmark = {
  name: 'api-http',
  title: "The API's own HTTP benchmark (apps/api/bench/http.ts)",
  async run(ctx) {
    const apiDir = path.join(ctx.root, 'apps', 'api')
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-bench-pay-'))
    const limitMs = ctx.quick ? 90_000 : 5 * 60_000
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        const child = spawn(path.join(apiDir, 'node_modules', '.bin', 'tsx'), ['bench/http.ts'], {
          cwd: apiDir,
          env: { ...process.env, ...throwawayPayEnv(keyDir), BENCH_DURATION: ctx.quick ? '1' : '10' },
          stdio: ['ignore', 'pipe', 'inherit'],
          detached: true,
        })
        let out = ''
        // Its own process group: if it hangs, it and the API it started are stopped together.
        const timer = setTimeout(() => {
          if (child.pid) process.kill(-child.pid, 'SIGKILL')
        }, limitMs)
        child.stdout.on('data', (c: Buffer) => (out += c.toString()))
        child.on('exit', (code, signal) => {
          clearTimeout(timer)
          if (code === 0) resolve(out)
          else reject(new Error(`apps/api bench ${signal ? `stopped after ${limitMs / 1000} s` : `exited with ${code}`}`))
        })
      })
      const parsed = parseApiBenchOutput(stdout)
      const groups: ChartGroup[] = parsed.results.map((r) => ({ label: r.name.split(':')[0] ?? r.name, bars: [{ series: 'SQLite', value: r.requestsPerSecond }] }))
      return {
        ok: parsed.results.every((r) => r.non2xx === 0 && r.requestsPerSecond > 0),
        headlines: [],
        charts: [{ title: 'apps/api bench: requests per second', unit: 'req/s', groups }],
        table: { columns: ['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'], rows: parsed.results.map((r) => [r.name, r.requestsPerSecond, r.latencyMs.p50, r.latencyMs.p99, r.non2xx, r.errors]) },
        notes: ['Run unchanged as `tsx bench/http.ts` in apps/api (its own production-mode API process, WeChat double, SQLite), with throwaway WeChat Pay key files so production mode starts.'],
        data: parsed,
      }
    } finally {
      fs.rmSync(keyDir, { recursive: true, force: true })
    }
  },
}
