/** networkType values as wx.getNetworkType reports them. */
export type WxNetworkType = 'wifi' | '5g' | '4g' | '3g' | '2g' | 'unknown' | 'none'

export interface NetworkStatusEvent {
  isConnected: boolean
  networkType: WxNetworkType
}

export interface NetworkWeakEvent {
  weakNet: boolean
  networkType: WxNetworkType
}

/**
 * The phone's connection, switched by the test. Listeners registered through
 * wx.onNetworkStatusChange / onNetworkWeakChange hear about each change, as on a phone.
 */
export class NetworkConditions {
  private current: WxNetworkType = 'wifi'
  private weakNet = false
  readonly statusListeners = new Set<(event: NetworkStatusEvent) => void>()
  readonly weakListeners = new Set<(event: NetworkWeakEvent) => void>()

  get type(): WxNetworkType {
    return this.current
  }

  get weak(): boolean {
    return this.weakNet
  }

  get isConnected(): boolean {
    return this.current !== 'none'
  }

  /**
   * Switches to `type`. `weak` is WeChat's own weak-network verdict; it defaults to true on
   * 2G and false otherwise (never weak while offline). Fires onNetworkStatusChange when the
   * type changes and onNetworkWeakChange when the verdict changes.
   */
  switchTo(type: WxNetworkType, { weak }: { weak?: boolean } = {}): void {
    const nextWeak = type !== 'none' && (weak ?? type === '2g')
    const typeChanged = type !== this.current
    const weakChanged = nextWeak !== this.weakNet
    this.current = type
    this.weakNet = nextWeak
    if (typeChanged) {
      const event: NetworkStatusEvent = { isConnected: this.isConnected, networkType: type }
      for (const listener of [...this.statusListeners]) listener(event)
    }
    if (weakChanged) {
      const event: NetworkWeakEvent = { weakNet: nextWeak, networkType: type }
      for (const listener of [...this.weakListeners]) listener(event)
    }
  }
}
