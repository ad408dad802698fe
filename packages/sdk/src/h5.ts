// @tianyuan/sdk/h5: the H5 preview's platform (login and payment through the wechat-sandbox).
// Apps need not import it: `defaultPlatform` picks it when TARO_ENV is 'h5'. A separate entry
// so that nothing of it reaches a weapp bundle.
export {
  createH5Platform,
  openCashierSheet,
  sandboxCashierDecision,
  paymentOutcomeOf,
  openTransferSheet,
  sandboxTransferDecision,
  transferOutcomeOf,
  type TransferOpener,
  DEFAULT_SANDBOX_BASE,
  DEFAULT_SANDBOX_USER,
  type CashierOpener,
  type H5Platform,
  type H5PlatformOptions,
} from './platform/h5'
