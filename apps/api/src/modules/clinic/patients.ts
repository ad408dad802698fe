import {
  ADULT_AGE,
  GUARDIAN_REQUIRED_UNDER,
  ageOn,
  idBirthDate,
  maskIdNumber,
  shanghaiDate,
  toShanghaiIso,
  type CreatePatientRequest,
  type Patient,
} from '@tianyuan/contracts'
import { newId } from '../../platform/ids'
import type { ClinicDb, PatientRow } from './schema'
import { enforcePatientQuota } from './quotas'
import { clinicErrors, isUniqueViolation, type ClinicDeps } from './shared'

export function toPatient(row: PatientRow, now: number): Patient {
  return {
    id: row.id,
    name: row.name,
    relation: row.relation,
    idNumberMasked: maskIdNumber(row.id_number),
    birthDate: row.birth_date,
    gender: row.gender,
    age: ageOn(row.birth_date, shanghaiDate(now)),
    guardianId: row.guardian_id,
    createdAt: toShanghaiIso(Number(row.created_at)),
  }
}

export async function listPatients(deps: ClinicDeps, userId: string): Promise<Patient[]> {
  const rows = await deps.db.selectFrom('clinic_patients').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()
  return rows.map((r) => toPatient(r, deps.now()))
}

/** The account's own patient; anyone else's → 404. */
export async function findOwnPatient(db: ClinicDb, userId: string, id: string): Promise<PatientRow | undefined> {
  return db.selectFrom('clinic_patients').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
}

export async function getPatient(deps: ClinicDeps, userId: string, id: string): Promise<Patient> {
  const row = await findOwnPatient(deps.db, userId, id)
  if (!row) throw clinicErrors.patientNotFound()
  return toPatient(row, deps.now())
}

/**
 * Adds the account holder or a family member. The birth date comes from the ID number (a given
 * birthDate must agree); a child under 6 must name a guardian: an adult patient of the same account.
 */
export async function createPatient(deps: ClinicDeps, userId: string, body: CreatePatientRequest): Promise<Patient> {
  const idNumber = body.idNumber.trim().toUpperCase()
  const birthDate = idBirthDate(idNumber)
  if (!birthDate) throw clinicErrors.field('idNumber', '身份证号里的出生日期不对，请核对')
  if (body.birthDate !== undefined && body.birthDate !== birthDate) {
    throw clinicErrors.field('birthDate', `出生日期和身份证号不一致（身份证上是 ${birthDate}），请核对`)
  }
  const now = deps.now()
  const today = shanghaiDate(now)
  if (birthDate > today) throw clinicErrors.field('idNumber', '身份证号里的出生日期在今天之后，请核对')
  const age = ageOn(birthDate, today)
  if (age > 130) throw clinicErrors.field('idNumber', '身份证号里的出生日期不对，请核对')
  let guardianId: string | null = null
  if (age < GUARDIAN_REQUIRED_UNDER) {
    if (!body.guardianId) throw clinicErrors.field('guardianId', `${age} 岁的孩子看病需要监护人，请先添加一位成年家人并选为监护人`)
    const guardian = await findOwnPatient(deps.db, userId, body.guardianId)
    if (!guardian) throw clinicErrors.field('guardianId', '没有找到这位监护人，请从就诊人里选择')
    if (ageOn(guardian.birth_date, today) < ADULT_AGE) throw clinicErrors.field('guardianId', `监护人须年满 ${ADULT_AGE} 岁，请选择一位成年家人`)
    guardianId = guardian.id
  } else if (body.guardianId) {
    // Accepted but only if it is a real adult of this account (a parent may name one for an older child).
    const guardian = await findOwnPatient(deps.db, userId, body.guardianId)
    if (!guardian) throw clinicErrors.field('guardianId', '没有找到这位监护人，请从就诊人里选择')
    guardianId = guardian.id
  }
  const gender = Number(idNumber[16]) % 2 === 1 ? '男' : '女'
  const row: PatientRow = {
    id: newId(),
    user_id: userId,
    name: body.name.trim(),
    relation: body.relation,
    id_number: idNumber,
    birth_date: birthDate,
    gender,
    guardian_id: guardianId,
    created_at: now,
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      await enforcePatientQuota(trx, deps, userId)
      await trx.insertInto('clinic_patients').values(row).execute()
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw clinicErrors.conflict('这位就诊人已经添加过了')
    throw error
  }
  return toPatient(row, now)
}
