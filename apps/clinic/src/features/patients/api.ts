import type { CreatePatientRequest, Patient, PatientResponse } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'

export const PATIENTS_PATH = '/clinic/patients'
export const patientsUrl = '/pkg/pages/patients/index'
export const patientEditUrl = '/pkg/pages/patient-edit/index'

/**
 * Registers a family member (or the account holder). Online only: the server checks the ID
 * number and the guardian rule and answers with the masked number; one tap, one Idempotency-Key
 * for every retry, so a lost answer never registers the same person twice.
 */
export async function addPatient(request: CreatePatientRequest): Promise<Patient> {
  const result = await sdk.api.mutate<PatientResponse>({ method: 'POST', path: PATIENTS_PATH, body: request, label: '添加就诊人' })
  return result.data.patient
}

/** '王大爷（本人，61 岁，男）' */
export function describePatient(p: Pick<Patient, 'name' | 'relation' | 'age' | 'gender'>): string {
  return `${p.name}（${p.relation}，${p.age} 岁，${p.gender}）`
}
