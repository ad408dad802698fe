// The sandbox's own copy of v3's primitives. Deliberately independent of @tianyuan/wechatpay,
// so that the tests, which run that client against this server, cross-check two readings of
// the protocol rather than one implementation against itself.
import crypto from 'node:crypto'

export const sign = (privateKeyPem: string, message: string): string =>
  crypto.createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64')

export function verify(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return crypto.createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signature, 'base64')
  } catch {
    return false
  }
}

/** AEAD_AES_256_GCM: base64(ciphertext || 16-byte tag), the APIv3 key's 32 characters as the key. */
export function aesGcmEncrypt(apiV3Key: string, nonce: string, associatedData: string, plaintext: string): string {
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'))
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const out = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return out.toString('base64')
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomString(length: number, alphabet = ALNUM): string {
  let out = ''
  for (const b of crypto.randomBytes(length)) out += alphabet[b % alphabet.length]
  return out
}

export const randomHex = (bytes: number): string => crypto.randomBytes(bytes).toString('hex').toUpperCase()

export const sha256 = (s: string): Buffer => crypto.createHash('sha256').update(s, 'utf8').digest()
