/**
 * @jest-environment jsdom
 */
// A photo's text alternative, rendered for real (Preact as the apps ship, in jsdom) on the H5
// path (TARO_ENV is unset in tests): the <img> Taro H5 draws inside its Image gets `alt` through
// nativeProps; the ThumbHash placeholder is a decoration (alt ""); while the photo waits for a
// tap (2G) its box is a button whose name says what a tap does and what the photo shows.
import { act, type ReactNode } from 'react'
import { createNetworkMonitor, type NetworkMonitor } from '../network/network-monitor'
import { createFakePlatform, type FakePlatform } from '../platform/fake'
import { NetImage, NetImageProvider } from './net-image'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getEnv: () => 'WEAPP', ENV_TYPE: { WEB: 'WEB' } } }))
jest.mock('@tarojs/components', () => {
  const { createElement } = jest.requireActual<typeof import('react')>('react')
  type Props = { children?: ReactNode; id?: string; src?: string; onClick?: () => void; nativeProps?: Record<string, string>; role?: string; tabIndex?: number; 'aria-label'?: string }
  return {
    // As Taro H5 renders them: role / aria-* on the element, nativeProps on the inner <img>.
    View: ({ children, id, onClick, role, tabIndex, 'aria-label': label }: Props) => createElement('div', { id, onClick, role, tabIndex, 'aria-label': label }, children),
    Text: ({ children }: Props) => createElement('span', null, children),
    Image: ({ id, src, nativeProps }: Props) => createElement('img', { id, src, ...nativeProps }),
  }
})

interface Root {
  render(node: ReactNode): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const THUMBHASH = '4FgRFYwIl5eId4dyi3eHh/d3jYAo'
const photo = { id: 'p1', width: 1600, height: 1200, thumbhash: THUMBHASH }

let root: Root | undefined
let monitor: NetworkMonitor | undefined
let container: HTMLElement
beforeEach(() => {
  container = document.createElement('div')
  document.body.appendChild(container)
})
afterEach(() => {
  act(() => root?.unmount())
  monitor?.dispose()
  container.remove()
})

async function show(fake: FakePlatform, node: ReactNode) {
  monitor = createNetworkMonitor(fake.platform)
  await monitor.ready
  const network = monitor
  await act(async () => {
    root = createRoot(container)
    root.render(
      <NetImageProvider baseUrl='https://api.test/' platform={fake.platform} network={network}>
        {node}
      </NetImageProvider>,
    )
  })
}

describe('NetImage text alternative', () => {
  it('names the photo with `alt` and leaves the placeholder out', async () => {
    const fake = createFakePlatform({ systemInfo: { pixelRatio: 2 } })
    await show(fake, <NetImage media={photo} width={110} lazy={false} alt='洛川红富士苹果的照片' />)
    const placeholder = container.querySelector('img:not([id])')
    expect(placeholder?.getAttribute('alt')).toBe('')
    expect(container.querySelector('img[id$="-photo"]')?.getAttribute('alt')).toBe('洛川红富士苹果的照片')
  })

  it('without `alt` the photo is a decoration the text beside it names (alt "")', async () => {
    const fake = createFakePlatform({ systemInfo: { pixelRatio: 2 } })
    await show(fake, <NetImage media={photo} width={110} lazy={false} />)
    expect(container.querySelector('img[id$="-photo"]')?.getAttribute('alt')).toBe('')
  })

  it('on 2G the box waiting for a tap is a button saying what a tap does and what it shows', async () => {
    const fake = createFakePlatform({ network: { type: '2g' }, systemInfo: { pixelRatio: 3 } })
    await show(fake, <NetImage media={photo} width={110} lazy={false} alt='小米的照片' />)
    const box = container.querySelector<HTMLElement>('[role="button"]')
    expect(box?.getAttribute('aria-label')).toMatch(/^点击加载图片（约 \d+(\.\d+)? KB）：小米的照片$/)
    expect(box?.getAttribute('tabindex')).toBe('0')
  })
})
