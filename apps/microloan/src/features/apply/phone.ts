// The phone number comes from WeChat, not from typing: a `getPhoneNumber` button gives a
// single-use code (valid 5 minutes) that the server exchanges with WeChat when the application
// arrives. The preview in a browser has no such button: there the WeChat sandbox on the API's
// origin issues the code for this browser's sandbox villager, as its login does (the SDK's H5
// platform asks it, at the sandbox address the platform is configured with).
import type { H5Platform } from '@tianyuan/sdk/h5'
import { defaultPlatform } from '@tianyuan/sdk'

/** A code older than this is asked for again before submitting (WeChat's codes last 5 minutes). */
export const PHONE_CODE_MAX_AGE_MS = 4 * 60_000

export interface PhoneCode {
  code: string
  at: number
}

export const isFresh = (phone: PhoneCode | undefined, now = Date.now()): phone is PhoneCode => Boolean(phone && now - phone.at < PHONE_CODE_MAX_AGE_MS)

/** H5 only: the sandbox's code for this browser's villager (weapp uses the button's `detail.code`). */
export function sandboxPhoneCode(): Promise<string> {
  return (defaultPlatform as H5Platform).sandboxPhoneCode()
}
