import { idCheckDigit } from '@tianyuan/contracts/clinic-rules'
import { readIdNumber } from './age'

const id = (birth: string) => {
  const first17 = `330102${birth}123`
  return first17 + idCheckDigit(first17)
}
const NOW = '2026-11-28'

test('an adult’s number gives the age in full years and needs no guardian', () => {
  expect(readIdNumber(id('19650315'), NOW)).toEqual({ problem: null, age: 61, needsGuardian: false })
})

test('a child under 6 needs a guardian; on the 6th birthday no longer', () => {
  expect(readIdNumber(id('20220101'), NOW)).toMatchObject({ age: 4, needsGuardian: true })
  expect(readIdNumber(id('20201128'), NOW)).toMatchObject({ age: 6, needsGuardian: false })
})

test('a wrong check digit or a short number says what to fix, before anything is sent', () => {
  const good = id('19650315')
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
  expect(readIdNumber(bad, NOW).problem).toBe('身份证号校验位不对，请逐位核对')
  expect(readIdNumber('3301021965', NOW).problem).toBe('身份证号应为 18 位，最后一位可以是数字或 X')
  expect(readIdNumber(good.toLowerCase(), NOW).problem).toBeNull()
})
