/**
 * A random UUID v4 for the Idempotency-Key header. WeChat has no crypto.randomUUID, and
 * the key only has to be unique per user for the server's 24 h replay window, so
 * Math.random (or the random source the client is given) is enough.
 */
export function makeIdempotencyKey(random: () => number = Math.random): string {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const n = Math.floor(random() * 16)
    return (c === 'x' ? n : (n & 0x3) | 0x8).toString(16)
  })
}
