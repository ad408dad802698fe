import { createHash, randomBytes } from 'node:crypto'

/** A random, URL-safe id: 128 bits, 22 characters. Unguessable, so ids never reveal counts. */
export function newId(): string {
  return randomBytes(16).toString('base64url')
}

/** A session token: 256 random bits. Only its sha256 is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex')
}
