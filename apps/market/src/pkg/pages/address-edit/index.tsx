import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, FormField, PageShell, SignInGate, Skeleton, userMessageOf, validateField, type FieldRules } from '@tianyuan/ui'
import { useEffect, useRef, useState } from 'react'
import { saveAddress } from '../../../features/addresses/api'
import { useAddresses } from '../../../features/addresses/hooks'

// The same limits the API checks (contracts AddressFields), said before the request is sent.
const FIELDS = {
  name: { label: '收货人', rules: { required: true, maxLength: 20 }, placeholder: '比如：李大姐' },
  phone: { label: '手机号', rules: { required: true, phone: true }, placeholder: '11 位手机号' },
  region: { label: '所在地区', rules: { required: true, maxLength: 60 }, placeholder: '省 市 县，比如：湖北省 恩施州 宣恩县' },
  detail: { label: '详细地址', rules: { required: true, maxLength: 100 }, placeholder: '乡镇、村、组、门牌' },
} satisfies Record<string, { label: string; rules: FieldRules; placeholder: string }>
type FieldName = keyof typeof FIELDS
const NAMES = Object.keys(FIELDS) as FieldName[]

/** Add an address, or change one (?id=). */
export default function AddressEditPage() {
  return (
    <PageShell banner={<OfflineBanner />}>
      <SignInGate reason='登录微信后就能保存收货地址'>
        <AddressForm id={useRouter().params.id} />
      </SignInGate>
    </PageShell>
  )
}

function AddressForm({ id }: { id?: string }) {
  const addresses = useAddresses(Boolean(id))
  const [values, setValues] = useState<Record<FieldName, string>>({ name: '', phone: '', region: '', detail: '' })
  const [showErrors, setShowErrors] = useState(false)
  const [saving, setSaving] = useState(false)
  const [failure, setFailure] = useState<string>()
  const filled = useRef(false)

  const existing = addresses.data?.items.find((a) => a.id === id)
  useEffect(() => {
    if (existing && !filled.current) {
      filled.current = true
      setValues({ name: existing.name, phone: existing.phone, region: existing.region, detail: existing.detail })
    }
  }, [existing])

  if (id && addresses.status === 'loading') return <Skeleton lines={8} />

  const save = async () => {
    setShowErrors(true)
    if (NAMES.some((n) => validateField(FIELDS[n].label, values[n].trim(), FIELDS[n].rules))) return
    setSaving(true)
    setFailure(undefined)
    try {
      await saveAddress(id, { name: values.name.trim(), phone: values.phone.trim(), region: values.region.trim(), detail: values.detail.trim() })
      void Taro.showToast({ title: '地址已保存', icon: 'success' })
      await Taro.navigateBack()
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View>
      {NAMES.map((n) => (
        <FormField
          key={n}
          id={`address-${n}`}
          label={FIELDS[n].label}
          value={values[n]}
          rules={FIELDS[n].rules}
          showErrors={showErrors}
          placeholder={FIELDS[n].placeholder}
          type={n === 'phone' ? 'number' : 'text'}
          onChange={(v) => setValues((old) => ({ ...old, [n]: v }))}
        />
      ))}
      {failure && <Text className='ty-warn'>{failure}</Text>}
      <View className='ty-actions'>
        <BigButton id='save-address' loading={saving} onClick={save}>
          保存地址
        </BigButton>
      </View>
    </View>
  )
}
