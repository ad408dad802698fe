// The cryptography of WeChat Pay API v3, with Node's `crypto` only:
// SHA256withRSA (PKCS#1 v1.5) signatures, and AEAD_AES_256_GCM for notification resources.
import crypto, { type KeyObject } from 'node:crypto'

/** A PEM string or an already-parsed key. */
export type KeyInput = string | Buffer | KeyObject

export const toPrivateKey = (key: KeyInput): KeyObject =>
  isKeyObject(key) ? key : crypto.createPrivateKey(key)

export const toPublicKey = (key: KeyInput): KeyObject =>
  isKeyObject(key) ? key : crypto.createPublicKey(key)

function isKeyObject(key: KeyInput): key is KeyObject {
  return typeof key === 'object' && !Buffer.isBuffer(key)
}

/** SHA256withRSA over `message`, base64. */
export function signSha256Rsa(privateKey: KeyInput, message: string): string {
  return crypto.sign('sha256', Buffer.from(message, 'utf8'), toPrivateKey(privateKey)).toString('base64')
}

/** Checks a base64 SHA256withRSA signature. Never throws: a malformed signature is simply false. */
export function verifySha256Rsa(publicKey: KeyInput, message: string, signatureBase64: string): boolean {
  try {
    return crypto.verify('sha256', Buffer.from(message, 'utf8'), toPublicKey(publicKey), Buffer.from(signatureBase64, 'base64'))
  } catch {
    return false
  }
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A random string of letters and digits (WeChat's nonce_str is at most 32 characters). */
export function randomNonce(length = 32): string {
  const bytes = crypto.randomBytes(length)
  let out = ''
  for (const b of bytes) out += NONCE_ALPHABET[b % NONCE_ALPHABET.length]
  return out
}

/** `METHOD\nURL\ntimestamp\nnonce\nbody\n` — what the merchant signs for each API request. */
export const requestSignatureMessage = (method: string, url: string, timestamp: string, nonce: string, body: string): string =>
  `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`

/** `timestamp\nnonce\nbody\n` — what the platform signs for each response and notification. */
export const responseSignatureMessage = (timestamp: string, nonce: string, body: string): string => `${timestamp}\n${nonce}\n${body}\n`

/** `appId\ntimeStamp\nnonceStr\npackage\n` — what the merchant signs for `wx.requestPayment`'s paySign. */
export const paySignMessage = (appId: string, timeStamp: string, nonceStr: string, pkg: string): string =>
  `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`

export interface AuthorizationParts {
  mchid: string
  nonce_str: string
  signature: string
  timestamp: string
  serial_no: string
}

export const AUTHORIZATION_SCHEME = 'WECHATPAY2-SHA256-RSA2048'

/** The `Authorization` header value of a signed merchant request. */
export function formatAuthorization(parts: AuthorizationParts): string {
  return (
    `${AUTHORIZATION_SCHEME} mchid="${parts.mchid}",nonce_str="${parts.nonce_str}",` +
    `signature="${parts.signature}",timestamp="${parts.timestamp}",serial_no="${parts.serial_no}"`
  )
}

/** Parses an `Authorization` header; null when it is not a well-formed WECHATPAY2-SHA256-RSA2048 value. */
export function parseAuthorization(header: string | null | undefined): AuthorizationParts | null {
  if (!header) return null
  const prefix = `${AUTHORIZATION_SCHEME} `
  if (!header.startsWith(prefix)) return null
  const fields = new Map<string, string>()
  const re = /\s*([a-z_]+)="([^"]*)"\s*(,|$)/gy
  const rest = header.slice(prefix.length)
  let m: RegExpExecArray | null
  let consumed = 0
  while (consumed < rest.length && (m = re.exec(rest)) !== null) {
    if (fields.has(m[1]!)) return null
    fields.set(m[1]!, m[2]!)
    consumed = re.lastIndex
  }
  if (consumed !== rest.length) return null
  const get = (k: keyof AuthorizationParts) => fields.get(k)
  const mchid = get('mchid')
  const nonce_str = get('nonce_str')
  const signature = get('signature')
  const timestamp = get('timestamp')
  const serial_no = get('serial_no')
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null
  return { mchid, nonce_str, signature, timestamp, serial_no }
}

/** The AES-256 key from an APIv3 key: 32 ASCII characters, used as the key bytes. */
export function apiV3KeyBytes(apiV3Key: string | Buffer): Buffer {
  const key = typeof apiV3Key === 'string' ? Buffer.from(apiV3Key, 'utf8') : apiV3Key
  if (key.length !== 32) throw new Error('The APIv3 key must be exactly 32 bytes')
  return key
}

/** AEAD_AES_256_GCM as WeChat uses it: base64(ciphertext || 16-byte tag). */
export function encryptResource(apiV3Key: string | Buffer, nonce: string, associatedData: string, plaintext: string): string {
  const cipher = crypto.createCipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(nonce, 'utf8'))
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64')
}

/** Inverse of encryptResource; throws when the tag does not authenticate. */
export function decryptResource(apiV3Key: string | Buffer, nonce: string, associatedData: string, ciphertextBase64: string): string {
  const data = Buffer.from(ciphertextBase64, 'base64')
  if (data.length < 16) throw new Error('ciphertext too short')
  const decipher = crypto.createDecipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(nonce, 'utf8'))
  decipher.setAAD(Buffer.from(associatedData, 'utf8'))
  decipher.setAuthTag(data.subarray(data.length - 16))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8')
}

/**
 * A sensitive field (a transfer's `user_name`) as WeChat wants it: RSA-OAEP (SHA-1, MGF1 SHA-1)
 * under the platform public key, base64; the request then names that key in `Wechatpay-Serial`.
 */
export function encryptSensitiveField(platformPublicKey: KeyInput, plaintext: string): string {
  return crypto
    .publicEncrypt({ key: toPublicKey(platformPublicKey), padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext, 'utf8'))
    .toString('base64')
}
