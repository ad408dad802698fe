import { answerAsync, WxFailure, type WxResult } from './callbacks'

describe('answerAsync', () => {
  it('answers after the caller has returned: success, then complete', async () => {
    const order: string[] = []
    await new Promise<void>((resolve) => {
      answerAsync('getThing', { success: (r) => order.push(`success ${r.errMsg} ${String(r.value)}`), complete: () => (order.push('complete'), resolve()) }, () => ({ value: 1 }))
      order.push('returned')
    })
    expect(order).toEqual(['returned', 'success getThing:ok 1', 'complete'])
  })

  it('turns a WxFailure into fail with its reason and extra fields', async () => {
    const result = await new Promise<WxResult>((resolve) =>
      answerAsync('pay', { fail: resolve }, () => {
        throw new WxFailure('cancel', { errCode: -2 })
      }),
    )
    expect(result).toEqual({ errMsg: 'pay:fail cancel', errCode: -2 })
  })

  it('returns a promise only when no callback is given', async () => {
    expect(answerAsync('a', { success: () => undefined }, () => ({}))).toBeUndefined()
    await expect(answerAsync('a', undefined, () => ({ v: 2 }))).resolves.toEqual({ v: 2, errMsg: 'a:ok' })
    await expect(answerAsync('b', {}, () => Promise.reject(new Error('boom')))).rejects.toEqual({ errMsg: 'b:fail boom' })
  })
})
