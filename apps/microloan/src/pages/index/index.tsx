import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, EmptyState, ErrorState, HomeFooter, NoticeStrip, PageShell, Skeleton } from '@tianyuan/ui'
import { ProductCard } from '../../features/products/components/ProductCard'
import { useProducts } from '../../features/products/hooks'
import { calculatorUrl, loansUrl } from '../../features/loans/urls'
import './index.scss'

export default function MicroloanHome() {
  const products = useProducts()
  // The first screen's content is in once the products have settled (cards, or their error or empty state).
  const firstScreenReady = products.status !== 'loading'

  return (
    <PageShell className='home' banner={<OfflineBanner />} firstScreenReady={firstScreenReady}>
      <Text className='home__lead' id='purpose'>
        买种子化肥、买猪苗鸡苗、买农机缺钱时，可以在这里借小额贷款。借之前先算清楚一共要还多少钱。
      </Text>
      <View className='ty-card home__how' id='apr-explained'>
        <Text className='ty-text'>比较贷款先看“年化利率”：利息和所有费用都算在里面，数越小越省钱。</Text>
      </View>
      <BigButton id='open-calculator' onClick={() => Taro.navigateTo({ url: calculatorUrl() })}>
        算一算：借多少、还多少
      </BigButton>

      {/* 紧急 notices (every app) then 政策 (subsidies, the credit co-op's warnings), from the phone's
          copy at once; under 算一算, so the calculator stays on the first screen. */}
      <NoticeStrip app='microloan' title='通知和政策' />

      <Text className='ty-heading'>可以申请的贷款</Text>
      {products.status === 'loading' ? (
        <Skeleton id='products-loading' lines={6} blocks={2} />
      ) : products.status === 'error' ? (
        <ErrorState id='products-error' error={products.error} onRetry={products.refetch} />
      ) : !products.data?.items.length ? (
        <EmptyState id='products-empty' title='现在没有可以申请的贷款' description='信贷员还没有发布贷款产品，过几天再来看看。' />
      ) : (
        <View id='products'>
          {products.data.items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
          <Text className='ty-note' id='apr-note'>
            {products.data.aprNote}
          </Text>
        </View>
      )}

      <BigButton id='home-loans' variant='secondary' onClick={() => Taro.navigateTo({ url: loansUrl })}>
        我的贷款和还款
      </BigButton>
      <HomeFooter aboutText='了解惠农小贷' />
    </PageShell>
  )
}
