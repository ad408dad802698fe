import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { EmptyState, ErrorState, PageShell, SignInGate, Skeleton, a11yProps } from '@tianyuan/ui'
import { useMyLoans } from '../../../features/loans/hooks'
import { loanUrl } from '../../../features/loans/urls'
import { nextStepWords, summaryWords } from '../../../features/loans/words'

/** My loans and applications, newest first, each with its status and the next thing to do. */
export default function LoansPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='我的贷款和还款'>
      <SignInGate reason='登录微信后，能看到您的贷款申请、还款计划和合同'>
        <LoanList />
      </SignInGate>
    </PageShell>
  )
}

function LoanList() {
  const loans = useMyLoans()
  if (loans.status === 'loading') return <Skeleton id='loans-loading' lines={4} blocks={2} />
  if (loans.status === 'error') return <ErrorState id='loans-error' error={loans.error} onRetry={loans.refetch} />
  const items = loans.data?.items ?? []
  if (items.length === 0) {
    return <EmptyState id='loans-empty' title='还没有贷款' description='在首页选一种贷款，先算一算，再申请。' actionText='去首页看看' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  return (
    <View id='loans'>
      {items.map((loan) => (
        <View key={loan.id} id={`loan-${loan.id}`} className='ty-card' onClick={() => Taro.navigateTo({ url: loanUrl(loan.id) })} {...a11yProps({ role: 'link', label: `${summaryWords(loan)}，${loan.statusWord}` })}>
          <View className='ty-row'>
            <Text className='ty-h'>{loan.productName}</Text>
            <Text className={`ty-text${loan.status === 'overdue' ? ' ty-warn' : ''}`}>{loan.statusWord}</Text>
          </View>
          <Text className='ty-text'>{summaryWords(loan)}，年化利率 {loan.aprText}</Text>
          <Text className='ty-note'>{loan.status === 'approved' ? '已经批准了，点开看下一步（看合同、收款）' : (nextStepWords({ ...loan, contract: null, disbursement: null, decision: null }) ?? '')}</Text>
        </View>
      ))}
    </View>
  )
}
