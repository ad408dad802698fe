// H5 only: stands in for the `platform` package (14.5 KB raw, ≈ 5.7 KB br of every app's first
// chunk), which Taro's H5 `getDeviceInfo` / `getSystemInfoSync` import to fill `brand`, `model`,
// `system` and `platform`. Nothing in the apps reads those on H5 (the SDK's getSystemInfo answers
// `platform: 'web'` in a browser; the font scale uses `platform` only beside a WeChat
// `fontSizeSetting`, which H5 never has), so the operating system is read from the user agent in
// a few lines and the phone's maker and model are left unknown, as Taro does when it cannot tell.
const OS = [
  [/\b(?:iPhone|iPad|iPod)\b.*? OS (\d+(?:[_.]\d+)*)/, 'iOS'],
  [/\bAndroid[ /]?(\d+(?:\.\d+)*)?/, 'Android'],
  [/\bHarmonyOS[ /]?(\d+(?:\.\d+)*)?/, 'HarmonyOS'],
  [/\bWindows NT (\d+(?:\.\d+)*)/, 'Windows'],
  [/\bMac OS X (\d+(?:[_.]\d+)*)/, 'OS X'],
  [/\bCrOS\b/, 'Chrome OS'],
  [/\bLinux\b/, 'Linux'],
]

function osOf(ua) {
  for (const [pattern, family] of OS) {
    const m = pattern.exec(ua)
    if (!m) continue
    const version = m[1] ? m[1].replace(/_/g, '.') : null
    return { family, version, architecture: null, toString: () => (version ? `${family} ${version}` : family) }
  }
  return { family: null, version: null, architecture: null, toString: () => 'unknown' }
}

const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent || ''

export default { ua, os: osOf(ua), manufacturer: null, product: null, name: null, version: null, layout: null, description: null }
