import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ensureSandboxKeys, KEY_FILES, loadSandboxKeys } from './keys'
import { tempDir } from './test-helpers'

test('first start generates the keys, mode 0600 in a 0700 folder; later starts reuse them', () => {
  const dir = path.join(tempDir(), 'nested', 'keys')
  const keys = ensureSandboxKeys(dir, { env: 'test' })
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
  for (const f of Object.values(KEY_FILES)) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600)
  expect(keys.apiV3Key).toMatch(/^[A-Za-z0-9]{32}$/)
  expect(keys.merchantSerial).toMatch(/^SANDBOX[0-9A-F]{34}$/)
  expect(keys.platformSerial).toMatch(/^PUB_KEY_ID_SANDBOX_[0-9A-F]{16}$/)
  // The pairs belong together.
  const sig = crypto.sign('sha256', Buffer.from('x'), keys.merchantPrivateKey)
  expect(crypto.verify('sha256', Buffer.from('x'), keys.merchantPublicKey, sig)).toBe(true)
  const psig = crypto.sign('sha256', Buffer.from('x'), keys.platformPrivateKey)
  expect(crypto.verify('sha256', Buffer.from('x'), keys.platformPublicKey, psig)).toBe(true)
  expect(crypto.verify('sha256', Buffer.from('x'), keys.platformPublicKey, sig)).toBe(false)

  expect(ensureSandboxKeys(dir, { env: 'test' })).toEqual(keys)
  expect(loadSandboxKeys(dir, { env: 'test' })).toEqual(keys)
})

test('an empty folder is filled; an incomplete one is refused rather than half-regenerated', () => {
  const empty = tempDir()
  expect(ensureSandboxKeys(empty, { env: 'test' }).apiV3Key).toHaveLength(32)
  const partial = tempDir()
  fs.writeFileSync(path.join(partial, KEY_FILES.apiV3Key), 'x'.repeat(32))
  expect(() => ensureSandboxKeys(partial, { env: 'test' })).toThrow(/incomplete/)
  expect(() => loadSandboxKeys(tempDir(), { env: 'test' })).toThrow(/missing/)
})
