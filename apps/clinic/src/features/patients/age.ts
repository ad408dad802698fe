import { ADULT_AGE, GUARDIAN_REQUIRED_UNDER, ageOn, idBirthDate, idNumberProblem } from '@tianyuan/contracts/clinic-rules'

/** What the form knows from a typed ID number: its age on `today` (a Shanghai day), and whether it needs a guardian. */
export function readIdNumber(raw: string, today: string): { problem: string | null; age?: number; needsGuardian: boolean } {
  const problem = idNumberProblem(raw)
  if (problem) return { problem, needsGuardian: false }
  const birth = idBirthDate(raw.trim().toUpperCase()) as string
  const age = ageOn(birth, today)
  return { problem: null, age, needsGuardian: age < GUARDIAN_REQUIRED_UNDER }
}

export const isAdult = (p: { age: number }) => p.age >= ADULT_AGE
