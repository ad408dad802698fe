import { classifyLink } from './link-class'
import { createNetworkMonitor } from './network-monitor'
import { createFakePlatform } from '../platform/fake'
import type { NetworkType } from '../platform/types'

describe('classifyLink', () => {
  it.each<[NetworkType, boolean, string]>([
    ['wifi', false, 'good'],
    ['5g', false, 'good'],
    ['4g', false, 'good'],
    ['4g', true, 'slow'],
    ['wifi', true, 'slow'],
    ['3g', false, 'slow'],
    ['unknown', false, 'slow'],
    ['3g', true, 'very-slow'],
    ['2g', false, 'very-slow'],
    ['none', false, 'offline'],
  ])('%s (weak: %s) is %s', (type, weak, link) => {
    expect(classifyLink({ type, weak, online: type !== 'none' })).toBe(link)
  })
})

describe('createNetworkMonitor', () => {
  it('starts optimistic, takes the first reading, then follows events', async () => {
    const fake = createFakePlatform({ network: { type: '2g' } })
    const monitor = createNetworkMonitor(fake.platform)
    expect(monitor.state.online).toBe(true)
    await monitor.ready
    expect(monitor.link).toBe('very-slow')
    const links: string[] = []
    monitor.subscribe((_, link) => links.push(link))
    fake.network.goOffline()
    fake.network.goOnline('wifi')
    expect(links).toEqual(['offline', 'good'])
    expect(monitor.link).toBe('good')
    monitor.dispose()
  })
})
