import { ageOn, CreatePatientRequest, idBirthDate, idCheckDigit, isValidIdNumber, maskIdNumber, slotTimes } from './clinic'

describe('ID numbers (GB 11643, ISO 7064 MOD 11-2)', () => {
  test('valid numbers, including an X check character', () => {
    // The standard's own example, and two computed by hand: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2.
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(idCheckDigit('11010519491231002')).toBe('X')
    expect(isValidIdNumber('440524198001010013')).toBe(true)
    expect(isValidIdNumber('440524188001010014')).toBe(false) // right check digit, but born before 1900
    expect(isValidIdNumber('110101199003070135')).toBe(false) // wrong check digit (should end in 4)
    expect(idCheckDigit('11010119900307013')).toBe('4')
    expect(isValidIdNumber('110101199003070134')).toBe(true)
  })

  test('invalid: wrong check digit, wrong length, letters, impossible birth dates', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false)
    expect(isValidIdNumber('11010519491231002x')).toBe(false) // lower-case x: the schema upper-cases first
    expect(isValidIdNumber('1101051949123100')).toBe(false)
    expect(isValidIdNumber('11010519490230002X')).toBe(false) // 02-30
    expect(idBirthDate('110105194902300021')).toBeNull()
    expect(isValidIdNumber('A1010519491231002X')).toBe(false)
  })

  test('the request schema upper-cases x and names the problem in zh-CN', () => {
    const base = { name: '王大爷', relation: '本人' as const }
    expect(CreatePatientRequest.safeParse({ ...base, idNumber: '11010519491231002x' }).success).toBe(true)
    const bad = CreatePatientRequest.safeParse({ ...base, idNumber: '110105194912310021' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toContain('校验位')
    const date = CreatePatientRequest.safeParse({ ...base, idNumber: '110105194902300021' })
    expect(date.error?.issues[0]?.message).toContain('出生日期')
  })

  test('masked form and age', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
    expect(ageOn('2020-11-29', '2026-11-28')).toBe(5)
    expect(ageOn('2020-11-28', '2026-11-28')).toBe(6)
  })

  test('slot times are Shanghai wall-clock times', () => {
    expect(new Date(slotTimes('2026-11-28', 'morning').startsAt).toISOString()).toBe('2026-11-28T00:00:00.000Z')
    expect(new Date(slotTimes('2026-11-28', 'evening').endsAt).toISOString()).toBe('2026-11-28T13:00:00.000Z')
  })
})
