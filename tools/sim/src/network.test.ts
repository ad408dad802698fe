import { NetworkConditions, type NetworkStatusEvent, type NetworkWeakEvent } from './network'

describe('NetworkConditions', () => {
  it('fires status events on each type change and weak events when the verdict flips', () => {
    const network = new NetworkConditions()
    const status: NetworkStatusEvent[] = []
    const weak: NetworkWeakEvent[] = []
    network.statusListeners.add((e) => status.push(e))
    network.weakListeners.add((e) => weak.push(e))

    network.switchTo('2g')
    network.switchTo('none')
    network.switchTo('wifi')
    network.switchTo('wifi')

    expect(status).toEqual([
      { isConnected: true, networkType: '2g' },
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: 'wifi' },
    ])
    expect(weak).toEqual([
      { weakNet: true, networkType: '2g' },
      { weakNet: false, networkType: 'none' },
    ])
  })

  it('lets the test call a 4G link weak without a type change event', () => {
    const network = new NetworkConditions()
    network.switchTo('4g')
    const status: NetworkStatusEvent[] = []
    network.statusListeners.add((e) => status.push(e))
    network.switchTo('4g', { weak: true })
    expect(network.weak).toBe(true)
    expect(status).toEqual([])
  })

  it('stops calling a listener once it is removed', () => {
    const network = new NetworkConditions()
    const heard: string[] = []
    const listener = (e: NetworkStatusEvent): void => void heard.push(e.networkType)
    network.statusListeners.add(listener)
    network.switchTo('3g')
    network.statusListeners.delete(listener)
    network.switchTo('4g')
    expect(heard).toEqual(['3g'])
  })
})
