/** Shown when nothing better is known. Plain, and says the way out. */
export const DEFAULT_ERROR_MESSAGE = '没有加载出来，请检查网络后重试'

/**
 * What to tell the user about `error`: its `userMessage` (the SDK's SdkError carries a zh-CN
 * one) when it has a non-empty one, otherwise `fallback`. Never `error.message`: that is
 * English and for developers.
 */
export function userMessageOf(error: unknown, fallback: string = DEFAULT_ERROR_MESSAGE): string {
  if (typeof error === 'object' && error !== null) {
    const message = (error as { userMessage?: unknown }).userMessage
    if (typeof message === 'string' && message.trim() !== '') return message
  }
  return fallback
}
