import { freshSqlite } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'

let h: Harness
beforeAll(async () => {
  h = await createHarness(await freshSqlite())
})
afterAll(async () => {
  await h.close()
  removeMediaDir(h)
})

describe('JSON reads a phone asks for again', () => {
  test('carry an ETag; the same copy again is a 304 with no body, to be checked before each use', async () => {
    const first = await h.request('GET', '/api/clinic/departments')
    expect(first.status).toBe(200)
    const tag = first.headers.get('etag')
    expect(tag).toMatch(/^W\/".+"$/)
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    expect(((await first.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0)

    const again = await h.request('GET', '/api/clinic/departments', { headers: { 'if-none-match': tag ?? '' } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(tag)
    expect(again.headers.get('cache-control')).toBe('private, no-cache')

    // as HTTP allows: one of a list, or the strong form of the same tag
    const strong = (tag ?? '').replace(/^W\//, '')
    expect((await h.request('GET', '/api/clinic/departments', { headers: { 'if-none-match': `"old", ${strong}` } })).status).toBe(304)
    expect((await h.request('GET', '/api/clinic/departments', { headers: { 'if-none-match': 'W/"old"' } })).status).toBe(200)
  })

  test('a changed answer gets a new tag and a full body', async () => {
    const { token } = await h.login()
    const before = await h.request('GET', '/api/me', { token })
    const tag = before.headers.get('etag') ?? ''
    const patched = await h.request('PATCH', '/api/me', { token, json: { nickname: '李大姐' } })
    expect(patched.status).toBe(200)
    expect(patched.headers.get('etag')).toBeNull() // writes are not tagged
    const after = await h.request('GET', '/api/me', { token, headers: { 'if-none-match': tag } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(tag)
    expect(((await after.json()) as { user: { nickname: string } }).user.nickname).toBe('李大姐')
  })

  test('errors are not tagged: a 404 is asked for afresh', async () => {
    const res = await h.request('GET', '/api/clinic/doctors/nobody')
    expect(res.status).toBe(404)
    expect(res.headers.get('etag')).toBeNull()
  })
})
