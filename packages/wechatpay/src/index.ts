export {
  createWechatPayClient,
  isSandboxSerial,
  SANDBOX_SERIAL_MARKER,
  WECHATPAY_PRODUCTION_BASE_URL,
  WechatPayApiError,
  WechatPaySignatureError,
  type HeadersInput,
  type ParseNotificationOptions,
  type WechatPayClient,
  type WechatPayClientOptions,
} from './client'
export {
  AUTHORIZATION_SCHEME,
  decryptResource,
  encryptResource,
  encryptSensitiveField,
  formatAuthorization,
  parseAuthorization,
  paySignMessage,
  randomNonce,
  requestSignatureMessage,
  responseSignatureMessage,
  signSha256Rsa,
  verifySha256Rsa,
  type AuthorizationParts,
  type KeyInput,
} from './crypto'
export { cutUtf8Bytes, REFUND_REASON_MAX_BYTES } from './text'
export type * from './types'
