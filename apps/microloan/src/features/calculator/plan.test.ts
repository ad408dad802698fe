import type { LoanProduct } from '@tianyuan/contracts/types'
import { amountPresets, amountProblem, installmentWords, planOf } from './plan'

const product: LoanProduct = {
  id: 'p1',
  name: '春耕贷',
  category: 'spring_planting',
  categoryWord: '春耕（种子、化肥）',
  description: '买种子化肥',
  apr: { min: 0.08, max: 0.08, text: '8.00%' },
  minAmountFen: 100_000,
  maxAmountFen: 5_000_000,
  amountStepFen: 10_000,
  termsMonths: [6, 10, 12],
  methods: ['equal_installment', 'equal_principal', 'interest_monthly', 'bullet'],
  annualRateBp: 800,
  installmentFeeBp: 0,
  status: 'published',
}

test("Excel's PMT figure: 10,000 at 8 %/yr over 10 months is 1,037.03 a month, APR 8.00 % with no fee", () => {
  const plan = planOf(product, { amountFen: 1_000_000, termMonths: 10, method: 'equal_installment' }, '2026-12-04')
  expect(plan.schedule).toHaveLength(10)
  expect(plan.schedule.slice(0, 9).every((r) => r.totalFen === 103_703)).toBe(true)
  expect(plan.schedule.reduce((s, r) => s + r.principalFen, 0)).toBe(1_000_000)
  expect(plan.aprText).toBe('8.00%')
  expect(plan.totalRepayFen).toBe(1_000_000 + plan.totalInterestFen)
  expect(plan.schedule[0]?.dueDate).toBe('2027-01-04')
  expect(installmentWords(plan)).toMatch(/^每期还 1,037.03 元/)
})

test('a flat fee with every installment shows its true cost in the APR, not the fee × 12', () => {
  const withFee = { ...product, installmentFeeBp: 50 } // 0.5 % of the amount each month
  const plan = planOf(withFee, { amountFen: 1_000_000, termMonths: 12, method: 'equal_installment' }, '2026-12-04')
  expect(plan.totalFeeFen).toBe(12 * 5_000)
  expect(plan.apr).toBeGreaterThan(0.08 + 0.06)
  expect(plan.totalRepayFen).toBe(1_000_000 + plan.totalInterestFen + plan.totalFeeFen)
})

test('one payment at harvest is one row; equal principal goes down', () => {
  expect(planOf(product, { amountFen: 1_000_000, termMonths: 6, method: 'bullet' }, '2026-12-04').schedule).toHaveLength(1)
  const declining = planOf(product, { amountFen: 1_200_000, termMonths: 12, method: 'equal_principal' }, '2026-12-04')
  expect(installmentWords(declining)).toMatch(/^第一期还 .* 元，以后逐期减少/)
})

test('amounts outside the product or off its step say what to type instead', () => {
  expect(amountProblem(product, undefined)).toBe('请填写要借多少钱（元）')
  expect(amountProblem(product, 50_000)).toBe('这个贷款能借 1,000 到 50,000 元')
  expect(amountProblem(product, 105_000)).toBe('请按 100 元一档填写，比如 1,100 元')
  expect(amountProblem(product, 110_000)).toBeNull()
  expect(amountPresets(product)).toEqual([100_000, 500_000, 1_000_000, 2_000_000, 5_000_000])
})
