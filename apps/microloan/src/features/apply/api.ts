import type { ConsentTextsResponse, LoanApplicationRequest, LoanApplicationResponse, LoanQuote, LoanQuoteRequest, LoanQuoteResponse } from '@tianyuan/contracts/types'
import { isSdkError } from '@tianyuan/sdk'
import { useQuery } from '@tianyuan/sdk/react'
import { sdk } from '../../sdk'

export const APPLICATIONS_PATH = '/loans/applications'
export const QUOTE_PATH = '/loans/quote'
export const CONSENTS_PATH = '/loans/consents'

/** The exact consent texts (version and SHA-256 with each): what the borrower reads is what is recorded. */
export function useConsentTexts() {
  return useQuery<ConsentTextsResponse>(CONSENTS_PATH, { staleMs: 3600_000 })
}

/** The server's schedule for a choice, computed with the same package as the calculator: shown before the borrower applies. */
export async function quoteLoan(request: LoanQuoteRequest): Promise<LoanQuote> {
  // A read in POST form (nothing changes): no Idempotency-Key needed, and so not retried by the SDK.
  return (await sdk.api.request<LoanQuoteResponse>({ method: 'POST', path: QUOTE_PATH, body: request })).quote
}

/**
 * Submits the application. Not queued offline: it carries a WeChat phone code that lasts five
 * minutes, and the borrower waits for the automatic checks. Every retry carries the same
 * Idempotency-Key; when retries run out the error carries it and 再试一次 passes it back, so a
 * lost answer never files a second application.
 */
export async function submitApplication(request: LoanApplicationRequest, idempotencyKey?: string): Promise<LoanApplicationResponse> {
  return (await sdk.api.mutate<LoanApplicationResponse>({ method: 'POST', path: APPLICATIONS_PATH, body: request, idempotencyKey, label: '申请贷款' })).data
}

/** The key to reuse when trying a failed submission again (undefined: nothing reached the server). */
export function retryKeyOf(error: unknown): string | undefined {
  return isSdkError(error) ? error.idempotencyKey : undefined
}
