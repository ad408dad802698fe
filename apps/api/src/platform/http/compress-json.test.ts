import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { freshSqlite } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { COMPRESS_MIN_BYTES, pickEncoding } from './compress-json'

let h: Harness
beforeAll(async () => {
  h = await createHarness(await freshSqlite())
})
afterAll(async () => {
  await h.close()
  removeMediaDir(h)
})

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer())
const PATH = '/api/clinic/departments'

describe('JSON answers leave compressed for a client that takes it', () => {
  test('brotli when offered, gzip when only that is, the same JSON and ETag as the plain answer', async () => {
    const plain = await h.request('GET', PATH)
    const text = await plain.text()
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(Buffer.byteLength(text)).toBeGreaterThan(COMPRESS_MIN_BYTES)

    const br = await h.request('GET', PATH, { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.status).toBe(200)
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(br.headers.get('etag')).toBe(plain.headers.get('etag'))
    const brBytes = await bytesOf(br)
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length)
    expect(brotliDecompressSync(brBytes).toString()).toBe(text)
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(text) * 0.6)

    const gz = await h.request('GET', PATH, { headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(await bytesOf(gz)).toString()).toBe(text)
  })

  test('the same answer twice is the same bytes (kept by its ETag), and a 304 stays empty', async () => {
    const headers = { 'accept-encoding': 'br' }
    const first = await h.request('GET', PATH, { headers })
    const second = await h.request('GET', PATH, { headers })
    expect((await bytesOf(second)).equals(await bytesOf(first))).toBe(true)
    const again = await h.request('GET', PATH, { headers: { ...headers, 'if-none-match': first.headers.get('etag') ?? '' } })
    expect(again.status).toBe(304)
    expect(again.headers.get('content-encoding')).toBeNull()
    expect(await again.text()).toBe('')
  })

  test('small answers and errors a person must read still arrive whole', async () => {
    const small = await h.request('GET', '/healthz', { headers: { 'accept-encoding': 'br' } })
    expect(small.headers.get('content-encoding')).toBeNull()
    await expect(small.json()).resolves.toEqual({ ok: true })
    const missing = await h.request('GET', '/api/clinic/doctors/nobody', { headers: { 'accept-encoding': 'br' } })
    expect(missing.status).toBe(404)
    const body = (await bytesOf(missing)) as Buffer
    const text = missing.headers.get('content-encoding') === 'br' ? brotliDecompressSync(body).toString() : body.toString()
    expect(JSON.parse(text)).toMatchObject({ message: expect.any(String) })
  })
})

describe('pickEncoding', () => {
  test.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['BR', 'br'],
    ['gzip;q=0.5', 'gzip'],
    ['*', 'gzip'],
    ['deflate', null],
  ])('%p → %p', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected)
  })
})
