import { attribute, ownerOf } from './benchmarks/sizes'
import { countPhotos } from './benchmarks/first-screen'
import { parseApiBenchOutput } from './benchmarks/api-http'

describe('ownerOf', () => {
  it('sorts webpack module names into owners', () => {
    expect(ownerOf('../../node_modules/.pnpm/react-reconciler@0.29.0_react@18.3.1/node_modules/react-reconciler/cjs/x.js')).toBe('React or Preact')
    expect(ownerOf('../../node_modules/.pnpm/react@18.3.1/node_modules/react/index.js')).toBe('React or Preact')
    // the apps ship Preact since issue 17 (preact/compat stands in for react and react-dom)
    expect(ownerOf('../../node_modules/.pnpm/preact@10.29.8/node_modules/preact/compat/dist/compat.module.js')).toBe('React or Preact')
    expect(ownerOf('../../node_modules/.pnpm/preact@10.29.8/node_modules/preact/hooks/dist/hooks.module.js')).toBe('React or Preact')
    expect(ownerOf('../../tools/taro-config/react-dom-preact.mjs')).toBe('React or Preact')
    expect(ownerOf('../../node_modules/.pnpm/@tarojs+runtime@4.2.1/node_modules/@tarojs/runtime/dist/runtime.esm.js')).toBe('Taro runtime')
    expect(ownerOf('../../packages/sdk/src/request/client.ts')).toBe('SDK')
    expect(ownerOf('../../packages/ui/src/BigButton.tsx')).toBe('UI package')
    expect(ownerOf('./src/pages/index/index.tsx')).toBe('app code')
    expect(ownerOf('../../node_modules/.pnpm/@tarojs+taro-loader@4.2.1/node_modules/@tarojs/taro-loader/lib/entry-cache.js?name=app!./src/app.tsx')).toBe('app code')
    expect(ownerOf(undefined)).toBe('app code')
    expect(ownerOf('../../node_modules/.pnpm/thumbhash@0.1.1/node_modules/thumbhash/thumbhash.js')).toBe('other libraries')
  })
})

describe('attribute', () => {
  it("splits each file's real bytes by its modules' source sizes; unknown files are app code", () => {
    const stats = {
      generatedAt: '',
      chunks: [{ id: 1, names: ['taro'], files: ['taro.js'], modules: [{ name: 'node_modules/react/index.js', size: 300 }, { name: 'node_modules/@tarojs/runtime/x.js', size: 100 }] }],
    }
    const out = attribute(stats, [{ path: 'taro.js', raw: 1000 }, { path: 'app.wxss', raw: 50 }, { path: 'base.wxml', raw: 70 }])
    expect(out['React or Preact']).toBe(750)
    expect(out['Taro runtime']).toBe(250 + 70)
    expect(out['app code']).toBe(50)
  })
})

describe('countPhotos', () => {
  it('counts photo objects (an id and a ThumbHash) anywhere in an API answer', () => {
    const body = { items: [{ id: 'p1', photos: [{ id: 'a', thumbhash: 't' }, { id: 'b', thumbhash: 't' }] }, { photos: [] }, { doctor: { photo: { id: 'c', thumbhash: 't' } } }] }
    expect(countPhotos(body)).toBe(3)
    expect(countPhotos({ items: [{ id: 'fruit', name: '新鲜水果' }] })).toBe(0)
    expect(countPhotos(null)).toBe(0)
  })
})

describe('parseApiBenchOutput', () => {
  it('reads the JSON after any preamble', () => {
    expect(parseApiBenchOutput('> tsx bench/http.ts\n{"results":[]}').results).toEqual([])
    expect(() => parseApiBenchOutput('nothing')).toThrow()
  })
})
