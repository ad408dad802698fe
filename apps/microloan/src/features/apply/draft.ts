// What a borrower has filled in for an application, kept on the phone per product: the link may
// drop between screens, the app may be closed, and nothing they chose may be lost. Cleared once
// the application exists.
//
// The ID number and the bank card are NOT kept: they are sensitive personal information (PIPL
// art. 28), a phone is often shared in a family, and the storage is plain text. They are typed
// again after a restart; everything else comes back.
import type { KeyValueStore } from '@tianyuan/sdk'

export interface ApplicationDraft {
  /** The screen the borrower was on (0-based). */
  step: number
  purpose: string
  amountFen?: number
  termMonths?: number
  method?: string
  name: string
  savedAt: number
}

/** What the form may hand to saveDraft: anything, sensitive fields included; only the draft's own fields are written. */
export type DraftInput = Omit<ApplicationDraft, 'savedAt'> & Record<string, unknown>

export const EMPTY_DRAFT: Omit<ApplicationDraft, 'savedAt'> = { step: 0, purpose: '', name: '' }

/** Drafts older than this are dropped: a month-old plan is no longer the borrower's plan. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3600_000

const keyOf = (productId: string) => `apply:${productId}`

export async function readDraft(store: KeyValueStore, productId: string, now = Date.now()): Promise<ApplicationDraft | undefined> {
  const draft = await store.get<ApplicationDraft>(keyOf(productId)).catch(() => undefined)
  if (!draft || now - draft.savedAt > DRAFT_MAX_AGE_MS) return undefined
  return draft
}

export function saveDraft(store: KeyValueStore, productId: string, input: DraftInput, now = Date.now()): Promise<void> {
  const { step, purpose, amountFen, termMonths, method, name } = input
  const draft: ApplicationDraft = { step, purpose, amountFen, termMonths, method, name, savedAt: now }
  return store.set<ApplicationDraft>(keyOf(productId), draft)
}

export function clearDraft(store: KeyValueStore, productId: string): Promise<void> {
  return store.remove(keyOf(productId))
}

/** True when the draft holds something the borrower would mind losing. */
export function hasContent(draft: Pick<ApplicationDraft, 'step' | 'purpose' | 'name'>): boolean {
  return draft.step > 0 || draft.purpose.trim().length > 0 || draft.name.trim().length > 0
}
