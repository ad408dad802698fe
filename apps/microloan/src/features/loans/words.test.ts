import { nextStepWords, summaryWords } from './words'

const base = { contract: null, disbursement: null, decision: null, nextDue: null }

test('each state says what happens next, in words', () => {
  expect(nextStepWords({ ...base, status: 'under_review' })).toMatch(/信贷员正在审核/)
  expect(nextStepWords({ ...base, status: 'rejected', decision: { approved: false, reason: '年龄超过 65 岁', at: '2026-12-04T08:00:00.000Z' } })).toBe('没有批准：年龄超过 65 岁')
  expect(nextStepWords({ ...base, status: 'approved' })).toMatch(/请先看借款合同/)
  expect(nextStepWords({ ...base, status: 'approved', contract: { sha256: 'a'.repeat(64), acceptedAt: '2026-12-04T08:00:00.000Z' } })).toMatch(/等信贷员放款/)
  const disbursing = { status: 'sent', statusWord: '待确认收款', amountFen: 100, startedAt: '2026-12-04T08:00:00.000Z', disbursedAt: null, confirm: { mchId: '1', appId: 'a', package: 'p' } }
  expect(nextStepWords({ ...base, status: 'approved', contract: { sha256: 'a'.repeat(64), acceptedAt: '2026-12-04T08:00:00.000Z' }, disbursement: disbursing })).toMatch(/确认收款/)
  expect(nextStepWords({ ...base, status: 'overdue', nextDue: { seq: 2, dueDate: '2027-02-04', owedFen: 103_703, overdue: true } })).toBe('下一期：第 2 期，2027-02-04 前还 1,037.03 元（已逾期，请尽快还）')
  expect(summaryWords({ productName: '春耕贷', amountFen: 3_000_000, termMonths: 12 })).toBe('春耕贷 · 借 30,000 元 · 12 个月')
})
