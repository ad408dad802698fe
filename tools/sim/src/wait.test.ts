import { waitFor } from './wait'

describe('waitFor', () => {
  it('resolves with the first truthy value, retrying while the predicate throws', async () => {
    let calls = 0
    const value = await waitFor(() => {
      calls++
      if (calls < 3) throw new Error('not rendered yet')
      return calls === 4 && 'ready'
    })
    expect(value).toBe('ready')
    expect(calls).toBe(4)
  })

  it('times out naming what it waited for, the last error and the current state', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('no #price')
        },
        { timeout: 30, description: '#price to read ¥3', explain: () => 'page reads: 加载中' },
      ),
    ).rejects.toThrow(/timed out after 30 ms: #price to read ¥3\nlast error: no #price\npage reads: 加载中/)
  })

  it('stops at once with the error abortIf reports', async () => {
    const crash = new Error('render crashed')
    let polls = 0
    const started = Date.now()
    await expect(waitFor(() => void polls++, { timeout: 5000, abortIf: () => (polls >= 2 ? crash : undefined) })).rejects.toBe(crash)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
