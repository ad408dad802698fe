import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { LOAN_METHOD_HINTS, LOAN_METHOD_WORDS } from '@tianyuan/contracts/loans-rules'
import type { LoanProduct } from '@tianyuan/contracts/types'
import { BigButton, a11yProps } from '@tianyuan/ui'
import { applyUrl, calculatorUrl } from '../../loans/urls'
import { CATEGORY_PICTURES } from '../api'
import { formatYuan } from '../money'
import { formatRateBp, termWords } from '../rate'
import './ProductCard.scss'

/** What the fee is, in words (its true cost is in the annualised rate above it). */
export function feeWords(product: Pick<LoanProduct, 'installmentFeeBp'>): string[] {
  if (product.installmentFeeBp <= 0) return ['没有任何手续费、服务费']
  return [`服务费：每期收借款金额的 ${formatRateBp(product.installmentFeeBp)}，跟每期还款一起付，不从借款里扣（已算进年化利率）`]
}

/**
 * The picture's words on each platform: WeChat reads aria-label on its image; on H5 Taro's Image
 * renders an <img> inside its own element, reached through nativeProps (as the SDK's NetImage does).
 */
function pictureAlt(alt: string): Record<string, unknown> {
  return process.env.TARO_ENV === 'weapp' ? a11yProps({ role: 'img', label: alt }) : { nativeProps: { alt } }
}

/**
 * A product as a first-time borrower needs it: the annualised rate (年化利率, IRR, every fee
 * included) first and largest — nothing else on the card is as big —, then how much, how long,
 * how it is repaid in plain words, and only then the contract rate and the fees in small print.
 */
export function ProductCard({ product }: { product: LoanProduct }) {
  const picture = CATEGORY_PICTURES[product.category]
  return (
    <View className='ty-card loan-card' id={`product-${product.id}`}>
      <View className='loan-card__head'>
        {picture && <Image className='loan-card__pic' src={picture.src} mode='aspectFit' {...pictureAlt(picture.alt)} />}
        <View className='loan-card__names'>
          <Text className='ty-h'>{product.name}</Text>
          <Text className='ty-note'>{product.categoryWord}</Text>
        </View>
      </View>
      <View className='loan-card__apr' id={`product-${product.id}-apr`}>
        <Text className='loan-card__apr-label'>年化利率（利息和所有费用都算在内）</Text>
        <Text className='loan-card__apr-value'>{product.apr.text}</Text>
      </View>
      <Text className='ty-text'>
        能借 {formatYuan(product.minAmountFen)}–{formatYuan(product.maxAmountFen)} 元，借 {product.termsMonths.map((m) => termWords(m)).join('、')}
      </Text>
      {product.methods.map((m) => (
        <Text key={m} className='ty-text'>
          {LOAN_METHOD_WORDS[m]}：{LOAN_METHOD_HINTS[m]}
        </Text>
      ))}
      <Text className='ty-text'>{product.description}</Text>
      <View className='loan-card__small'>
        <Text className='ty-note'>合同利率（单利）：每年 {formatRateBp(product.annualRateBp)}</Text>
        {feeWords(product).map((w) => (
          <Text key={w} className='ty-note'>
            {w}
          </Text>
        ))}
      </View>
      <View className='ty-pager'>
        <BigButton id={`calc-${product.id}`} variant='secondary' onClick={() => Taro.navigateTo({ url: calculatorUrl(product.id) })}>
          算一算要还多少
        </BigButton>
        <BigButton id={`apply-${product.id}`} onClick={() => Taro.navigateTo({ url: applyUrl(product.id) })}>
          申请
        </BigButton>
      </View>
    </View>
  )
}
