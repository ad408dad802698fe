export { launchApp, SimApp, type LaunchOptions } from './mini-program'
export { SimPage, SimNode, readableText, type TextMatcher, type PageInstance, type SimComponent } from './page'
export {
  SimWx,
  DEFAULT_SYSTEM_INFO,
  notProvidedMessage,
  type ModalAnswer,
  type PaymentOutcome,
  type PaymentRecord,
  type ShownModal,
  type ShownToast,
  type SystemInfo,
  type WxFunction,
} from './fake-wx'
export { WxFailure, type WxCallbacks, type WxResult } from './callbacks'
export { NetworkConditions, type WxNetworkType, type NetworkStatusEvent, type NetworkWeakEvent } from './network'
export { SimAudio, SimAudioHub, fileSystemManager } from './media'
export { forwardTo, type FetchHandler, type RequestRecord } from './requests'
export { WxStorage, StorageError, STORAGE_ITEM_LIMIT_BYTES, STORAGE_TOTAL_LIMIT_BYTES, type StorageInfo } from './storage'
export { parsePageUrl, formatPageUrl, type PageUrl } from './url'
export { waitFor, nextTurn, type WaitOptions } from './wait'
export { runAppSmoke, type AppSmokeOptions } from './smoke'
export { sandboxLoginCode, signIn, confirmInCashier, answerSubscribeSheet, sandboxInbox } from './sandbox'
export { launchWithSandbox, wireSandbox, provideSilentIntersectionObserver, type SandboxLaunchOptions } from './sandbox-phone'
export { startChildServer, runChildServer, type ChildServer, type ChildServerOptions } from './child-server'
