import {
  bigTextKey,
  combineScale,
  fontScaleClass,
  fontScaleStyle,
  MAX_SCALE,
  parseStoredBig,
  readWeChatFontInfo,
  resolveWeChatScale,
} from './scale'

describe('resolveWeChatScale', () => {
  it('uses fontSizeScaleFactor when WeChat reports it', () => {
    expect(resolveWeChatScale({ fontSizeScaleFactor: 1, fontSizeSetting: 16 })).toBe(1)
    expect(resolveWeChatScale({ fontSizeScaleFactor: 1.4, fontSizeSetting: 22 })).toBe(1.4)
    // iOS 关怀模式: 23.8 / 17
    expect(resolveWeChatScale({ fontSizeScaleFactor: 23.8 / 17 })).toBe(1.4)
  })

  it('falls back to fontSizeSetting over the standard size: 16 px on Android, 17 px on iOS', () => {
    expect(resolveWeChatScale({ fontSizeSetting: 20 })).toBe(1.25)
    expect(resolveWeChatScale({ fontSizeSetting: 20, platform: 'android' })).toBe(1.25)
    expect(resolveWeChatScale({ fontSizeSetting: 23.8, platform: 'ios' })).toBe(1.4)
    expect(resolveWeChatScale({ fontSizeSetting: 17, platform: 'iOS' })).toBe(1)
  })

  it('is 1 when nothing usable is reported (H5, old WeChat, garbage)', () => {
    expect(resolveWeChatScale(undefined)).toBe(1)
    expect(resolveWeChatScale({})).toBe(1)
    expect(resolveWeChatScale({ fontSizeScaleFactor: 0, fontSizeSetting: '20' })).toBe(1)
    expect(resolveWeChatScale({ fontSizeScaleFactor: NaN })).toBe(1)
    expect(resolveWeChatScale({ fontSizeScaleFactor: -2 })).toBe(1)
  })

  it('clamps to a range a layout can take', () => {
    expect(resolveWeChatScale({ fontSizeScaleFactor: 0.5 })).toBe(0.85)
    expect(resolveWeChatScale({ fontSizeScaleFactor: 5 })).toBe(2)
    expect(resolveWeChatScale({ fontSizeScaleFactor: 16 / 17 })).toBe(0.94)
  })
})

describe('combineScale', () => {
  it('multiplies WeChat’s scale by 1.3 in 大字 mode, up to MAX_SCALE', () => {
    expect(combineScale(1, false)).toBe(1)
    expect(combineScale(1, true)).toBe(1.3)
    expect(combineScale(1.25, true)).toBe(1.63)
    expect(combineScale(2, false)).toBe(2)
    expect(combineScale(2, true)).toBe(MAX_SCALE)
  })
})

describe('readWeChatFontInfo', () => {
  it('prefers getAppBaseInfo and does not call getSystemInfoSync when it has the factor', () => {
    const getSystemInfoSync = jest.fn()
    const info = readWeChatFontInfo({ getAppBaseInfo: () => ({ fontSizeScaleFactor: 1.5, fontSizeSetting: 24 }), getSystemInfoSync })
    expect(resolveWeChatScale(info)).toBe(1.5)
    expect(getSystemInfoSync).not.toHaveBeenCalled()
  })

  it('falls back to getSystemInfoSync when getAppBaseInfo is missing or throws', () => {
    const system = () => ({ fontSizeScaleFactor: 1.25, platform: 'android' })
    expect(resolveWeChatScale(readWeChatFontInfo({ getSystemInfoSync: system }))).toBe(1.25)
    const throwing = () => {
      throw new Error('getAppBaseInfo:fail not supported')
    }
    expect(resolveWeChatScale(readWeChatFontInfo({ getAppBaseInfo: throwing, getSystemInfoSync: system }))).toBe(1.25)
  })

  it('takes the iOS platform from system info to read a bare fontSizeSetting', () => {
    const info = readWeChatFontInfo({ getAppBaseInfo: () => ({ fontSizeSetting: 23.8 }), getSystemInfoSync: () => ({ platform: 'ios' }) })
    expect(resolveWeChatScale(info)).toBe(1.4)
  })

  it('is scale 1 when both APIs are missing or throw', () => {
    expect(resolveWeChatScale(readWeChatFontInfo({}))).toBe(1)
    const boom = () => {
      throw new Error('no')
    }
    expect(resolveWeChatScale(readWeChatFontInfo({ getAppBaseInfo: boom, getSystemInfoSync: boom }))).toBe(1)
  })
})

describe('stored 大字 mode', () => {
  it('has one key per app, under the app’s namespace', () => {
    expect(bigTextKey('market')).toBe('ty:market:ui:bigText')
    expect(bigTextKey('clinic')).not.toBe(bigTextKey('market'))
    expect(() => bigTextKey('')).toThrow()
    expect(() => bigTextKey('Market:x')).toThrow()
  })

  it('is on only for a stored true', () => {
    expect(parseStoredBig(true)).toBe(true)
    for (const v of [false, '', undefined, null, 'true', 1]) expect(parseStoredBig(v)).toBe(false)
  })
})

describe('root class and style', () => {
  it('marks big mode and large scales so layouts can stack', () => {
    expect(fontScaleClass(1, false)).toBe('ty-fs')
    expect(fontScaleClass(1.3, true)).toBe('ty-fs ty-fs--big ty-fs--large')
    expect(fontScaleClass(1.4, false)).toBe('ty-fs ty-fs--large')
    expect(fontScaleClass(1.25, false)).toBe('ty-fs')
  })

  it('sets the CSS variable', () => {
    expect(fontScaleStyle(1.63)).toBe('--ty-fs:1.63')
  })
})
