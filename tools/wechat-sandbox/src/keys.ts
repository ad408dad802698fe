// Key material of the sandbox: generated once into a data folder, reused afterwards.
// The file names follow what a real merchant downloads, so that the API reads either the same way.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { randomHex, randomString } from './crypto'

export interface SandboxKeys {
  /** Platform ("WeChat Pay public key") id; the API's WECHATPAY_PLATFORM_PUBLIC_KEY_ID. */
  platformSerial: string
  /** The API's WECHATPAY_PLATFORM_PUBLIC_KEY (file pub_key.pem). */
  platformPublicKey: string
  /** Only the sandbox holds this: it signs responses and notifications. */
  platformPrivateKey: string
  /** The API's WECHATPAY_MERCHANT_SERIAL. */
  merchantSerial: string
  /** The API's WECHATPAY_MERCHANT_PRIVATE_KEY (file apiclient_key.pem). */
  merchantPrivateKey: string
  /** What WeChat knows of the merchant: verifies request signatures and paySign. */
  merchantPublicKey: string
  /** The API's WECHATPAY_APIV3_KEY: 32 letters and digits. */
  apiV3Key: string
}

/** File name in the data folder for each key. The README's table shows the matching API setting. */
export const KEY_FILES: Record<keyof SandboxKeys, string> = {
  platformSerial: 'pub_key_id.txt',
  platformPublicKey: 'pub_key.pem',
  platformPrivateKey: 'platform_private_key.pem',
  merchantSerial: 'merchant_serial.txt',
  merchantPrivateKey: 'apiclient_key.pem',
  merchantPublicKey: 'apiclient_public_key.pem',
  apiV3Key: 'apiv3_key.txt',
}

/** Every serial the sandbox makes contains this (see @tianyuan/wechatpay's isSandboxSerial). */
export const SANDBOX_MARKER = 'SANDBOX'

export class SandboxRefusedError extends Error {
  constructor(what: string) {
    super(`${what}: the WeChat sandbox does not exist when NODE_ENV=production`)
    this.name = 'SandboxRefusedError'
  }
}

export const isProduction = (env: string | undefined = process.env.NODE_ENV): boolean => env === 'production'

function generate(): SandboxKeys {
  const pair = () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    return {
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }
  }
  const platform = pair()
  const merchant = pair()
  return {
    // Real ids are PUB_KEY_ID_ + digits; real merchant serials are 40 hex digits.
    platformSerial: `PUB_KEY_ID_${SANDBOX_MARKER}_${randomHex(8)}`,
    platformPublicKey: platform.publicKey,
    platformPrivateKey: platform.privateKey,
    merchantSerial: `${SANDBOX_MARKER}${randomHex(17)}`,
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    apiV3Key: randomString(32),
  }
}

/**
 * Reads the sandbox's keys from `dataDir`. Throws when any is missing, and always when
 * NODE_ENV (or `options.env`) is production: sandbox keys are never accepted there.
 */
export function loadSandboxKeys(dataDir: string, options: { env?: string } = {}): SandboxKeys {
  if (isProduction(options.env ?? process.env.NODE_ENV)) throw new SandboxRefusedError('loadSandboxKeys')
  const missing = Object.values(KEY_FILES).filter((f) => !fs.existsSync(path.join(dataDir, f)))
  if (missing.length) throw new Error(`WeChat sandbox keys missing in ${dataDir}: ${missing.join(', ')}`)
  const read = (f: string) => fs.readFileSync(path.join(dataDir, f), 'utf8')
  const keys = Object.fromEntries(
    Object.entries(KEY_FILES).map(([k, f]) => [k, k.endsWith('Serial') || k === 'apiV3Key' ? read(f).trim() : read(f)]),
  ) as unknown as SandboxKeys
  return keys
}

/**
 * Loads the keys in `dataDir`, generating them first if the folder has none. Generation
 * writes into a private temporary folder and renames it into place, so two processes
 * starting at once end up sharing one set (the loser of the rename reads the winner's).
 */
export function ensureSandboxKeys(dataDir: string, options: { env?: string } = {}): SandboxKeys {
  if (isProduction(options.env ?? process.env.NODE_ENV)) throw new SandboxRefusedError('ensureSandboxKeys')
  const dir = path.resolve(dataDir)
  const present = Object.values(KEY_FILES).filter((f) => fs.existsSync(path.join(dir, f)))
  if (present.length === Object.keys(KEY_FILES).length) return loadSandboxKeys(dir, options)
  if (present.length > 0) {
    throw new Error(`WeChat sandbox keys in ${dir} are incomplete (${present.join(', ')}); delete the folder to regenerate`)
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const tmp = fs.mkdtempSync(path.join(path.dirname(dir), `.${path.basename(dir)}-`))
  try {
    fs.chmodSync(tmp, 0o700)
    const keys = generate()
    for (const [k, f] of Object.entries(KEY_FILES)) {
      const value = keys[k as keyof SandboxKeys]
      fs.writeFileSync(path.join(tmp, f), value.endsWith('\n') ? value : value + '\n', { mode: 0o600, flag: 'wx' })
    }
    try {
      // Replaces `dir` only if it is absent or empty.
      fs.renameSync(tmp, dir)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e
      fs.rmSync(tmp, { recursive: true, force: true })
      return loadSandboxKeys(dir, options)
    }
    return keys
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw e
  }
}
