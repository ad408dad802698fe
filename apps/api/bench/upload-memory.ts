// How much memory N concurrent large photo uploads cost the API process (issue 12, defect 10).
//
//   node --import tsx apps/api/bench/upload-memory.ts          (UPLOADS=60 UPLOAD_MB=9.5 by default)
//
// The API runs as its own process (NODE_ENV=test: the in-process WeChat sandbox, no demo seed).
// This process logs in, sends every upload at once over real HTTP (multipart, with an
// Idempotency-Key as the SDK sends), and reads the API's resident memory from /proc: VmRSS once
// idle and warmed up, VmHWM (the peak) after the uploads. Prints JSON. Linux only.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { LoginResponse } from '@tianyuan/contracts'

const UPLOADS = Number(process.env.UPLOADS ?? 60)
const UPLOAD_MB = Number(process.env.UPLOAD_MB ?? 9.5)

/** A JPEG of random pixels close to `mb` megabytes (noise does not compress). */
async function noiseJpeg(mb: number): Promise<Buffer> {
  // About one byte per pixel at quality 95: solve for the side, then shrink until it fits.
  let side = Math.round(Math.sqrt((mb * 1024 * 1024) / 0.95))
  for (;;) {
    const pixels = Buffer.alloc(side * side * 3)
    for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.random() * 256) | 0
    const jpeg = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 95 }).toBuffer()
    if (jpeg.length <= mb * 1024 * 1024) return jpeg
    side = Math.floor(side * 0.97)
  }
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-upload-memory-'))
  const port = 30000 + Math.floor(Math.random() * 20000)
  const api = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../src/server.ts')], {
    cwd: path.join(__dirname, '..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MEDIA_UPLOADS_PER_MINUTE: '100000',
      MEDIA_UPLOAD_BYTES_PER_DAY: String(1024 ** 4),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForReady(base)
    const { code } = (await (
      await fetch(`${base}/wechat-sandbox/sandbox/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: '上传测试' }) })
    ).json()) as { code: string }
    const login = (await (
      await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    ).json()) as LoginResponse
    const photo = await noiseJpeg(UPLOAD_MB)
    const send = () => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'p.jpg')
      return fetch(`${base}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${login.token}`, 'idempotency-key': randomUUID() }, body: form })
    }
    // Warm up (code paths, libvips, the database), then measure from idle.
    await (await send()).arrayBuffer()
    const idle = memoryOf(api.pid!)
    const started = performance.now()
    const statuses = await Promise.all(
      Array.from({ length: UPLOADS }, async () => {
        const res = await send()
        await res.arrayBuffer()
        return res.status
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const after = memoryOf(api.pid!)
    console.log(
      JSON.stringify(
        {
          node: process.version,
          cpus: os.cpus().length,
          uploads: UPLOADS,
          uploadBytes: photo.length,
          statuses: Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])),
          seconds: Math.round(seconds * 10) / 10,
          idleRssMb: idle.rssMb,
          peakRssMb: after.peakMb,
          growthMb: after.peakMb - idle.rssMb,
        },
        null,
        2,
      ),
    )
  } finally {
    api.kill('SIGTERM')
    await new Promise((r) => api.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function waitForReady(base: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the API did not become ready')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
