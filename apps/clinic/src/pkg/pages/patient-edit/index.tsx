import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { RELATIONS } from '@tianyuan/contracts/clinic-rules'
import type { Relation } from '@tianyuan/contracts/types'
import { OfflineBanner } from '@tianyuan/sdk/react'
import { BigButton, FormField, PageShell, SignInGate, shanghaiToday, userMessageOf } from '@tianyuan/ui'
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
  const missing = !name.trim() ? '请填写姓名' : !relation ? '请选择和您的关系' : id.problem ? id.problem : id.needsGuardian && !guardianId ? '6 岁以下的孩子要选一位监护人' : undefined

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
        <Text className='ty-h'>和您的关系</Text>
        <View className='ty-row' style={{ justifyContent: 'flex-start' }}>
          {RELATIONS.map((r, i) => (
            <View key={r} id={`relation-${i}`} className={`ty-choice ${r === relation ? 'ty-choice--on' : ''}`} onClick={() => setRelation(r)}>
              <Text className='ty-text'>{r}</Text>
            </View>
          ))}
        </View>
        <FormField
          id='patient-id-number'
          label='身份证号'
          type='idcard'
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
        <View className='ty-card' id='guardian'>
          <Text className='ty-h'>监护人（6 岁以下必填）</Text>
          {adults.map((p) => (
            <View key={p.id} id={`guardian-${p.id}`} className={`ty-choice ${p.id === guardianId ? 'ty-choice--on' : ''}`} onClick={() => setGuardianId(p.id)}>
              <Text className='ty-text'>
                {p.id === guardianId ? '● ' : '○ '}
                {p.name}（{p.relation}）
              </Text>
            </View>
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
