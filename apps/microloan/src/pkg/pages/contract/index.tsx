import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { LoanContract } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction } from '@tianyuan/sdk/react'
import { useSubscriptions } from '@tianyuan/sdk/subscribe'
import { BigButton, Checkbox, ErrorState, PageShell, SignInGate, Skeleton, a11yProps, formatShanghaiTime } from '@tianyuan/ui'
import { useState } from 'react'
import { acceptContract } from '../../../features/loans/api'
import { useContract, useLoan } from '../../../features/loans/hooks'
import './index.scss'

/** The contract (?id=): its exact text (the annualised rate first, the schedule as a table); accepted once, with the hash of what was shown. */
export default function ContractPage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='借款合同'>
      <SignInGate reason='登录微信后才能看您的借款合同'>
        <ContractView loanId={params.id} />
      </SignInGate>
    </PageShell>
  )
}

function ContractView({ loanId }: { loanId: string | undefined }) {
  const query = useContract(loanId)
  const loan = useLoan(loanId)
  const action = useAction<LoanContract>({ fetched: query.data?.contract, version: (c) => (c.acceptedAt ? 1 : 0), refetch: query.refetch })
  const [agreed, setAgreed] = useState(false)
  const [tried, setTried] = useState(false)
  // 还款提醒 (服务通知: 3 days before each due date and on the day), asked for when the borrower signs.
  const subscribe = useSubscriptions('microloan')
  if (query.status === 'loading') return <Skeleton id='contract-loading' lines={10} />
  if (query.status === 'error' || !action.shown) return <ErrorState id='contract-error' error={query.error} onRetry={query.refetch} />
  const contract = action.shown
  const canAccept = !contract.acceptedAt && loan.data?.loan.status === 'approved'

  const accept = async () => {
    setTried(true)
    if (!agreed) return
    // In the tap itself, before any await (WeChat shows the sheet only there); the answer is reported by the SDK.
    void subscribe.ask(['loan_installment'])
    await action.run(async () => {
      const accepted = await acceptContract(contract.loanId, contract.sha256)
      loan.refetch()
      return accepted
    })
  }

  return (
    <View>
      <View className='ty-card'>
        <Text className='ty-h'>{contract.title}</Text>
        <Text className='ty-text contract__text' id='contract-text'>
          {contract.text}
        </Text>
        <Text className='ty-note'>
          合同版本 {contract.version}，校验码 {contract.sha256.slice(0, 12)}…（确认时记录，证明您看到的就是这一份）
        </Text>
      </View>
      {contract.acceptedAt ? (
        <Text className='ty-status' id='contract-accepted' {...a11yProps({ role: 'status', live: 'polite' })}>
          已确认合同（{formatShanghaiTime(contract.acceptedAt)}）
        </Text>
      ) : canAccept ? (
        <View>
          <Checkbox id='agree-contract' checked={agreed} onChange={setAgreed}>
            <Text className='ty-text'>我已看完这份合同，同意按合同借款和还款</Text>
          </Checkbox>
          {tried && !agreed && <Text className='ty-warn'>请先勾选同意</Text>}
          {action.error && (
            <Text className='ty-warn' id='contract-failure'>
              {action.error.userMessage}
            </Text>
          )}
          <BigButton id='accept-contract' loading={action.pending} disabled={action.pending} onClick={accept}>
            确认合同
          </BigButton>
        </View>
      ) : null}
      <View className='ty-actions'>
        <BigButton id='contract-back' variant='secondary' onClick={() => Taro.navigateBack()}>
          返回
        </BigButton>
      </View>
    </View>
  )
}
