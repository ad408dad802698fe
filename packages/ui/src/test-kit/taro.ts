// A stand-in for @tarojs/taro in the render tests: storage in a Map, a WeChat font setting the
// test chooses, and useDidShow callbacks the test fires (as a page show would).
export const phone = {
  storage: new Map<string, unknown>(),
  baseInfo: { fontSizeScaleFactor: 1, fontSizeSetting: 16 } as Record<string, unknown>,
  /** Make setStorageSync fail (a full phone). */
  storageFull: false,
  showListeners: new Set<() => void>(),
  /** What the camera or album hands back to chooseImage: paths, or 'cancel' (the user backed out). */
  chosen: 'cancel' as string[] | 'cancel',
  /** The `count` of every chooseImage call, in order. */
  chooseCounts: [] as number[],
  /** Every navigateTo / redirectTo, in order: 'navigateTo /notices/pages/detail/index?id=n1'. */
  navigations: [] as string[],
  /** The current page's query (useRouter().params). */
  routerParams: {} as Record<string, string>,
  /** What the next showModal answers: confirmed or cancelled; `modals` lists their titles. */
  modalConfirms: true,
  modals: [] as string[],
  hideListeners: new Set<() => void>(),
  reset(): void {
    this.navigations = []
    this.routerParams = {}
    this.modalConfirms = true
    this.modals = []
    this.hideListeners.clear()
    this.storage.clear()
    this.baseInfo = { fontSizeScaleFactor: 1, fontSizeSetting: 16 }
    this.storageFull = false
    this.showListeners.clear()
    this.chosen = 'cancel'
    this.chooseCounts = []
  },
  /** Fires every mounted useDidHide, as WeChat does when the page is covered or the app goes to the background. */
  hide(): void {
    for (const listener of this.hideListeners) listener()
  },
  /** Fires every mounted useDidShow, as WeChat does when the page comes back. */
  show(): void {
    for (const listener of this.showListeners) listener()
  },
}

const Taro = {
  getStorageSync: (key: string): unknown => (phone.storage.has(key) ? phone.storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    if (phone.storageFull) throw new Error('setStorageSync:fail exceed storage max size 10MB')
    phone.storage.set(key, value)
  },
  getAppBaseInfo: (): Record<string, unknown> => ({ ...phone.baseInfo }),
  getSystemInfoSync: (): Record<string, unknown> => ({ platform: 'android' }),
  // Like WeChat: a user who backs out is a rejected promise (chooseImage:fail cancel).
  chooseImage: async ({ count }: { count?: number }): Promise<{ tempFilePaths: string[] }> => {
    phone.chooseCounts.push(count ?? 9)
    if (phone.chosen === 'cancel') throw new Error('chooseImage:fail cancel')
    return { tempFilePaths: phone.chosen }
  },
  navigateTo: async ({ url }: { url: string }): Promise<void> => {
    phone.navigations.push(`navigateTo ${url}`)
  },
  redirectTo: async ({ url }: { url: string }): Promise<void> => {
    phone.navigations.push(`redirectTo ${url}`)
  },
  showModal: async ({ title }: { title?: string }): Promise<{ confirm: boolean; cancel: boolean }> => {
    phone.modals.push(title ?? '')
    return { confirm: phone.modalConfirms, cancel: !phone.modalConfirms }
  },
}

export default Taro

// Registered on every render like Taro's hook; the latest callback of each caller is kept.
import { useEffect, useRef } from 'react'
export function useDidShow(callback: () => void): void {
  const latest = useRef(callback)
  useEffect(() => {
    latest.current = callback
  })
  useEffect(() => {
    const listener = (): void => latest.current()
    phone.showListeners.add(listener)
    return () => {
      phone.showListeners.delete(listener)
    }
  }, [])
}

/** Taro's useRouter: the page's query from `phone.routerParams`. */
export function useRouter(): { params: Record<string, string> } {
  return { params: phone.routerParams }
}

export function useDidHide(callback: () => void): void {
  const latest = useRef(callback)
  useEffect(() => {
    latest.current = callback
  })
  useEffect(() => {
    const listener = (): void => latest.current()
    phone.hideListeners.add(listener)
    return () => {
      phone.hideListeners.delete(listener)
    }
  }, [])
}
