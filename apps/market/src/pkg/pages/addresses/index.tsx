import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, PageShell, SignInGate, Skeleton } from '@tianyuan/ui'
import { addressEditUrl, describeAddress } from '../../../features/addresses/api'
import { useAddresses } from '../../../features/addresses/hooks'

/** The address book: tap one to change it. */
export default function AddressesPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能管理收货地址'>
        <AddressBook />
      </SignInGate>
    </PageShell>
  )
}

function AddressBook() {
  const addresses = useAddresses()
  const add = () => void Taro.navigateTo({ url: addressEditUrl() })
  if (addresses.status === 'loading') return <Skeleton id='addresses-loading' lines={4} blocks={2} />
  if (addresses.status === 'error') return <ErrorState id='addresses-error' error={addresses.error} onRetry={addresses.refetch} />
  const items = addresses.data?.items ?? []
  if (items.length === 0) return <EmptyState id='addresses-empty' title='还没有收货地址' description='添加一个地址，下单时选快递就会送到这里。' actionText='添加收货地址' onAction={add} />
  return (
    <View>
      {items.map((a) => (
        <View key={a.id} id={`address-${a.id}`} className='ty-card' onClick={() => void Taro.navigateTo({ url: addressEditUrl(a.id) })} {...a11yProps({ role: 'button' })}>
          <Text className='ty-text'>{describeAddress(a)}</Text>
          <Text className='ty-note'>{a.isDefault ? '默认地址 · ' : ''}点这里修改</Text>
        </View>
      ))}
      <BigButton id='add-address' variant='secondary' onClick={add}>
        添加收货地址
      </BigButton>
    </View>
  )
}
