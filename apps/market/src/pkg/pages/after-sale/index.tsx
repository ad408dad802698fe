import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ErrorState, FormField, PageShell, PhotoPicker, Price, SignInGate, Skeleton, usePhotoSlots, userMessageOf, validateField } from '@tianyuan/ui'
import { useState } from 'react'
import { canRequestAfterSale, orderUrl, requestAfterSale } from '../../../features/orders/api'
import { useOrder } from '../../../features/orders/hooks'

const MAX_PHOTOS = 9
const REASON_RULES = { required: true, maxLength: 200 }

/** 申请售后 (?id=): what went wrong, photos of it, for a refund of the whole order. */
export default function AfterSalePage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能申请售后'>
        <AfterSaleForm id={params.id ?? ''} />
      </SignInGate>
    </PageShell>
  )
}

function AfterSaleForm({ id }: { id: string }) {
  const order = useOrder(id)
  const photos = usePhotoSlots(MAX_PHOTOS)
  const [reason, setReason] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const [sending, setSending] = useState(false)
  const [failure, setFailure] = useState<string>()

  if (order.status === 'loading') return <Skeleton lines={6} />
  if (order.status === 'error' || !order.data) return <ErrorState error={order.error} onRetry={order.refetch} />
  const o = order.data.order
  if (!canRequestAfterSale(o)) {
    return (
      <View className='ty-card'>
        <Text className='ty-text'>{o.afterSale ? '这个订单已经申请过售后了。' : '这个订单现在不能申请售后。'}</Text>
        <BigButton id='back-to-order' variant='secondary' onClick={() => Taro.redirectTo({ url: orderUrl(o.id) })}>
          回到订单
        </BigButton>
      </View>
    )
  }

  const send = async () => {
    setShowErrors(true)
    if (validateField('售后原因', reason.trim(), REASON_RULES) || photos.busy) return
    setSending(true)
    setFailure(undefined)
    try {
      await requestAfterSale(o.id, { reason: reason.trim(), photoIds: photos.uploaded.map((p) => p.id) })
      // Back to the order page under this one (it asks again when shown); opened by a link, open it.
      await Taro.navigateBack().catch(() => Taro.redirectTo({ url: orderUrl(o.id) }))
    } catch (error) {
      setFailure(userMessageOf(error))
      setSending(false)
    }
  }

  return (
    <View id='after-sale'>
      <View className='ty-card'>
        <Text className='ty-h'>{o.shopName}</Text>
        <View className='ty-row'>
          <Text className='ty-text'>申请退款</Text>
          <Price fen={o.totalFen} size='large' />
        </View>
        <Text className='ty-note'>卖家同意后，钱会原路退回微信。</Text>
      </View>
      <FormField id='after-sale-reason' label='出了什么问题' multiline value={reason} onChange={setReason} rules={REASON_RULES} showErrors={showErrors} placeholder='比如：收到时压坏了 5 个' />
      <View className='ty-card'>
        <Text className='ty-h'>照片（可以不拍）</Text>
        <Text className='ty-note'>拍下坏了的地方，卖家更快处理。</Text>
        <PhotoPicker slots={photos} max={MAX_PHOTOS} />
      </View>
      {failure && <Text className='ty-warn'>{failure}</Text>}
      <BigButton id='send-after-sale' loading={sending} disabled={sending || photos.busy} onClick={send}>
        {photos.busy ? '照片还在上传…' : '提交售后申请'}
      </BigButton>
    </View>
  )
}
