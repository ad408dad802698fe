import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { LEDGER_ENTRY_WORDS, OVERDUE_RULE, OVERPAYMENT_RULE } from '@tianyuan/contracts/loans-rules'
import type { Loan, RepaymentQuote, RepaymentQuoteRequest } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction, usePay } from '@tianyuan/sdk/react'
import { useReceiveTransfer } from '@tianyuan/sdk/transfer'
import { BigButton, ChoiceCard, ChoiceGroup, ErrorState, PageShell, PayStatus, SignInGate, Skeleton, a11yProps, formatShanghaiTime, userMessageOf } from '@tianyuan/ui'
import { useRef, useState } from 'react'
import { ScheduleTable } from '../../../features/calculator/components/ScheduleTable'
import { LOAN_REPAYMENT_KIND, loanPath, quoteRepayment, startRepayment, versionOf } from '../../../features/loans/api'
import { useLoan } from '../../../features/loans/hooks'
import { contractUrl } from '../../../features/loans/urls'
import { nextStepWords } from '../../../features/loans/words'
import { formatYuan } from '../../../features/products/money'
import { serviceUrl } from '../../../features/service/contact'

/** One loan (?id=): status and what to do next, receive the money, repay, the schedule paid/unpaid, the record of every movement. */
export default function LoanPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='贷款详情'>
      <SignInGate reason='登录微信后，能看到这笔贷款和还款计划'>
        <LoanView id={params.id} />
      </SignInGate>
    </PageShell>
  )
}

function LoanView({ id }: { id: string | undefined }) {
  const query = useLoan(id)
  const action = useAction<Loan>({ fetched: query.data?.loan, version: versionOf, key: (l) => l.id, refetch: query.refetch })
  // Once repaying has been shown, the panel stays: the last repayment settles the loan, and its
  // 已付款 must stay on screen rather than vanish with the panel.
  const [repayShown, setRepayShown] = useState(false)
  const loadedStatus = action.shown?.status
  if (!repayShown && (loadedStatus === 'repaying' || loadedStatus === 'overdue')) setRepayShown(true)
  if (query.status === 'loading') return <Skeleton id='loan-loading' lines={8} />
  if (query.status === 'error' || !action.shown) return <ErrorState id='loan-error' error={query.error} onRetry={query.refetch} />
  const loan = action.shown
  const repaying = loan.status === 'repaying' || loan.status === 'overdue'
  const next = nextStepWords(loan)

  return (
    <View>
      <View className='ty-card' id='loan-head'>
        <Text className={`ty-status${loan.status === 'overdue' ? ' ty-warn' : ''}`} id='loan-status' {...a11yProps({ role: 'status', live: 'polite' })}>
          {loan.statusWord}
        </Text>
        <Text className='ty-h'>{loan.productName}</Text>
        <Text className='ty-text' id='loan-apr'>
          年化利率 {loan.aprText}
        </Text>
        <Text className='ty-text'>
          借 {formatYuan(loan.amountFen)} 元，{loan.termMonths} 个月，{loan.methodWord}
        </Text>
        <Text className='ty-text' id='loan-total'>
          一共要还 {formatYuan(loan.totalRepayFen)} 元（利息 {formatYuan(loan.totalInterestFen)} 元{loan.totalFeeFen > 0 ? `，服务费 ${formatYuan(loan.totalFeeFen)} 元` : ''}），已还 {formatYuan(loan.repaidFen)} 元
        </Text>
        {next && (
          <Text className='ty-text' id='loan-next'>
            {next}
          </Text>
        )}
      </View>

      {loan.status === 'approved' && !loan.contract?.acceptedAt && (
        <BigButton id='open-contract' onClick={() => Taro.navigateTo({ url: contractUrl(loan.id) })}>
          看借款合同并确认
        </BigButton>
      )}
      {loan.status === 'approved' && loan.disbursement?.confirm && <ReceiveMoney loan={loan} onDone={query.refetch} />}
      {(repaying || (repayShown && loan.status === 'settled')) && <RepayPanel loan={loan} onPaid={query.refetch} />}

      {loan.checks.length > 0 && (loan.status === 'submitted' || loan.status === 'under_review' || loan.status === 'rejected') && (
        <View className='ty-card' id='loan-checks'>
          <Text className='ty-h'>自动检查</Text>
          {loan.checks.map((c) => (
            <Text key={c.name} className={c.passed ? 'ty-text' : 'ty-warn'}>
              {c.passed ? '✓' : c.warningOnly ? '！' : '✗'} {c.label}：{c.detail}
            </Text>
          ))}
        </View>
      )}

      <View className='ty-card'>
        <Text className='ty-h'>还款计划（元）</Text>
        <ScheduleTable id='loan-schedule' rows={loan.schedule.map((r) => ({ ...r, statusWord: loan.disbursedAt ? r.statusWord : undefined, paid: r.status === 'paid' }))} />
        {!loan.disbursedAt && <Text className='ty-note'>放款前按今天算；放款后从放款那天重新算还款日。</Text>}
        <Text className='ty-note'>{OVERDUE_RULE}</Text>
      </View>

      {loan.ledger.length > 0 && (
        <View className='ty-card' id='loan-ledger'>
          <Text className='ty-h'>放款和还款记录</Text>
          {loan.ledger.map((e) => (
            <Text key={e.id} className='ty-text'>
              {formatShanghaiTime(e.at)} {LEDGER_ENTRY_WORDS[e.kind]} {formatYuan(e.amountFen)} 元{e.installmentSeq ? `（第 ${e.installmentSeq} 期）` : ''}
            </Text>
          ))}
        </View>
      )}

      <View className='ty-actions'>
        {loan.contract && (
          <BigButton id='view-contract' variant='secondary' onClick={() => Taro.navigateTo({ url: contractUrl(loan.id) })}>
            借款合同
          </BigButton>
        )}
        <BigButton id='loan-service' variant='secondary' onClick={() => Taro.navigateTo({ url: serviceUrl(loan.id) })}>
          客服与投诉
        </BigButton>
      </View>
    </View>
  )
}

/**
 * The money is on its way to WeChat balance: the borrower confirms it on WeChat's own 确认收款 page
 * (wx.requestMerchantTransfer; the sandbox's page in the preview) through the SDK's
 * useReceiveTransfer, which then asks the server until it knows (the page's "ok" is not proof).
 */
function ReceiveMoney({ loan, onDone }: { loan: Loan; onDone: () => void }) {
  const receiving = useReceiveTransfer(`${loanPath(loan.id)}/disbursement`)
  const { phase, message } = receiving.state
  const receive = async () => {
    const result = await receiving.receive()
    if (result.phase === 'received') onDone()
  }
  return (
    <View className='ty-card' id='receive'>
      <Text className='ty-h'>收钱：{formatYuan(loan.disbursement?.amountFen ?? loan.amountFen)} 元</Text>
      <Text className='ty-text'>放款到您的微信零钱，全部金额，一分不扣。</Text>
      {message && (
        <Text className={phase === 'failed' ? 'ty-warn' : 'ty-text'} id='receive-status' {...a11yProps({ role: 'status', live: 'polite' })}>
          {message}
        </Text>
      )}
      {phase !== 'received' && (
        <BigButton id='receive-money' loading={receiving.busy} disabled={receiving.busy} onClick={receive}>
          确认收款
        </BigButton>
      )}
    </View>
  )
}

type RepayChoice = { scope: 'installments'; count: number } | { scope: 'payoff' }

const choiceKey = (c: RepayChoice) => (c.scope === 'payoff' ? 'payoff' : `count-${c.count}`)

/**
 * Repay: the next installment, several, or everything early. The server quotes the amount to
 * the day first (interest to today for an early payoff, penalty if late); the borrower sees it,
 * then pays exactly that through WeChat Pay (usePay: one payment per repayment, a second tap joins the first).
 */
function RepayPanel({ loan, onPaid }: { loan: Loan; onPaid: () => void }) {
  const pay = usePay()
  const unpaid = loan.schedule.filter((r) => r.status !== 'paid').length
  const settled = loan.status === 'settled'
  const choices: RepayChoice[] = settled ? [] : [...Array.from({ length: Math.min(3, unpaid) }, (_, i) => ({ scope: 'installments' as const, count: i + 1 })), { scope: 'payoff' }]
  const [choice, setChoice] = useState<RepayChoice>()
  const [quote, setQuote] = useState<RepaymentQuote>()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string>()
  const retryKey = useRef<string>()

  const pick = async (c: RepayChoice) => {
    setChoice(c)
    setQuote(undefined)
    setFailure(undefined)
    retryKey.current = undefined
    pay.reset()
    try {
      const request: RepaymentQuoteRequest = c.scope === 'payoff' ? { scope: 'payoff' } : { scope: 'installments', count: c.count }
      setQuote(await quoteRepayment(loan.id, request))
    } catch (error) {
      setFailure(userMessageOf(error))
    }
  }

  const repay = async () => {
    if (!quote || !choice || busy) return
    setBusy(true)
    setFailure(undefined)
    try {
      const body = choice.scope === 'payoff' ? { scope: 'payoff' as const, amountFen: quote.amountFen } : { scope: 'installments' as const, count: choice.count, amountFen: quote.amountFen }
      const repayment = await startRepayment(loan.id, body, retryKey.current)
      const result = await pay.pay({ kind: LOAN_REPAYMENT_KIND, orderId: repayment.id })
      if (result.phase === 'paid') onPaid()
    } catch (error) {
      const key = (error as { idempotencyKey?: string }).idempotencyKey
      if (key) retryKey.current = key
      setFailure(userMessageOf(error))
      // A day passed since the quote: ask again, so the borrower sees today's amount before paying.
      if ((error as { serverCode?: string }).serverCode === 'QUOTE_CHANGED') void pick(choice)
    } finally {
      setBusy(false)
    }
  }

  const paid = pay.state.phase === 'paid'
  return (
    <View className='ty-card' id='repay'>
      <Text className='ty-h'>还款</Text>
      {choices.length > 0 && (
        <ChoiceGroup label='还多少'>
          {choices.map((c) => (
            <ChoiceCard key={choiceKey(c)} id={`repay-${choiceKey(c)}`} checked={choice !== undefined && choiceKey(choice) === choiceKey(c)} onSelect={() => void pick(c)} disabled={busy || pay.busy}>
              <Text className='ty-text'>{c.scope === 'payoff' ? '提前全部还清（利息只算到今天）' : c.count === 1 ? '还下一期' : `还接下来 ${c.count} 期`}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
      )}
      {choice && !quote && !failure && <Text className='ty-note'>正在算今天要还多少…</Text>}
      {quote && (
        <View id='repay-quote' className='ty-card'>
          <Text className='ty-status' id='repay-amount'>
            今天还 {formatYuan(quote.amountFen)} 元
          </Text>
          <Text className='ty-text'>
            本金 {formatYuan(quote.principalFen)} 元，利息 {formatYuan(quote.interestFen)} 元{quote.feeFen > 0 ? `，服务费 ${formatYuan(quote.feeFen)} 元` : ''}
            {quote.penaltyFen > 0 ? `，逾期罚息 ${formatYuan(quote.penaltyFen)} 元` : ''}
          </Text>
          {quote.savedFen > 0 && (
            <Text className='ty-text' id='repay-saved'>
              比按期还少付 {formatYuan(quote.savedFen)} 元
            </Text>
          )}
          <Text className='ty-note'>{quote.note}</Text>
          <Text className='ty-note'>{OVERPAYMENT_RULE}</Text>
        </View>
      )}
      <PayStatus id='pay-status' pay={pay.state} placing={busy && pay.state.phase === 'idle'} />
      {failure && (
        <Text className='ty-warn' id='repay-failure'>
          {failure}
        </Text>
      )}
      {quote && !paid && !settled && (
        <BigButton id='repay-now' loading={busy || pay.busy} disabled={busy || pay.busy} onClick={repay}>
          确认还 {formatYuan(quote.amountFen)} 元
        </BigButton>
      )}
    </View>
  )
}
