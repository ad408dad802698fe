import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import type { Loan } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction } from '@tianyuan/sdk/react'
import { BigButton, ErrorState, FormField, PageShell, SignInGate, Skeleton, a11yProps, formatShanghaiTime } from '@tianyuan/ui'
import { useState } from 'react'
import { versionOf } from '../../../features/loans/api'
import { approveLoan, disburseLoan, rejectLoan, startReview } from '../../../features/officer/api'
import { useOfficerLoan } from '../../../features/officer/hooks'
import { formatYuan } from '../../../features/products/money'

/** One application (?id=) for the credit officer: who, what for, the automatic checks, the history; start, approve or reject with a reason, disburse. */
export default function OfficerApplicationPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='审批贷款申请'>
      <SignInGate reason='信贷员登录微信后才能审批'>
        <Application id={params.id} />
      </SignInGate>
    </PageShell>
  )
}

function Application({ id }: { id: string | undefined }) {
  const query = useOfficerLoan(id)
  const action = useAction<Loan>({ fetched: query.data?.loan, version: versionOf, key: (l) => l.id, refetch: query.refetch })
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  if (query.status === 'loading') return <Skeleton id='application-loading' lines={10} />
  if (query.status === 'error' || !action.shown || !query.data) return <ErrorState id='application-error' error={query.error} onRetry={query.refetch} />
  const loan = action.shown
  const own = query.data.ownApplication
  const deciding = loan.status === 'submitted' || loan.status === 'under_review'
  const reasonProblem = reason.trim() ? undefined : '请写上理由（借款人会看到）'

  const decide = (approve: boolean) => {
    setTried(true)
    if (reasonProblem) return
    void action.run(() => (approve ? approveLoan(loan.id, reason.trim()) : rejectLoan(loan.id, reason.trim())))
  }

  return (
    <View>
      <View className='ty-card' id='application-head'>
        <Text className='ty-status' id='application-status' {...a11yProps({ role: 'status', live: 'polite' })}>
          {loan.statusWord}
        </Text>
        <Text className='ty-h'>
          {loan.borrower.name}，{loan.borrower.ageAtApplication} 岁
        </Text>
        <Text className='ty-text'>
          {loan.productName}：借 {formatYuan(loan.amountFen)} 元，{loan.termMonths} 个月，{loan.methodWord}，年化利率 {loan.aprText}
        </Text>
        <Text className='ty-text'>用途：{loan.purpose}</Text>
        <Text className='ty-note'>
          身份证 {loan.borrower.idNumberMasked}，手机 {loan.borrower.phoneMasked}，{loan.borrower.bankName} {loan.borrower.bankCardMasked}
        </Text>
        <Text className='ty-note'>{formatShanghaiTime(loan.submittedAt)} 提交</Text>
      </View>

      <View className='ty-card' id='application-checks'>
        <Text className='ty-h'>自动检查</Text>
        {loan.checks.map((c) => (
          <Text key={c.name} className={c.passed ? 'ty-text' : 'ty-warn'}>
            {c.passed ? '✓ 通过' : c.warningOnly ? '！ 提醒' : '✗ 没通过'} {c.label}：{c.detail}
          </Text>
        ))}
      </View>

      {own && (
        <Text className='ty-warn' id='own-application'>
          这是您自己的申请：只能看，要由别的信贷员审批。
        </Text>
      )}
      {action.error && (
        <Text className='ty-warn' id='application-failure'>
          {action.error.userMessage}
        </Text>
      )}

      {!own && deciding && (
        <View className='ty-card'>
          {loan.status === 'submitted' && (
            <BigButton id='start-review' variant='secondary' loading={action.pending} disabled={action.pending} onClick={() => action.run(() => startReview(loan.id))}>
              开始审核
            </BigButton>
          )}
          <FormField id='decision-reason' label='理由' required multiline value={reason} onChange={setReason} error={tried ? reasonProblem : undefined} rules={{ maxLength: 200 }} placeholder='比如：收入稳定，用途清楚，金额合理' />
          <View className='ty-pager'>
            <BigButton id='approve' loading={action.pending} disabled={action.pending} onClick={() => decide(true)}>
              批准
            </BigButton>
            <BigButton id='reject' variant='danger' loading={action.pending} disabled={action.pending} onClick={() => decide(false)}>
              拒绝
            </BigButton>
          </View>
        </View>
      )}

      {!own && loan.status === 'approved' && (
        <View className='ty-card' id='disburse-card'>
          <Text className='ty-text'>{loan.contract?.acceptedAt ? '借款人已确认合同，可以放款。' : '等借款人确认合同后才能放款。'}</Text>
          {loan.disbursement && (
            <Text className='ty-text' id='disbursement-status'>
              放款：{loan.disbursement.statusWord}（{formatYuan(loan.disbursement.amountFen)} 元）
            </Text>
          )}
          {loan.contract?.acceptedAt && !loan.disbursement && (
            <BigButton id='disburse' loading={action.pending} disabled={action.pending} onClick={() => action.run(() => disburseLoan(loan.id))}>
              放款 {formatYuan(loan.amountFen)} 元
            </BigButton>
          )}
        </View>
      )}

      <View className='ty-card' id='application-events'>
        <Text className='ty-h'>经过</Text>
        {loan.events.map((e, i) => (
          <Text key={`${e.at}-${i}`} className='ty-note'>
            {formatShanghaiTime(e.at)} {e.actorWord}：{e.toWord}
            {e.reason ? `（${e.reason}）` : ''}
          </Text>
        ))}
      </View>
    </View>
  )
}
