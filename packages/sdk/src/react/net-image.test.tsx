/**
 * @jest-environment jsdom
 */
// NetImage rendered for real (Preact as the apps ship, in jsdom) over the fake platform: the fake's
// intersection watcher says what is in view, <img> load/error events stand for WeChat's.
// Taro's components are plain elements here; the compiled app is the simulator's job.
import { act, type ReactNode } from 'react'
import { createNetworkMonitor, type NetworkMonitor } from '../network/network-monitor'
import { createFakePlatform, type FakePlatform } from '../platform/fake'
import { NetImage, NetImageProvider } from './net-image'
import { useMediaBaseUrl } from './use-media-base-url'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getEnv: () => 'WEAPP', ENV_TYPE: { WEB: 'WEB' } } }))
jest.mock('@tarojs/components', () => {
  const { createElement } = jest.requireActual<typeof import('react')>('react')
  type Props = { children?: ReactNode; id?: string; src?: string; style?: object; onClick?: () => void; onLoad?: () => void; onError?: () => void }
  return {
    View: ({ children, id, style, onClick }: Props) => createElement('div', { id, style, onClick }, children),
    Text: ({ children }: Props) => createElement('span', null, children),
    Image: ({ id, src, onLoad, onError }: Props) => createElement('img', { id, src, onLoad, onError }),
  }
})

interface Root {
  render(node: ReactNode): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

// A 4:3 photo's ThumbHash, as the API stores it (base64).
const THUMBHASH = '4FgRFYwIl5eId4dyi3eHh/d3jYAo'
const photo = (n: number) => ({ id: `p${n}`, width: 1600, height: 1200, thumbhash: THUMBHASH })

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

async function show(fake: FakePlatform, node: ReactNode, saveData = false) {
  monitor = createNetworkMonitor(fake.platform)
  await monitor.ready
  const network = monitor
  await act(async () => {
    root = createRoot(container)
    root.render(
      <NetImageProvider baseUrl='https://api.test/' platform={fake.platform} network={network} saveData={saveData}>
        {node}
      </NetImageProvider>,
    )
  })
}
/** Each NetImage's box, in order. */
const boxes = () => Array.from(container.querySelectorAll<HTMLElement>('div[id^="ty-img-"]')).filter((d) => !d.id.endsWith('-photo'))
/** The photo URLs being loaded or shown now. */
const photoSrcs = () => Array.from(container.querySelectorAll<HTMLImageElement>('img[id$="-photo"]')).map((img) => img.getAttribute('src'))
const inView = (fake: FakePlatform, index: number, ratio = 1) => act(async () => fake.intersections.find((t) => t.selector === `#${boxes()[index]?.id}`)?.intersect(ratio))
const fire = (index: number, event: 'load' | 'error') =>
  act(async () => {
    container.querySelector(`#${boxes()[index]?.id}-photo`)?.dispatchEvent(new Event(event))
  })

describe('NetImage', () => {
  it('reserves the box at the photo’s aspect ratio with its ThumbHash, and loads nothing until in view', async () => {
    const fake = createFakePlatform({ systemInfo: { pixelRatio: 3, windowHeight: 800 } })
    await show(fake, <NetImage media={photo(1)} width={170} />)
    const [box] = boxes()
    expect([box?.style.width, box?.style.height]).toEqual(['170px', '128px'])
    expect(box?.style.backgroundColor).toMatch(/^rgb\(/)
    expect(container.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    expect(photoSrcs()).toEqual([])
    // Watched with a one-screen preload margin on a good (4G) link.
    expect(fake.intersections.map((t) => t.margins)).toEqual([{ top: 800, bottom: 800 }])
    await inView(fake, 0)
    expect(photoSrcs()).toEqual(['https://api.test/api/media/p1?w=320&q=75&fmt=webp'])
    await fire(0, 'load')
    expect(container.querySelectorAll('img')).toHaveLength(1) // the placeholder gave way
  })

  it('downloads at most 3 at once on 3G, the next one as each finishes', async () => {
    const fake = createFakePlatform({ network: { type: '3g' } })
    await show(fake, [1, 2, 3, 4, 5].map((n) => <NetImage key={n} media={photo(n)} width={170} />))
    for (let i = 0; i < 5; i++) await inView(fake, i)
    expect(photoSrcs()).toEqual(['p1', 'p2', 'p3'].map((id) => `https://api.test/api/media/${id}?w=320&q=60&fmt=webp`))
    await fire(1, 'load')
    expect(photoSrcs()).toHaveLength(4)
    expect(photoSrcs()[3]).toContain('/p4?')
  })

  it('retries an error one width smaller, then as JPEG, then offers a tap', async () => {
    const fake = createFakePlatform({ systemInfo: { pixelRatio: 2 } })
    await show(fake, <NetImage media={photo(1)} width={375} />)
    await inView(fake, 0)
    const tried = [photoSrcs()[0]]
    await fire(0, 'error')
    tried.push(photoSrcs()[0])
    await fire(0, 'error')
    tried.push(photoSrcs()[0])
    expect(tried.map((src) => src?.replace('https://api.test/api/media/p1', ''))).toEqual(['?w=640&q=75&fmt=webp', '?w=480&q=75&fmt=webp', '?w=320&q=75&fmt=jpeg'])
    await fire(0, 'error')
    expect(container.textContent).toBe('图片没加载出来，点一下重试')
    await act(async () => boxes()[0]?.click())
    expect(photoSrcs()[0]).toContain('?w=640&q=75&fmt=webp')
  })

  it('on 2G asks before spending data, with the size, and loads what is tapped', async () => {
    const fake = createFakePlatform({ network: { type: '2g' }, systemInfo: { pixelRatio: 3 } })
    await show(fake, <NetImage media={photo(1)} width={170} />)
    await inView(fake, 0)
    expect(container.textContent).toBe('点击加载图片（约 2 KB）')
    expect(photoSrcs()).toEqual([])
    await act(async () => boxes()[0]?.click())
    expect(photoSrcs()).toEqual(['https://api.test/api/media/p1?w=160&q=50&fmt=webp'])
    expect(container.textContent).toBe('')
  })

  it('asks first in data-saver mode on a good link too, and passes taps on a loaded photo to the app', async () => {
    const fake = createFakePlatform()
    const onClick = jest.fn()
    await show(fake, <NetImage media={photo(1)} width={170} onClick={onClick} />, true)
    await inView(fake, 0)
    expect(container.textContent).toMatch(/^点击加载图片（约 \d+ KB）$/)
    await act(async () => boxes()[0]?.click())
    expect(onClick).not.toHaveBeenCalled() // the tap that loads is not the card's tap
    await fire(0, 'load')
    await act(async () => boxes()[0]?.click())
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('gives the slot of an image scrolled away before it arrived to one in view', async () => {
    const fake = createFakePlatform({ network: { type: '3g' } })
    await show(fake, [1, 2, 3, 4].map((n) => <NetImage key={n} media={photo(n)} width={170} />))
    for (let i = 0; i < 4; i++) await inView(fake, i)
    expect(photoSrcs().map((src) => src?.match(/p\d/)?.[0])).toEqual(['p1', 'p2', 'p3'])
    await inView(fake, 0, 0) // flung past
    expect(photoSrcs().map((src) => src?.match(/p\d/)?.[0])).toEqual(['p2', 'p3', 'p4'])
    await inView(fake, 0) // back: it waits its turn again
    await fire(1, 'load')
    expect(photoSrcs().map((src) => src?.match(/p\d/)?.[0])).toEqual(['p1', 'p2', 'p3', 'p4'])
  })

  it('gives the slot of an unmounted image to the next one, and stops watching it', async () => {
    const fake = createFakePlatform({ network: { type: '2g', weak: false } })
    // 2G but data already asked for: tap both, one slot between them.
    await show(fake, [1, 2].map((n) => <NetImage key={n} media={photo(n)} width={170} />))
    await inView(fake, 0)
    await inView(fake, 1)
    await act(async () => boxes()[0]?.click())
    await act(async () => boxes()[1]?.click())
    expect(photoSrcs()).toEqual([expect.stringContaining('/p1?')])
    await act(async () => root?.render(<NetImageProvider baseUrl='https://api.test' platform={fake.platform} network={monitor}><NetImage key={2} media={photo(2)} width={170} /></NetImageProvider>))
    expect(photoSrcs()).toEqual([expect.stringContaining('/p2?')])
    expect(fake.intersections).toHaveLength(1)
  })
})

describe('useMediaBaseUrl', () => {
  function Origin() {
    return <span id='origin'>{`[${useMediaBaseUrl()}]`}</span>
  }

  it('is the provider’s baseUrl, where uploads go as well as where photos come from; same-origin without one', async () => {
    await show(createFakePlatform(), <Origin />)
    expect(container.querySelector('#origin')?.textContent).toBe('[https://api.test/]')
    await act(async () => root?.render(<Origin />))
    expect(container.querySelector('#origin')?.textContent).toBe('[]')
  })
})
