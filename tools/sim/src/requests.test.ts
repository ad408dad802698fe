import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { forwardTo } from './requests'

describe('forwardTo', () => {
  let server: http.Server
  let origin: string
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, token: req.headers['x-token'], body }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sends the app’s request to the loopback server with path, query, headers and body intact', async () => {
    const handler = forwardTo(origin)
    const response = await handler(
      new Request('https://api.tianyuan.example/orders?page=2', { method: 'POST', headers: { 'x-token': 't1' }, body: '{"id":1}' }),
    )
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/orders?page=2',
      host: origin.replace('http://', ''),
      token: 't1',
      body: '{"id":1}',
    })
  })
})
