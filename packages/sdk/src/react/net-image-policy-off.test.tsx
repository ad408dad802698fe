/**
 * @jest-environment jsdom
 */
// The image policy switched off (`?imagePolicy=off`, H5 only): what tools/bench loads each home
// page with beside the real NetImage. Rendered for real (Preact as the apps ship, in jsdom) over
// the fake platform.
import { act, type ReactNode } from 'react'
import { createNetworkMonitor, type NetworkMonitor } from '../network/network-monitor'
import { createFakePlatform } from '../platform/fake'
import { IMAGE_POLICY_OFF_PARAM, imagePolicyOff } from '../platform/h5'
import { NetImage, NetImageProvider, PlainNetImage } from './net-image'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getEnv: () => 'WEAPP', ENV_TYPE: { WEB: 'WEB' } } }))
jest.mock('@tarojs/components', () => {
  const { createElement } = jest.requireActual<typeof import('react')>('react')
  type Props = { children?: ReactNode; id?: string; src?: string; style?: object; onClick?: () => void }
  return {
    View: ({ children, id, style, onClick }: Props) => createElement('div', { id, style, onClick }, children),
    Text: ({ children }: Props) => createElement('span', null, children),
    Image: ({ id, src }: Props) => createElement('img', { id, src }),
  }
})

interface Root {
  render(node: ReactNode): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const photo = (n: number) => ({ id: `p${n}`, width: 1600, height: 1200, thumbhash: '4FgRFYwIl5eId4dyi3eHh/d3jYAo' })

let root: Root | undefined
let container: HTMLElement
let monitor: NetworkMonitor | undefined
beforeEach(() => {
  container = document.createElement('div')
  document.body.appendChild(container)
})
afterEach(() => {
  act(() => root?.unmount())
  root = undefined
  monitor?.dispose()
  container.remove()
})

describe('imagePolicyOff', () => {
  it('is on only for the exact query parameter, wherever it stands', () => {
    expect(IMAGE_POLICY_OFF_PARAM).toBe('imagePolicy=off')
    expect(imagePolicyOff('?imagePolicy=off')).toBe(true)
    expect(imagePolicyOff('?from=bench&imagePolicy=off')).toBe(true)
    for (const search of ['', '?', '?imagePolicy=on', '?imagePolicy=offline', '?xImagePolicy=off', '?imagePolicy']) {
      expect(imagePolicyOff(search)).toBe(false)
    }
  })
  it('reads the page URL by default (jsdom: none)', () => {
    expect(imagePolicyOff()).toBe(false)
  })
})

describe('PlainNetImage (the image policy off)', () => {
  it('on 2G too, loads the API’s default variant at once, without a placeholder, a watcher or a tap, in the same box', async () => {
    // The link the policy would ask a tap on, and an intersection watcher that never reports.
    const fake = createFakePlatform({ network: { type: '2g' }, systemInfo: { pixelRatio: 3 } })
    monitor = createNetworkMonitor(fake.platform)
    await monitor.ready
    const network = monitor
    await act(async () => {
      root = createRoot(container)
      root.render(
        <NetImageProvider baseUrl='https://api.test/' platform={fake.platform} network={network}>
          <PlainNetImage media={photo(1)} width={170} />
          <PlainNetImage media={{ id: 'a b', width: 0, height: 0 }} width={120} aspectRatio={1} />
        </NetImageProvider>,
      )
    })
    expect(Array.from(container.querySelectorAll('img')).map((img) => img.getAttribute('src'))).toEqual(['https://api.test/api/media/p1', 'https://api.test/api/media/a%20b'])
    const boxes = Array.from(container.querySelectorAll<HTMLElement>(':scope > div'))
    expect(boxes.map((b) => [b.style.width, b.style.height])).toEqual([
      ['170px', '128px'],
      ['120px', '120px'],
    ])
    // No ThumbHash colour or image, no "点击加载图片" label, nothing asked of the intersection watcher.
    expect(boxes.map((b) => b.style.backgroundColor)).toEqual(['', ''])
    expect(container.textContent).toBe('')
    expect(fake.intersections).toHaveLength(0)
  })

  it('is not what NetImage is outside an H5 build opened with ?imagePolicy=off (here: tests, no TARO_ENV)', () => {
    expect(NetImage).not.toBe(PlainNetImage)
  })
})
