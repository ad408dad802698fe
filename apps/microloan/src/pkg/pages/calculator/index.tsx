import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { LoanMethod, LoanProduct } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ChoiceCard, ChoiceGroup, EmptyState, ErrorState, PageShell, Skeleton, shanghaiToday } from '@tianyuan/ui'
import { useMemo, useState } from 'react'
import { PlanPicker } from '../../../features/calculator/components/PlanPicker'
import { PlanSummary } from '../../../features/calculator/components/PlanSummary'
import { ScheduleChart } from '../../../features/calculator/components/ScheduleChart'
import { ScheduleTable } from '../../../features/calculator/components/ScheduleTable'
import { amountProblem, planOf } from '../../../features/calculator/plan'
import { applyUrl } from '../../../features/loans/urls'
import { parseYuan } from '../../../features/products/money'
import { useProducts } from '../../../features/products/hooks'

/**
 * The calculator (?product=): amount, term and method → the annualised rate, the total to pay
 * back and the whole schedule, computed on the phone with @tianyuan/loans. Offline it works
 * from the stored products; opened again within PRODUCTS_FRESH_MS it sends nothing at all.
 */
export default function CalculatorPage() {
  const { params } = useRouter()
  const products = useProducts()
  const [chosen, setChosen] = useState(params.product)
  const items = products.data?.items ?? []
  const product = items.find((p) => p.id === chosen) ?? (items.length === 1 ? items[0] : undefined)

  return (
    <PageShell banner={<OfflineBanner />} title='算一算：借多少、还多少'>
      {products.status === 'loading' ? (
        <Skeleton id='calculator-loading' lines={8} />
      ) : products.status === 'error' ? (
        <ErrorState id='calculator-error' error={products.error} onRetry={products.refetch} />
      ) : items.length === 0 ? (
        <EmptyState id='calculator-empty' title='现在没有可以算的贷款' description='信贷员还没有发布贷款产品，过几天再来看看。' />
      ) : (
        <View>
          <ChoiceGroup label='算哪种贷款' id='calculator-products'>
            {items.map((p) => (
              <ChoiceCard key={p.id} id={`pick-${p.id}`} checked={p.id === product?.id} onSelect={() => setChosen(p.id)} label={`${p.name}，年化利率 ${p.apr.text}`}>
                <Text className='ty-text'>
                  {p.name}（年化利率 {p.apr.text}）
                </Text>
              </ChoiceCard>
            ))}
          </ChoiceGroup>
          {product ? <Calculator key={product.id} product={product} /> : <Text className='ty-note'>先选一种贷款，再算要还多少。</Text>}
        </View>
      )}
    </PageShell>
  )
}

function Calculator({ product }: { product: LoanProduct }) {
  const [amountText, setAmountText] = useState(String(product.minAmountFen / 100))
  const [termMonths, setTermMonths] = useState<number | undefined>(product.termsMonths[0])
  const [method, setMethod] = useState<LoanMethod | undefined>(product.methods[0])
  const amountFen = parseYuan(amountText)
  const problem = amountProblem(product, amountFen)
  // The schedule counts from today (Shanghai), as the server's quote does.
  const plan = useMemo(
    () => (problem === null && amountFen !== undefined && termMonths && method ? planOf(product, { amountFen, termMonths, method }, shanghaiToday()) : undefined),
    [product, amountFen, termMonths, method, problem],
  )

  return (
    <View>
      <PlanPicker product={product} amountText={amountText} onAmountText={setAmountText} amountError={problem ?? undefined} termMonths={termMonths} onTerm={setTermMonths} method={method} onMethod={setMethod} />
      {plan && (
        <View>
          <PlanSummary plan={plan} id='plan' />
          <View className='ty-card'>
            <Text className='ty-h'>每期还多少</Text>
            <ScheduleChart rows={plan.schedule} id='plan-chart' />
          </View>
          <View className='ty-card'>
            <Text className='ty-h'>还款计划（元）</Text>
            <ScheduleTable rows={plan.schedule} id='plan-schedule' />
            <Text className='ty-note'>按今天放款算；真正的还款日从放款那天算起，金额以合同为准。</Text>
          </View>
          <View className='ty-actions'>
            <BigButton id='apply-with-plan' onClick={() => Taro.navigateTo({ url: applyUrl(product.id, plan) })}>
              按这个方案申请
            </BigButton>
          </View>
        </View>
      )}
    </View>
  )
}
