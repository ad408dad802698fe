import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { BigButton, BigTextToggle, PageShell, PublisherEntries, SignInGate } from '@tianyuan/ui'
import { useMe } from '../../features/account/hooks'
import { loansUrl } from '../../features/loans/urls'
import { queueUrl } from '../../features/officer/urls'
import { serviceUrl } from '../../features/service/contact'
import './index.scss'

export default function MicroloanMine() {
  const { status } = useAuth()
  // The account's roles, asked once (GET /api/me): a credit officer sees the workbench, a
  // borrower makes no request that could only answer 403.
  const me = useMe(status === 'signed_in')
  const isOfficer = status === 'signed_in' && Boolean(me.data?.roles.includes('loan_officer'))
  // Accounts of a 村委会, 卫生院, 农技站, 信用社 or 合作社 publish notices (the same shared pages in every app).
  const isPublisher = status === 'signed_in' && Boolean(me.data?.roles.includes('publisher'))
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className='mine' banner={<OfflineBanner />}>
      <Text id='mine-title' className='mine__title'>
        我的贷款、还款计划和借款合同都在这里。
      </Text>
      {status !== 'signed_in' && <SignInGate reason='登录微信后，能看到您的贷款和还款计划；信贷员能进入信贷员工作台' />}
      <View className='ty-actions'>
        <BigButton id='my-loans' onClick={open(loansUrl)}>
          我的贷款和还款
        </BigButton>
        <BigButton id='my-service' variant='secondary' onClick={open(serviceUrl())}>
          客服与投诉
        </BigButton>
        {isOfficer && (
          <BigButton id='officer-workbench' variant='secondary' onClick={open(queueUrl)}>
            信贷员工作台
          </BigButton>
        )}
        {isPublisher && <PublisherEntries />}
        <BigTextToggle id='mine-big-text' />
      </View>
    </PageShell>
  )
}
