// What a patient has written for a booking, kept on the phone per doctor: the link may drop
// while they type a long description or upload photos, the app may be closed, and nothing they
// wrote may be lost. Cleared once the booking exists.
import type { ClinicPhoto, ConsultMode } from '@tianyuan/contracts/types'
import type { KeyValueStore } from '@tianyuan/sdk'

export interface BookingDraft {
  patientId?: string
  mode?: ConsultMode
  symptoms: string
  /** Photos already uploaded (the media ids the booking will carry). */
  photos: ClinicPhoto[]
  followUp: boolean
  savedAt: number
}

export const EMPTY_DRAFT: BookingDraft = { symptoms: '', photos: [], followUp: false, savedAt: 0 }

/** Drafts older than this are dropped: a week-old description is no longer how the patient feels. */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 3600_000

const keyOf = (doctorId: string) => `draft:${doctorId}`

export async function readDraft(store: KeyValueStore, doctorId: string, now = Date.now()): Promise<BookingDraft | undefined> {
  const draft = await store.get<BookingDraft>(keyOf(doctorId)).catch(() => undefined)
  if (!draft || now - draft.savedAt > DRAFT_MAX_AGE_MS) return undefined
  return draft
}

export function saveDraft(store: KeyValueStore, doctorId: string, draft: Omit<BookingDraft, 'savedAt'>, now = Date.now()): Promise<void> {
  return store.set<BookingDraft>(keyOf(doctorId), { ...draft, savedAt: now })
}

export function clearDraft(store: KeyValueStore, doctorId: string): Promise<void> {
  return store.remove(keyOf(doctorId))
}

/** True when the draft holds something the patient would mind losing. */
export function hasContent(draft: Pick<BookingDraft, 'symptoms' | 'photos'>): boolean {
  return draft.symptoms.trim().length > 0 || draft.photos.length > 0
}
