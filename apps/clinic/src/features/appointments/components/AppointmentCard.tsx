import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CONSULT_MODE_WORDS } from '@tianyuan/contracts/clinic-rules'
import type { Appointment } from '@tianyuan/contracts/types'
import { a11yProps, Price } from '@tianyuan/ui'
import { appointmentUrl } from '../api'
import { describeSlot } from '../timeline'

/**
 * An appointment in a list: status, who, when, how, fee. The whole card opens it. The patient's
 * list names the doctor; the doctor's workbench (`forDoctor`) names the patient.
 */
export function AppointmentCard({ appointment: a, forDoctor = false, onOpen }: { appointment: Appointment; forDoctor?: boolean; onOpen?: (a: Appointment) => void }) {
  return (
    <View className='ty-card' id={`appointment-${a.id}`} onClick={() => (onOpen ? onOpen(a) : void Taro.navigateTo({ url: appointmentUrl(a.id) }))} {...a11yProps({ role: 'button' })}>
      <View className='ty-row'>
        <Text className='ty-h'>{forDoctor ? `${a.patient.name}（${a.patient.age} 岁，${a.patient.gender}）` : `${a.doctor.name} ${a.doctor.title}`}</Text>
        <Text className='ty-status' id={`appointment-${a.id}-status`}>
          {a.statusWord}
        </Text>
      </View>
      <Text className='ty-text'>{describeSlot(a.slot)}</Text>
      <Text className='ty-note'>{forDoctor ? `${CONSULT_MODE_WORDS[a.mode]}问诊${a.callbackPhone ? `（打 ${a.callbackPhone}）` : ''} · ${a.symptoms.slice(0, 40)}` : `${a.patient.name} · ${CONSULT_MODE_WORDS[a.mode]}问诊 · ${a.doctor.hospitalName}`}</Text>
      <Price fen={a.feeFen} />
    </View>
  )
}
