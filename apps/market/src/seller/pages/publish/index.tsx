import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ProductUnit, PublishProductRequest } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, ChoiceCard, ChoiceGroup, FormField, PageShell, PhotoPicker, SignInGate, Skeleton, usePhotoSlots, userMessageOf, validateField, type FieldRules } from '@tianyuan/ui'
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import { useRef, useState } from 'react'
import { useCategories } from '../../../features/catalog/hooks'
import { publishProduct, yuanToFen } from '../../../features/seller/api'
import { unitWord } from '@tianyuan/contracts/market-rules'

dayjs.extend(utc)

const MAX_PHOTOS = 9
/** The units, with ASCII ids for tests and selectors. */
const UNITS: { unit: ProductUnit; id: string }[] = [
  { unit: '斤', id: 'jin' },
  { unit: 'kg', id: 'kg' },
  { unit: '箱', id: 'box' },
]
/** Shanghai calendar day n days ago (UTC+8 all year): the choices 今天 / 昨天 / 前天. */
const shanghaiDay = (daysAgo: number) => dayjs().utcOffset(480).subtract(daysAgo, 'day').format('YYYY-MM-DD')
const HARVEST_CHOICES = [
  { label: '今天', daysAgo: 0 },
  { label: '昨天', daysAgo: 1 },
  { label: '前天', daysAgo: 2 },
  { label: '一周内', daysAgo: 7 },
]

const FIELDS = {
  title: { label: '商品名称', rules: { required: true, maxLength: 40 }, placeholder: '比如：洛川红富士苹果' },
  grade: { label: '等级', rules: { required: true, maxLength: 10 }, placeholder: '比如：一级' },
  origin: { label: '产地', rules: { required: true, maxLength: 60 }, placeholder: '比如：陕西洛川' },
  price: { label: '价格（元）', rules: { required: true, validate: (v: string) => (yuanToFen(v) ? undefined : '价格写成 6.80 这样，最多两位小数') }, placeholder: '每个单位多少钱' },
  stock: { label: '库存', rules: { required: true, validate: (v: string) => (/^\d{1,7}$/.test(v.trim()) ? undefined : '库存写整数，比如 100') }, placeholder: '有多少可以卖' },
} satisfies Record<string, { label: string; rules: FieldRules; placeholder: string }>
type FieldName = keyof typeof FIELDS
const NAMES = Object.keys(FIELDS) as FieldName[]

/** Publish a product: photos from the camera (compressed, with progress, resumable), what it is, price and stock. */
export default function PublishPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能发布商品'>
        <PublishForm />
      </SignInGate>
    </PageShell>
  )
}

function PublishForm() {
  const categories = useCategories()
  const [values, setValues] = useState<Record<FieldName, string>>({ title: '', grade: '一级', origin: '', price: '', stock: '' })
  const [categoryId, setCategoryId] = useState<string>()
  const [unit, setUnit] = useState<ProductUnit>('斤')
  const [harvestDaysAgo, setHarvestDaysAgo] = useState(0)
  const photoSlots = usePhotoSlots(MAX_PHOTOS)
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [publishing, setPublishing] = useState(false)
  // The key of a publish whose answer may have been lost: 再试一次 sends it again, never a second product.
  const retryKey = useRef<string>()

  if (categories.status === 'loading') return <Skeleton lines={8} />
  const { uploaded, busy: busyPhotos } = photoSlots
  const missing = NAMES.some((n) => validateField(FIELDS[n].label, values[n].trim(), FIELDS[n].rules)) || !categoryId || uploaded.length === 0

  const publish = async () => {
    setShowErrors(true)
    if (missing || busyPhotos || !categoryId) return
    setPublishing(true)
    setFailure(undefined)
    const request: PublishProductRequest = {
      categoryId,
      title: values.title.trim(),
      grade: values.grade.trim(),
      origin: values.origin.trim(),
      harvestDate: shanghaiDay(harvestDaysAgo),
      unit,
      priceFen: yuanToFen(values.price) ?? 0,
      stock: Number(values.stock.trim()),
      photoIds: uploaded.map((p) => p.id),
    }
    try {
      await publishProduct(request, retryKey.current)
      void Taro.redirectTo({ url: '/seller/pages/products/index' })
    } catch (error) {
      retryKey.current = (error as { idempotencyKey?: string }).idempotencyKey ?? retryKey.current
      setFailure(userMessageOf(error))
      setPublishing(false)
    }
  }

  return (
    <View id='publish'>
      <View className='ty-card' id='photos'>
        <Text className='ty-h'>照片（至少 1 张）</Text>
        <Text className='ty-note'>拍清楚一点，买家看得放心。照片会先压缩再上传，省流量。</Text>
        <PhotoPicker slots={photoSlots} max={MAX_PHOTOS} />
        {showErrors && uploaded.length === 0 && <Text className='ty-warn'>请至少上传 1 张照片</Text>}
      </View>

      <View className='ty-card'>
        <Text className='ty-h'>分类</Text>
        <ChoiceGroup label='分类' className='ty-choices-row'>
          {(categories.data?.items ?? []).map((c) => (
            <ChoiceCard key={c.id} id={`publish-category-${c.id}`} checked={c.id === categoryId} onSelect={() => setCategoryId(c.id)}>
              <Text className='ty-text'>{c.name}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        {showErrors && !categoryId && <Text className='ty-warn'>请选一个分类</Text>}
      </View>

      {NAMES.map((n) => (
        <FormField
          key={n}
          id={`publish-${n}`}
          label={n === 'price' ? `价格（元/${unitWord(unit)}）` : n === 'stock' ? `库存（${unitWord(unit)}）` : FIELDS[n].label}
          value={values[n]}
          rules={FIELDS[n].rules}
          showErrors={showErrors}
          placeholder={FIELDS[n].placeholder}
          type={n === 'price' ? 'digit' : n === 'stock' ? 'number' : 'text'}
          onChange={(v) => setValues((old) => ({ ...old, [n]: v }))}
        />
      ))}

      <View className='ty-card'>
        <Text className='ty-h'>按什么卖</Text>
        <ChoiceGroup label='按什么卖' className='ty-choices-row'>
          {UNITS.map((u) => (
            <ChoiceCard key={u.id} id={`unit-${u.id}`} checked={u.unit === unit} onSelect={() => setUnit(u.unit)}>
              <Text className='ty-text'>{unitWord(u.unit)}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        <Text className='ty-h'>什么时候采收的</Text>
        <ChoiceGroup label='什么时候采收的' className='ty-choices-row'>
          {HARVEST_CHOICES.map((h) => (
            <ChoiceCard key={h.label} id={`harvest-${h.daysAgo}`} checked={h.daysAgo === harvestDaysAgo} onSelect={() => setHarvestDaysAgo(h.daysAgo)}>
              <Text className='ty-text'>{h.label}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
      </View>

      {failure && <Text className='ty-warn'>{failure}</Text>}
      <BigButton id='publish-button' loading={publishing} disabled={busyPhotos || publishing} onClick={publish}>
        {busyPhotos ? '照片还在上传…' : failure ? '再试一次' : '发布'}
      </BigButton>
    </View>
  )
}
