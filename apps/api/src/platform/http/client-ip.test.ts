import type { ErrorBody } from '@tianyuan/contracts'
import { describeEachDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir } from '../../testing/harness'

// Behind a trusted proxy the client's address is the one the proxy appended to X-Forwarded-For
// (the last entry; the Nth from the right behind N proxies). Whatever the client wrote before it
// is the client's own word, and must not let it dodge the per-IP login limit.
describeEachDatabase('client address behind a trusted proxy (login limit per IP)', (fresh) => {
  const loginsFrom = async (env: Record<string, string>, forwardedFor: (i: number) => string, count: number) => {
    const database = await fresh()
    const h = await createHarness(database, { env: { LOGIN_LIMIT_PER_IP_PER_MINUTE: '3', TRUST_PROXY: 'true', ...env } })
    try {
      const statuses: (number | string)[] = []
      for (let i = 0; i < count; i++) {
        const res = await h.request('POST', '/api/auth/login', {
          json: { code: h.wechat.issueLoginCode(`openid-xff-${i}-${Math.random()}`) },
          headers: { 'x-forwarded-for': forwardedFor(i) },
        })
        statuses.push(res.status === 429 ? ((await res.json()) as ErrorBody).code : res.status)
      }
      return statuses
    } finally {
      await h.close()
      removeMediaDir(h)
      await database.drop()
    }
  }

  test('a made-up first hop does not make a new address: the proxy’s entry counts', async () => {
    // The client sends "X-Forwarded-For: <anything>"; the proxy appends the real peer, 203.0.113.7.
    const statuses = await loginsFrom({}, (i) => `10.9.${i}.1, 203.0.113.7`, 6)
    expect(statuses).toEqual([200, 200, 200, 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED'])
  })

  test('TRUST_PROXY_HOPS=2: the address the outer proxy saw, second from the right', async () => {
    // client-written, the client as the CDN saw it, the CDN as the load balancer saw it.
    const statuses = await loginsFrom({ TRUST_PROXY_HOPS: '2' }, (i) => `198.51.100.${i}, 203.0.113.9, 192.0.2.1`, 4)
    expect(statuses).toEqual([200, 200, 200, 'RATE_LIMITED'])
    const separate = await loginsFrom({ TRUST_PROXY_HOPS: '2' }, (i) => `203.0.113.${i + 10}, 192.0.2.1`, 4)
    expect(separate).toEqual([200, 200, 200, 200])
  })
})
