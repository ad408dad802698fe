import { SimWx } from './fake-wx'
import type { WxResult } from './callbacks'

function call(api: unknown, opts: Record<string, unknown> = {}): Promise<{ ok: boolean; result: WxResult }> {
  return new Promise((resolve) => {
    ;(api as (o: unknown) => unknown)({
      ...opts,
      success: (result: WxResult) => resolve({ ok: true, result }),
      fail: (result: WxResult) => resolve({ ok: false, result }),
    })
  })
}
type Fn = (...args: unknown[]) => unknown
const tick = () => new Promise((r) => setTimeout(r, 5))

describe('SimWx file system', () => {
  it('reads a range, appends (creating with writeFile), stats recursively and unlinks', async () => {
    const wx = new SimWx()
    const fs = (wx.api.getFileSystemManager as () => Record<string, Fn>)()
    wx.files.set('wxfile://usr/v.mp4', new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]))
    const read = await call(fs.readFile, { filePath: 'wxfile://usr/v.mp4', position: 2, length: 3 })
    expect([...new Uint8Array(read.result.data as ArrayBuffer)]).toEqual([2, 3, 4])
    expect((await call(fs.appendFile, { filePath: 'wxfile://usr/dl/a.m4a', data: new Uint8Array([9]).buffer })).ok).toBe(false)
    await call(fs.writeFile, { filePath: 'wxfile://usr/dl/a.m4a', data: new Uint8Array([9]).buffer })
    await call(fs.appendFile, { filePath: 'wxfile://usr/dl/a.m4a', data: new Uint8Array([8, 7]).buffer })
    expect([...(wx.files.get('wxfile://usr/dl/a.m4a') as Uint8Array)]).toEqual([9, 8, 7])
    const stat = await call(fs.stat, { path: 'wxfile://usr', recursive: true })
    expect((stat.result.stats as { stats: { size: number } }[]).reduce((n, s) => n + s.stats.size, 0)).toBe(11)
    await call(fs.unlink, { filePath: 'wxfile://usr/dl/a.m4a' })
    expect(wx.files.has('wxfile://usr/dl/a.m4a')).toBe(false)
  })
})

describe('SimWx audio', () => {
  it('BackgroundAudioManager needs a title, fetches its src through the handler, then plays as the test advances', async () => {
    const wx = new SimWx()
    const urls: string[] = []
    wx.setFetchHandler((req) => {
      urls.push(req.url)
      return new Response(new Uint8Array(10))
    })
    const bam = (wx.api.getBackgroundAudioManager as () => Record<string, unknown>)()
    const events: string[] = []
    for (const e of ['Play', 'Error', 'TimeUpdate']) (bam[`on${e}`] as Fn)(() => events.push(e))
    bam.src = 'https://media.test/a.m4a'
    await tick()
    expect(events).toEqual(['Error'])
    bam.title = '玉米合理密植'
    bam.startTime = 30
    bam.src = 'https://media.test/a.m4a'
    await tick()
    expect(events).toEqual(['Error', 'Play'])
    expect(urls).toEqual(['https://media.test/a.m4a'])
    wx.audio.backgroundAudio?.advance(5)
    expect(bam.currentTime).toBe(35)
    expect(wx.requests.at(-1)).toMatchObject({ api: 'audio', status: 200 })
  })

  it('offline a streamed source fails; a local file plays with nothing fetched, or fails in BackgroundAudioManager when told to', async () => {
    const wx = new SimWx()
    wx.setFetchHandler(() => new Response('x'))
    wx.switchNetwork('none')
    const inner = (wx.api.createInnerAudioContext as () => Record<string, unknown>)()
    const events: string[] = []
    ;(inner.onError as Fn)(() => events.push('error'))
    ;(inner.onPlay as Fn)(() => events.push('play'))
    inner.src = 'https://media.test/a.m4a'
    ;(inner.play as Fn)()
    await tick()
    wx.files.set('wxfile://usr/dl/0.m4a', new Uint8Array(4))
    inner.src = 'wxfile://usr/dl/0.m4a'
    ;(inner.play as Fn)()
    await tick()
    expect(events).toEqual(['error', 'play'])
    wx.audio.backgroundPlaysLocal = false
    const bam = (wx.api.getBackgroundAudioManager as () => Record<string, unknown>)()
    ;(bam.onError as Fn)(() => events.push('bam error'))
    bam.title = 't'
    bam.src = 'wxfile://usr/dl/0.m4a'
    await tick()
    expect(events.at(-1)).toBe('bam error')
  })
})
