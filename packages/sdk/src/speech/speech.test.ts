// speech.ts brings the Taro audio host for WeChat; nothing here plays through Taro.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))
import { FakeAudioHost } from '../platform/fake-files'
import { createFakePlatform } from '../platform/fake'
import { browserSpeech, pickChineseVoice, type UtteranceLike } from '../platform/h5-speech'
import { wechatSiSpeech, type WechatSiPlugin } from '../platform/wechat-speech'
import { speechOf } from '../speech'
import { SPEECH_PIECE_MAX_CHARS, speechPieces } from './pieces'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('speechPieces', () => {
  it('reads sentence by sentence and loses nothing', () => {
    const text = '明天上午九点在村委会打疫苗。请带好身份证！有问题打电话；谢谢。'
    expect(speechPieces(text)).toEqual(['明天上午九点在村委会打疫苗。', '请带好身份证！', '有问题打电话；', '谢谢。'])
  })

  it('cuts a long sentence at its commas, and a long clause every max characters', () => {
    const clause = '一'.repeat(30)
    const sentence = `${clause}，${clause}，${clause}，${clause}。`
    const pieces = speechPieces(sentence, 70)
    expect(pieces.every((p) => p.length <= 70)).toBe(true)
    expect(pieces.join('')).toBe(sentence)
    const long = '二'.repeat(200)
    expect(speechPieces(long, 80).map((p) => p.length)).toEqual([80, 80, 40])
  })

  it('keeps WeChat’s plugin under its limit for any paragraph, and drops blank or punctuation-only pieces', () => {
    const text = `${'价格'.repeat(300)}\n\n。。\n  \n最后一句`
    const pieces = speechPieces(text)
    expect(pieces.every((p) => p.length <= SPEECH_PIECE_MAX_CHARS && Buffer.byteLength(p) < 1000)).toBe(true)
    expect(pieces[pieces.length - 1]).toBe('最后一句')
    expect(pieces.some((p) => p === '。。')).toBe(false)
  })
})

describe('the fake platform’s voice (the reader every host uses)', () => {
  it('reads piece after piece, preparing one ahead, and says done', async () => {
    const fake = createFakePlatform({ speech: true })
    const speech = fake.platform.speech!
    expect(await speech.available()).toBe(true)
    const seen: number[] = []
    const reading = speech.speak('第一句。第二句。第三句。', { onPiece: (i) => seen.push(i) })
    await tick()
    expect(fake.speech.spoken).toEqual(['第一句。'])
    expect(fake.speech.prepared).toEqual(['第一句。', '第二句。'])
    fake.speech.finishPiece()
    await tick()
    fake.speech.finishPiece()
    await tick()
    fake.speech.finishPiece()
    await expect(reading).resolves.toBe('done')
    expect(fake.speech.spoken).toEqual(['第一句。', '第二句。', '第三句。'])
    expect(seen).toEqual([0, 1, 2])
  })

  it('stops at once: the piece playing is cut, nothing after it is read', async () => {
    const fake = createFakePlatform({ speech: true })
    const reading = fake.platform.speech!.speak('第一句。第二句。')
    await tick()
    fake.platform.speech!.stop()
    await expect(reading).resolves.toBe('stopped')
    await tick()
    expect(fake.speech.spoken).toEqual(['第一句。'])
    expect(fake.speech.stops).toBe(1)
  })

  it('a failing voice is an SdkError with a zh-CN message', async () => {
    const fake = createFakePlatform({ speech: true })
    const reading = fake.platform.speech!.speak('第一句。第二句。')
    await tick()
    fake.speech.failPiece()
    await expect(reading).rejects.toMatchObject({ code: 'failed', userMessage: '朗读没有成功，请再试一次' })
  })

  it('without the option the platform has no voice, and speechOf finds none off WeChat', () => {
    const fake = createFakePlatform()
    expect(fake.platform.speech).toBeUndefined()
    expect(speechOf(fake.platform)).toBeUndefined()
    expect(speechOf(createFakePlatform({ speech: true }).platform)).toBeDefined()
  })
})

describe('WeChat: the 同声传译 plugin and an InnerAudioContext', () => {
  function plugin(answer: (content: string, n: number) => { retcode: number; filename?: string } | 'fail') {
    const asked: string[] = []
    const si: WechatSiPlugin = {
      textToSpeech(o) {
        asked.push(o.content)
        expect(o.lang).toBe('zh_CN')
        const a = answer(o.content, asked.length)
        setTimeout(() => (a === 'fail' ? o.fail({ retcode: -10005, msg: 'network' }) : o.success(a)), 0)
      },
    }
    return { si, asked }
  }

  it('is absent without the plugin (not declared for this package): no 听 button', () => {
    expect(wechatSiSpeech(undefined, new FakeAudioHost())).toBeUndefined()
  })

  it('synthesizes each sentence and plays the file it gets, the next one prepared while this one plays', async () => {
    const audio = new FakeAudioHost()
    const { si, asked } = plugin((_c, n) => ({ retcode: 0, filename: `https://ws.weixin.qq.com/tts/${n}.mp3` }))
    const speech = wechatSiSpeech(si, audio)!
    expect(await speech.available()).toBe(true)
    const reading = speech.speak('今天白菜一元一斤。明天有霜冻。')
    await tick()
    await tick()
    expect(audio.players).toHaveLength(1)
    expect(audio.players[0]!.kind).toBe('inner')
    expect(audio.players[0]!.track?.src).toBe('https://ws.weixin.qq.com/tts/1.mp3')
    expect(asked).toEqual(['今天白菜一元一斤。', '明天有霜冻。'])
    audio.players[0]!.start(3)
    audio.players[0]!.advance(3)
    await tick()
    await tick()
    expect(audio.players[1]!.track?.src).toBe('https://ws.weixin.qq.com/tts/2.mp3')
    expect(audio.players[0]!.destroyed).toBe(true)
    audio.players[1]!.start(2)
    audio.players[1]!.advance(2)
    await expect(reading).resolves.toBe('done')
  })

  it('a synthesis that fails (no network) says so in zh-CN; stop() stops the player', async () => {
    const audio = new FakeAudioHost()
    const failing = wechatSiSpeech(plugin(() => 'fail').si, audio)!
    await expect(failing.speak('一句话。')).rejects.toMatchObject({ code: 'failed', userMessage: '朗读没有成功，请检查网络后再试' })

    const speech = wechatSiSpeech(plugin((_c, n) => ({ retcode: 0, filename: `f${n}.mp3` })).si, audio)!
    const reading = speech.speak('第一句。第二句。')
    await tick()
    await tick()
    const player = audio.players[audio.players.length - 1]!
    speech.stop()
    await expect(reading).resolves.toBe('stopped')
    expect(player.isPaused).toBe(true)
    expect(player.destroyed).toBe(true)
  })
})

describe('the browser: speechSynthesis with a zh-CN voice', () => {
  function browser(voices: { lang: string; name: string }[]) {
    const spoken: UtteranceLike[] = []
    let cancels = 0
    const synth = {
      getVoices: () => voices,
      speak: (u: unknown) => spoken.push(u as UtteranceLike),
      cancel: () => {
        cancels++
        spoken[spoken.length - 1]?.onerror?.({ error: 'interrupted' })
      },
    }
    class Utterance implements UtteranceLike {
      lang = ''
      rate = 1
      voice: unknown = null
      onend: (() => void) | null = null
      onerror: ((event: { error?: string }) => void) | null = null
      constructor(readonly text: string) {}
    }
    return { synth, Utterance, spoken, cancels: () => cancels }
  }

  it('picks a zh-CN voice, not a Cantonese or Taiwanese one', () => {
    expect(pickChineseVoice([{ lang: 'en-US' }, { lang: 'zh-HK' }, { lang: 'zh-TW' }])).toBeUndefined()
    expect(pickChineseVoice([{ lang: 'zh-TW' }, { lang: 'zh_CN' }])?.lang).toBe('zh_CN')
  })

  it('has no voice without a Chinese one (the button stays hidden), and none without speechSynthesis', async () => {
    const b = browser([{ lang: 'en-US', name: 'English' }])
    expect(await browserSpeech(b.synth, b.Utterance)!.available()).toBe(false)
    expect(browserSpeech(undefined, undefined)).toBeUndefined()
  })

  it('reads in zh-CN with the Chinese voice, a little slower; stop cancels', async () => {
    const voice = { lang: 'zh-CN', name: 'Ting-Ting' }
    const b = browser([{ lang: 'en-US', name: 'English' }, voice])
    const speech = browserSpeech(b.synth, b.Utterance)!
    expect(await speech.available()).toBe(true)
    const reading = speech.speak('第一句。第二句。')
    await tick()
    expect(b.spoken[0]!).toMatchObject({ text: '第一句。', lang: 'zh-CN', voice })
    expect(b.spoken[0]!.rate).toBeLessThan(1)
    b.spoken[0]!.onend?.()
    await tick()
    expect(b.spoken).toHaveLength(2)
    speech.stop()
    await expect(reading).resolves.toBe('stopped')
    expect(b.cancels()).toBe(1)
  })
})
