import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { RELATIONS } from '@tianyuan/contracts/clinic-rules'
import type { Relation } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, ChoiceCard, ChoiceGroup, FormField, PageShell, SignInGate, shanghaiToday, userMessageOf } from '@tianyuan/ui'
import { useRef, useState } from 'react'
import { isAdult, readIdNumber } from '../../../features/patients/age'
import { addPatient } from '../../../features/patients/api'
import { usePatients } from '../../../features/patients/hooks'

export default function PatientEditPage() {
  return (
    <PageShell banner={<OfflineBanner />} title='添加就诊人'>
      <SignInGate reason='登录微信后就能添加就诊人'>
        <PatientForm />
      </SignInGate>
    </PageShell>
  )
}

/** Name, relation, ID number (checked here as typed, and again by the server), a guardian for a child under 6. */
function PatientForm() {
  const family = usePatients()
  const [name, setName] = useState('')
  const [relation, setRelation] = useState<Relation>()
  const [idNumber, setIdNumber] = useState('')
  const [guardianId, setGuardianId] = useState<string>()
  const [tried, setTried] = useState(false)
  const [saving, setSaving] = useState(false)
  const [failure, setFailure] = useState<string>()
  const running = useRef(false)

  const id = readIdNumber(idNumber, shanghaiToday())
  const adults = (family.data?.items ?? []).filter(isAdult)
  // What stops saving. A field's own problem (姓名, 身份证号) shows under that field; the line by the
  // button then points there instead of saying it a second time.
  const missing = !relation ? '请选择和您的关系' : !name.trim() || id.problem ? '请按上面的红字改好再保存' : id.needsGuardian && !guardianId ? '6 岁以下的孩子要选一位监护人' : undefined

  const save = async () => {
    setTried(true)
    if (running.current || missing || !relation) return
    running.current = true
    setSaving(true)
    setFailure(undefined)
    try {
      await addPatient({ name: name.trim(), relation, idNumber: idNumber.trim().toUpperCase(), guardianId: id.needsGuardian ? guardianId : undefined })
      family.refetch()
      await Taro.navigateBack()
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      running.current = false
      setSaving(false)
    }
  }

  return (
    <View>
      <View className='ty-card'>
        <FormField id='patient-name' label='姓名' value={name} onChange={setName} rules={{ required: true, maxLength: 20 }} showErrors={tried} placeholder='和身份证上一样' />
        <Text className='ty-h'>
          和您的关系<Text className='ty-field__required'>（必填）</Text>
        </Text>
        <ChoiceGroup label='和您的关系' className='ty-choices-row'>
          {RELATIONS.map((r, i) => (
            <ChoiceCard key={r} id={`relation-${i}`} checked={r === relation} onSelect={() => setRelation(r)}>
              <Text className='ty-text'>{r}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        <FormField
          id='patient-id-number'
          label='身份证号'
          type='idcard'
          required
          value={idNumber}
          onChange={setIdNumber}
          error={tried || idNumber.length >= 18 ? (id.problem ?? undefined) : undefined}
          maxLength={18}
          hint='只用来核对身份，页面上只显示前 4 位和后 4 位'
        />
        {id.age !== undefined && (
          <Text className='ty-note' id='patient-age'>
            {id.age} 岁
          </Text>
        )}
      </View>

      {id.needsGuardian && (
        <View className='ty-card' id='guardian' {...a11yProps({ role: 'radiogroup', label: '监护人' })}>
          <Text className='ty-h'>监护人（6 岁以下必填）</Text>
          {adults.map((p) => (
            <ChoiceCard key={p.id} id={`guardian-${p.id}`} checked={p.id === guardianId} onSelect={() => setGuardianId(p.id)}>
              <Text className='ty-text'>
                {p.name}（{p.relation}）
              </Text>
            </ChoiceCard>
          ))}
          {adults.length === 0 && <Text className='ty-warn'>请先添加一位成年的家里人（比如您自己），再添加孩子。</Text>}
        </View>
      )}

      {tried && missing && (
        <Text className='ty-warn' id='patient-missing' style={{ display: 'block' }}>
          {missing}
        </Text>
      )}
      {failure && (
        <Text className='ty-warn' id='patient-failure' style={{ display: 'block' }}>
          {failure}
        </Text>
      )}
      <View className='ty-actions'>
        <BigButton id='save-patient' loading={saving} disabled={saving} onClick={save}>
          保存
        </BigButton>
      </View>
    </View>
  )
}
