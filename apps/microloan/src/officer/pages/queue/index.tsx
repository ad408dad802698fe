import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { ChoiceCard, ChoiceGroup, EmptyState, ErrorState, PageShell, SignInGate, Skeleton, a11yProps, formatShanghaiTime } from '@tianyuan/ui'
import { useState } from 'react'
import { useOfficerMe, useOfficerQueue } from '../../../features/officer/hooks'
import { officerApplicationUrl } from '../../../features/officer/urls'
import { formatYuan } from '../../../features/products/money'

const VIEWS = [
  { status: undefined, words: '待审核' },
  { status: 'approved', words: '待放款' },
] as const

/** The credit officer's queue: applications waiting for a decision (oldest first), or approved ones waiting to be paid out. */
export default function OfficerQueuePage() {
  return (
    <PageShell banner={<OfflineBanner />} title='信贷员工作台'>
      <SignInGate reason='信贷员登录微信后，在这里审核贷款申请'>
        <Queue />
      </SignInGate>
    </PageShell>
  )
}

function Queue() {
  const me = useOfficerMe()
  const [view, setView] = useState(0)
  const queue = useOfficerQueue(VIEWS[view]?.status)
  if (me.status === 'loading') return <Skeleton id='officer-loading' lines={3} />
  if (me.status === 'error') {
    return <EmptyState id='not-an-officer' title='这不是信贷员账号' description='信贷员工作台只给信贷员用。借款请回到首页。' actionText='回首页' onAction={() => Taro.switchTab({ url: '/pages/index/index' })} />
  }
  const items = queue.data?.items ?? []
  return (
    <View>
      <Text className='ty-h' id='officer-title'>
        {me.data?.officer.name}（{me.data?.officer.branch}）
      </Text>
      <ChoiceGroup label='看哪些申请' className='ty-choices-row'>
        {VIEWS.map((v, i) => (
          <ChoiceCard key={v.words} id={`queue-view-${i}`} checked={i === view} onSelect={() => setView(i)}>
            <Text className='ty-text'>{v.words}</Text>
          </ChoiceCard>
        ))}
      </ChoiceGroup>
      {queue.status === 'loading' ? (
        <Skeleton lines={4} />
      ) : queue.status === 'error' ? (
        <ErrorState id='queue-error' error={queue.error} onRetry={queue.refetch} />
      ) : items.length === 0 ? (
        <EmptyState id='queue-empty' title='没有要处理的申请' description='新的申请会出现在这里，先到的排在前面。' />
      ) : (
        <View id='queue'>
          {items.map((loan) => (
            <View key={loan.id} id={`application-${loan.id}`} className='ty-card' onClick={() => Taro.navigateTo({ url: officerApplicationUrl(loan.id) })} {...a11yProps({ role: 'link', label: `${loan.borrowerName}，${loan.productName}，${formatYuan(loan.amountFen)} 元，${loan.statusWord}` })}>
              <View className='ty-row'>
                <Text className='ty-h'>{loan.borrowerName}</Text>
                <Text className='ty-text'>{loan.statusWord}</Text>
              </View>
              <Text className='ty-text'>
                {loan.productName}，借 {formatYuan(loan.amountFen)} 元，{loan.termMonths} 个月，{loan.methodWord}
              </Text>
              <Text className='ty-note'>{formatShanghaiTime(loan.submittedAt)} 提交</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
