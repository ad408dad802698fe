import fc from 'fast-check'
import { bankCardProblem, bankCardWarning, idCheckDigit, idNumberProblem, isValidIdNumber, maskBankCard, maskIdNumber, maskPhone, passesLuhn } from './identity-rules'
import * as clinicRules from './clinic-rules'

describe('identity rules', () => {
  it('the clinic uses the same ID-number check (one implementation)', () => {
    expect(clinicRules.isValidIdNumber).toBe(isValidIdNumber)
    expect(clinicRules.idNumberProblem).toBe(idNumberProblem)
    expect(clinicRules.maskIdNumber).toBe(maskIdNumber)
  })

  it('accepts the GB 11643 example and refuses a wrong check digit with words', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(idNumberProblem('110105194912310021')).toBe('身份证号校验位不对，请逐位核对')
    expect(idCheckDigit('11010519491231002')).toBe('X')
  })

  it('Luhn: a known-good card passes, one changed digit fails; only a warning, never a problem', () => {
    expect(passesLuhn('4111111111111111')).toBe(true)
    expect(passesLuhn('4111111111111112')).toBe(false)
    expect(bankCardWarning('4111 1111 1111 1112')).toMatch(/核对/)
    expect(bankCardProblem('4111 1111 1111 1112')).toBeNull()
    expect(bankCardWarning('4111111111111111')).toBeNull()
    expect(bankCardProblem('12345')).toBe('银行卡号应为 12 到 19 位数字')
  })

  it('masks show at most the ends: never the middle digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,19}$/), (card) => {
        const masked = maskBankCard(card)
        expect(masked.endsWith(card.slice(-4))).toBe(true)
        expect(masked.replace(/\D/g, '')).toBe(card.slice(-4))
      }),
    )
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
  })
})
