import { formatPageUrl, parsePageUrl } from './url'

describe('parsePageUrl', () => {
  it('takes an absolute url from the package root and keeps the query raw', () => {
    expect(parsePageUrl('/pkg/pages/about/index?id=42&name=%E7%94%B0&flag')).toEqual({
      route: 'pkg/pages/about/index',
      query: { id: '42', name: '%E7%94%B0', flag: '' },
    })
  })

  it('resolves a relative url from the folder of the navigating page', () => {
    expect(parsePageUrl('../mine/index', 'pages/index/index').route).toBe('pages/mine/index')
    expect(parsePageUrl('detail?id=1', 'pages/goods/index')).toEqual({ route: 'pages/goods/detail', query: { id: '1' } })
    expect(parsePageUrl('./detail', 'pages/goods/index').route).toBe('pages/goods/detail')
  })

  it('keeps "=" inside a value and ignores empty pairs', () => {
    expect(parsePageUrl('/pages/a/index?redirect=b%3Fx%3D1&&sig=ab==').query).toEqual({ redirect: 'b%3Fx%3D1', sig: 'ab==' })
  })

  it('formats back to the same address', () => {
    expect(formatPageUrl(parsePageUrl('/pages/a/index?x=1&y=2'))).toBe('pages/a/index?x=1&y=2')
    expect(formatPageUrl(parsePageUrl('/pages/a/index'))).toBe('pages/a/index')
  })
})
