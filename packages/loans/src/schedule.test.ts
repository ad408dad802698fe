import fc from 'fast-check'
import { buildSchedule, equalInstallmentFen, validateTerms } from './schedule'
import { termsArb } from './test-arbitraries'
import type { LoanTerms } from './types'

const terms = (over: Partial<LoanTerms>): LoanTerms => ({
  principalFen: 1_000_000,
  annualRateBp: 800,
  termMonths: 12,
  method: 'equal_installment',
  startDate: '2025-03-15',
  fees: [],
  ...over,
})

describe('published installment figures', () => {
  it.each([
    // Excel's PMT documentation: 10,000 at 8 %/yr over 10 months → 1,037.03
    ['Excel PMT', 1_000_000, 800, 10, 103_703],
    // numpy-financial's pmt documentation: 200,000 at 7.5 %/yr over 15 years → 1,854.02
    ['numpy pmt', 20_000_000, 750, 180, 185_402],
    // FileMaker's PMT documentation: 21,000 at 6.9 %/yr over 48 months → 501.90
    ['FileMaker PMT', 2_100_000, 690, 48, 50_190],
  ])('%s', (_name, principalFen, annualRateBp, termMonths, installment) => {
    expect(equalInstallmentFen(principalFen, annualRateBp, termMonths)).toBe(installment)
    const s = buildSchedule(terms({ principalFen, annualRateBp, termMonths }))
    // Every installment but the last is the published figure; the last absorbs the rounding.
    for (const row of s.installments.slice(0, -1)) expect(row.totalFen).toBe(installment)
    expect(Math.abs(s.installments.at(-1)!.totalFen - installment)).toBeLessThanOrEqual(termMonths)
  })
})

describe('schedules by hand', () => {
  it('equal installment: the first month of the Excel loan', () => {
    const s = buildSchedule(terms({ termMonths: 10, startDate: '2025-01-31' }))
    // 10,000 yuan × 8 % ÷ 12 = 66.666… → 66.67 yuan of interest; 1,037.03 − 66.67 = 970.36 of principal.
    expect(s.installments[0]).toEqual({
      n: 1,
      dueDate: '2025-02-28',
      principalFen: 97_036,
      interestFen: 6_667,
      feeFen: 0,
      totalFen: 103_703,
      remainingPrincipalFen: 902_964,
    })
    expect(s.installments.map((r) => r.dueDate).slice(0, 4)).toEqual(['2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31'])
    expect(s.installments.at(-1)!.remainingPrincipalFen).toBe(0)
  })

  it('equal principal: 10,000 yuan over 3 months at 12 %, the last takes the odd fen', () => {
    const s = buildSchedule(terms({ method: 'equal_principal', termMonths: 3, annualRateBp: 1200 }))
    // 1,000,000 ÷ 3 = 333,333 fen a month, the last 333,334; interest 1 % of the balance.
    expect(s.installments.map((r) => [r.principalFen, r.interestFen])).toEqual([
      [333_333, 10_000],
      [333_333, 6_667],
      [333_334, 3_333],
    ])
    expect(s.totals.interestFen).toBe(20_000)
  })

  it('interest monthly: interest every month, the principal with the last', () => {
    const s = buildSchedule(terms({ method: 'interest_monthly', termMonths: 6, annualRateBp: 600 }))
    // 10,000 yuan × 6 % ÷ 12 = 50 yuan a month.
    expect(s.installments.map((r) => r.totalFen)).toEqual([5_000, 5_000, 5_000, 5_000, 5_000, 1_005_000])
  })

  it('bullet (harvest): one payment, simple interest for the months', () => {
    const s = buildSchedule(terms({ method: 'bullet', termMonths: 8, annualRateBp: 700, startDate: '2025-04-01' }))
    // 10,000 yuan × 7 % × 8/12 = 466.666… → 466.67 yuan, due 1 Dec after the autumn harvest.
    expect(s.installments).toEqual([
      { n: 1, dueDate: '2025-12-01', principalFen: 1_000_000, interestFen: 46_667, feeFen: 0, totalFen: 1_046_667, remainingPrincipalFen: 0 },
    ])
    expect(s.aprBp).toBe(700)
  })

  it('fees: upfront ones are paid separately (never taken from the principal), monthly ones ride each installment', () => {
    const s = buildSchedule(
      terms({
        fees: [
          { kind: 'upfront', amountFen: 10_000 },
          { kind: 'per_installment', amountFen: 500 },
        ],
      }),
    )
    expect(s.installments.every((r) => r.feeFen === 500)).toBe(true)
    expect(s.totals.principalFen).toBe(1_000_000)
    expect(s.totals.upfrontFeesFen).toBe(10_000)
    expect(s.totals.feesFen).toBe(10_000 + 12 * 500)
    expect(s.totals.costFen).toBe(s.totals.interestFen + s.totals.feesFen)
    expect(s.totals.repaymentFen).toBe(1_000_000 + s.totals.interestFen + 12 * 500)
  })
})

describe('validation', () => {
  it('says in zh-CN what is wrong', () => {
    expect(validateTerms(terms({}))).toEqual([])
    expect(validateTerms(terms({ principalFen: 12.5 }))[0]).toContain('借款金额')
    expect(validateTerms(terms({ termMonths: 0 }))[0]).toContain('借款期限')
    expect(validateTerms(terms({ annualRateBp: -1 }))[0]).toContain('年利率')
    expect(validateTerms(terms({ startDate: '2025-02-30' }))[0]).toContain('放款日期')
    expect(validateTerms(terms({ fees: [{ kind: 'upfront', amountFen: -5 }] }))[0]).toContain('费用')
    expect(validateTerms(terms({ fees: [{ kind: 'upfront', amountFen: 1_000_000 }] }))).toEqual(['一次性费用不能达到或超过借款金额'])
    expect(() => buildSchedule(terms({ principalFen: 0 }))).toThrow(/借款金额/)
  })
})

describe('schedule properties', () => {
  it('principals sum to the amount; nothing negative; remaining principal falls to 0', () => {
    fc.assert(
      fc.property(termsArb(), (t) => {
        const s = buildSchedule(t)
        expect(s.installments.reduce((sum, r) => sum + r.principalFen, 0)).toBe(t.principalFen)
        // Checked row by row in plain code and asserted once: a Jest expect per row is slow.
        const wrong: string[] = []
        let previous = t.principalFen
        for (const [i, r] of s.installments.entries()) {
          if (r.n !== i + 1) wrong.push(`n ${r.n}`)
          for (const v of [r.principalFen, r.interestFen, r.feeFen, r.totalFen, r.remainingPrincipalFen]) {
            if (!Number.isInteger(v) || v < 0) wrong.push(`${r.n}: ${v}`)
          }
          if (r.totalFen !== r.principalFen + r.interestFen + r.feeFen) wrong.push(`${r.n}: total`)
          if (r.remainingPrincipalFen !== previous - r.principalFen) wrong.push(`${r.n}: remaining`)
          previous = r.remainingPrincipalFen
        }
        expect(wrong).toEqual([])
        expect(previous).toBe(0)
        expect(s.installments).toHaveLength(t.method === 'bullet' ? 1 : t.termMonths)
        expect(s.totals.repaymentFen).toBe(s.installments.reduce((sum, r) => sum + r.totalFen, 0))
      }),
    )
  })

  it('interest of each installment is a month of the rate on what was owed, rounded half-up', () => {
    fc.assert(
      fc.property(termsArb({ methods: ['equal_installment', 'equal_principal', 'interest_monthly'] }), (t) => {
        const s = buildSchedule(t)
        let owed = t.principalFen
        const wrong: number[] = []
        for (const r of s.installments) {
          const exact = (owed * t.annualRateBp) / 120_000
          if (Math.abs(r.interestFen - exact) > 0.5) wrong.push(r.n)
          owed = r.remainingPrincipalFen
        }
        expect(wrong).toEqual([])
      }),
    )
  })

  it('equal installments are equal except the last; equal principal ones too', () => {
    fc.assert(
      fc.property(termsArb({ methods: ['equal_installment', 'equal_principal'], minPrincipalFen: 100_000, maxTermMonths: 120 }), (t) => {
        const s = buildSchedule(t)
        const first = s.installments[0]!
        const unequal = s.installments
          .slice(0, -1)
          .filter((r) => (t.method === 'equal_installment' ? r.totalFen !== first.totalFen : r.principalFen !== first.principalFen))
        expect(unequal).toEqual([])
        if (t.method === 'equal_principal') expect(s.installments.at(-1)!.principalFen - first.principalFen).toBeLessThan(t.termMonths)
      }),
    )
  })
})
