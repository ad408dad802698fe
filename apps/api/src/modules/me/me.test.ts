import type { ErrorBody, MediaMeta, MeResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { fileBlob, multipart, tinyPng } from '../../testing/images'

describeEachDatabase('profile and phone', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let token: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    token = (await h.login()).token
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  test('the user sets a nickname and an avatar from their own upload', async () => {
    const avatar = (await (await h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng()) }) })).json()) as MediaMeta
    const res = await h.request('PATCH', '/api/me', { token, json: { nickname: '  王大爷 ', avatarMediaId: avatar.id } })
    expect(res.status).toBe(200)
    const { user } = (await res.json()) as MeResponse
    expect(user).toMatchObject({ nickname: '王大爷', avatarMediaId: avatar.id })
    const cleared = (await (await h.request('PATCH', '/api/me', { token, json: { avatarMediaId: null } })).json()) as MeResponse
    expect(cleared.user).toMatchObject({ nickname: '王大爷', avatarMediaId: null })
  })

  test('profile validation names the field, in Chinese', async () => {
    const long = await h.request('PATCH', '/api/me', { token, json: { nickname: '一二三四五六七八九十一二三四五六七八九十一' } })
    expect(long.status).toBe(400)
    const body = (await long.json()) as ErrorBody
    expect(body.message).toContain('nickname')
    expect(body.message).toContain('昵称最多 20 个字')
    const extra = (await (await h.request('PATCH', '/api/me', { token, json: { nickname: 'a', isAdmin: true } })).json()) as ErrorBody
    expect(extra.message).toContain('isAdmin')
    expect((await h.request('PATCH', '/api/me', { token, json: {} })).status).toBe(400)
  })

  test('phone: the getPhoneNumber code is exchanged server-side, refreshing a revoked access token once', async () => {
    const res = await h.request('POST', '/api/me/phone', { token, json: { code: h.wechat.issuePhoneCode('13700137000') } })
    expect(res.status).toBe(200)
    expect(((await res.json()) as MeResponse).user.phone).toBe('13700137000')
    const tokensAsked = h.wechat.calls.token
    h.wechat.revokeAccessTokens()
    const again = await h.request('POST', '/api/me/phone', { token, json: { code: h.wechat.issuePhoneCode('13600136000') } })
    expect(again.status).toBe(200)
    expect(h.wechat.calls.token).toBe(tokensAsked + 1)
    const reused = await h.request('POST', '/api/me/phone', { token, json: { code: 'phonecode_nope' } })
    expect(reused.status).toBe(400)
    expect(((await reused.json()) as ErrorBody).code).toBe('WECHAT_CODE_INVALID')
    expect(h.logs.join('')).not.toContain('13600136000')
  })
})
