import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { sizeWords } from '@tianyuan/contracts/classroom-rules'
import type { Certificate } from '@tianyuan/contracts/types'
import { OfflineBanner, useAuth } from '@tianyuan/sdk/react'
import { a11yProps, BigButton, EmptyState, ErrorState, FormField, PageShell, SignInGate, Skeleton, userMessageOf } from '@tianyuan/ui'
import { useState } from 'react'
import { courseUrl } from '../../../features/catalog/api'
import { useCourse } from '../../../features/catalog/hooks'
import { certificateImageUrl, issueCertificate } from '../../../features/certificates/api'
import { useCertificate } from '../../../features/certificates/hooks'

/**
 * The certificate of a completed course (?course=): the picture the server drew (name, course,
 * teacher, date, code and a QR code anyone can scan to check it), its code in words, and 保存/分享
 * through WeChat's image preview. Before it is issued: the name to print, then 领取.
 */
export default function CertificatePage() {
  const { params } = useRouter()
  return (
    <PageShell banner={<OfflineBanner />} title='结业证书'>
      <SignInGate reason='登录微信后就能领取结业证书'>
        <CertificateOf courseId={params.course ?? ''} />
      </SignInGate>
    </PageShell>
  )
}

function CertificateOf({ courseId }: { courseId: string }) {
  const course = useCourse(courseId)
  const mine = useCertificate(courseId)
  const [issued, setIssued] = useState<Certificate>()
  const back = () => void (Taro.getCurrentPages().length > 1 ? Taro.navigateBack() : Taro.redirectTo({ url: courseUrl(courseId) }))

  const certificate = issued ?? mine.data?.certificate
  if (certificate) return <CertificateView certificate={certificate} onBack={back} />
  if (mine.status === 'loading' || course.status === 'loading') return <Skeleton id='certificate-loading' lines={6} />
  // 404: not issued yet (the form below); anything else: say so and offer 再试一次.
  if (mine.status === 'error' && mine.error?.status !== 404) return <ErrorState id='certificate-error' error={mine.error} onRetry={mine.refetch} />
  if (course.status === 'error' || !course.data) return <ErrorState id='certificate-error' error={course.error} onRetry={course.refetch} />

  const progress = course.data.course.progress
  if (!progress?.completed) {
    const left = progress ? progress.totalLessons - progress.doneLessons : course.data.course.lessonCount
    return <EmptyState id='certificate-not-yet' title='学完全部课时就能领证书' description={`这门课还差 ${left} 节没学完。学完的课时在课程页会打勾。`} actionText='回到课程' onAction={back} />
  }
  return <IssueForm courseId={courseId} courseTitle={course.data.course.title} onIssued={setIssued} />
}

function IssueForm({ courseId, courseTitle, onIssued }: { courseId: string; courseTitle: string; onIssued: (c: Certificate) => void }) {
  const { user } = useAuth()
  const [name, setName] = useState(user?.nickname ?? '')
  const [showErrors, setShowErrors] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [sending, setSending] = useState(false)

  const issue = async () => {
    setShowErrors(true)
    if (!name.trim() || name.trim().length > 20 || sending) return
    setSending(true)
    setFailure(undefined)
    try {
      onIssued(await issueCertificate(courseId, name))
    } catch (error) {
      setFailure(userMessageOf(error))
    } finally {
      setSending(false)
    }
  }

  return (
    <View className='ty-card' id='certificate-form'>
      <Text className='ty-h'>恭喜学完《{courseTitle}》</Text>
      <Text className='ty-text'>写下印在证书上的名字，证书领取后不能再改。</Text>
      <FormField id='certificate-name' label='证书上的姓名' value={name} onChange={setName} required rules={{ required: true, maxLength: 20 }} maxLength={20} showErrors={showErrors} hint='可以写真实姓名，也可以用微信名' />
      {failure && (
        <Text className='ty-warn' id='certificate-failure' {...a11yProps({ live: 'polite' })}>
          {failure}
        </Text>
      )}
      <BigButton id='issue-certificate' loading={sending} onClick={issue}>
        领取结业证书
      </BigButton>
    </View>
  )
}

function CertificateView({ certificate: c, onBack }: { certificate: Certificate; onBack: () => void }) {
  const src = certificateImageUrl(API_BASE, c)
  // WeChat's preview: long-press there to save to the album or send to a friend.
  const preview = () => void Taro.previewImage({ urls: [src], current: src })
  return (
    <View id='certificate'>
      <View className='ty-card'>
        <Image
          id='certificate-image'
          src={src}
          mode='widthFix'
          style={{ width: '100%' }}
          onClick={preview}
          {...a11yProps({ label: `结业证书：${c.holderName}，${c.courseTitle}，${c.completedOn} 结业，编号 ${c.code}` })}
        />
        <Text className='ty-note'>证书图片 {sizeWords(c.imageBytes)}，点图片可以放大、保存或发给别人</Text>
      </View>
      <View className='ty-card' id='certificate-facts'>
        <Text className='ty-text'>学员：{c.holderName}</Text>
        <Text className='ty-text'>课程：{c.courseTitle}</Text>
        <Text className='ty-text'>
          讲师：{c.teacherName}（{c.teacherOrg}）
        </Text>
        <Text className='ty-text'>结业日期：{c.completedOn}</Text>
        <Text className='ty-h' id='certificate-code'>
          证书编号：{c.code}
        </Text>
        <Text className='ty-note'>别人扫证书上的二维码，或打开 {c.verifyUrl} 就能查验真伪。</Text>
      </View>
      <View className='ty-actions'>
        <BigButton id='preview-certificate' onClick={preview}>
          保存或分享证书
        </BigButton>
        <BigButton id='back' variant='secondary' onClick={onBack}>
          返回
        </BigButton>
      </View>
    </View>
  )
}
