import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { NoticeTopic, PublishedNoticeResponse, PublishedNoticesResponse, PublishNoticeRequest } from '@tianyuan/contracts/types'
import { NOTICE_LIMITS, NOTICE_TOPICS, PRICE_TABLE_HEADER, PRICE_TOPIC, paragraphsOf, parsePriceTable } from '@tianyuan/contracts/notices-rules'
import { isSdkError } from '@tianyuan/sdk'
import { OfflineBanner, useAction, useQuery, useSdk } from '@tianyuan/sdk/react'
import { useMemo, useRef, useState } from 'react'
import { a11yProps } from '../../a11y'
import { BigButton } from '../../BigButton'
import { Checkbox, ChoiceCard, ChoiceGroup } from '../../ChoiceCard'
import { EmptyState } from '../../EmptyState'
import { ErrorState } from '../../ErrorState'
import { FormField } from '../../FormField'
import { PageShell } from '../../PageShell'
import { PhotoPicker, usePhotoSlots } from '../../PhotoPicker'
import { formatShanghaiTime } from '../../ShanghaiTime'
import { SignInGate } from '../../SignInGate'
import { Skeleton } from '../../Skeleton'
import { PriceTable } from '../PriceTable'
import { NOTICE_PAGES, NOTICES_PATH, PUBLISHED_NOTICES_PATH } from '../shared/api'
import { EXPIRY_CHOICES, expiryAt } from '../shared/expiry'
import '../shared/index.scss'

/** The API's 403 for someone who is not a member of a publishing organisation. */
export function isNotPublisher(error: unknown): boolean {
  return isSdkError(error) && error.status === 403
}

/** What stops the body from being sent, in the words the API would use; undefined when fine. */
export function bodyProblem(text: string): string | undefined {
  const paragraphs = paragraphsOf(text)
  if (paragraphs.length === 0) return '请填写正文'
  if (paragraphs.length > NOTICE_LIMITS.paragraphsMax) return `正文最多 ${NOTICE_LIMITS.paragraphsMax} 段（现在是 ${paragraphs.length} 段）`
  const long = paragraphs.findIndex((p) => p.length > NOTICE_LIMITS.paragraphMax)
  if (long >= 0) return `第 ${long + 1} 段太长了，每段最多 ${NOTICE_LIMITS.paragraphMax} 个字`
  const total = paragraphs.reduce((n, p) => n + p.length, 0)
  if (total > NOTICE_LIMITS.textMax) return `正文一共最多 ${NOTICE_LIMITS.textMax} 个字（现在是 ${total} 个），请精简一些`
  return undefined
}

/** For publishers (村委会, 卫生院, 农技站, 信用社, 合作社 accounts): a new notice. */
export function PublishNoticePage() {
  return (
    <PageShell banner={<OfflineBanner />} title='发布通知' id='publish-notice-page'>
      <SignInGate reason='登录微信后，单位的账号才能发布通知'>
        <PublisherOnly />
      </SignInGate>
    </PageShell>
  )
}

function PublisherOnly() {
  const mine = useQuery<PublishedNoticesResponse>(PUBLISHED_NOTICES_PATH)
  if (mine.status === 'loading') return <Skeleton id='publish-loading' lines={8} />
  if (mine.status === 'error' && isNotPublisher(mine.error)) {
    return <EmptyState id='not-publisher' title='这个账号不能发布通知' description='只有村委会、乡镇卫生院、农技站、信用社和合作社的账号能发布通知。需要开通的话，请联系您所在单位的管理员。' />
  }
  if (mine.status === 'error' || !mine.data) return <ErrorState id='publish-error' error={mine.error} onRetry={mine.refetch} />
  return <PublishForm organisation={mine.data.organisation.name} quota={mine.data.quota} />
}

function PublishForm({ organisation, quota }: { organisation: string; quota: PublishedNoticesResponse['quota'] }) {
  const sdk = useSdk()
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [topic, setTopic] = useState<NoticeTopic>()
  const [days, setDays] = useState<number>(7)
  const [urgent, setUrgent] = useState(false)
  const [csv, setCsv] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const photos = usePhotoSlots(NOTICE_LIMITS.photosMax)
  // A publish whose answer may have been lost is sent again with its key: never a second notice.
  const retryKey = useRef<string>()
  const action = useAction<PublishedNoticeResponse>({ fetched: undefined, version: () => 1 })

  const pricesWanted = topic === PRICE_TOPIC && csv.trim() !== ''
  const prices = useMemo(() => (pricesWanted ? parsePriceTable(csv) : undefined), [pricesWanted, csv])
  const titleRules = { required: true, maxLength: NOTICE_LIMITS.titleMax }
  const problems = [
    !title.trim() || title.trim().length > NOTICE_LIMITS.titleMax,
    bodyProblem(body) !== undefined,
    !topic,
    (prices?.problems.length ?? 0) > 0,
  ].some(Boolean)

  const publish = () => {
    setShowErrors(true)
    if (problems || photos.busy || !topic) return
    const request: PublishNoticeRequest = {
      title: title.trim(),
      paragraphs: paragraphsOf(body),
      photoIds: photos.uploaded.map((p) => p.id),
      topic,
      expiresAt: new Date(expiryAt(days)).toISOString(),
      urgent,
      ...(pricesWanted ? { priceTable: csv.trim() } : {}),
    }
    void action
      .run(async () => {
        try {
          const done = await sdk.api.mutate<PublishedNoticeResponse>({ method: 'POST', path: NOTICES_PATH, body: request, idempotencyKey: retryKey.current, label: '发布通知' })
          return done.data
        } catch (error) {
          retryKey.current = (isSdkError(error) && error.idempotencyKey) || retryKey.current
          throw error
        }
      })
      .then((published) => {
        if (published) void Taro.redirectTo({ url: NOTICE_PAGES.published })
      })
  }

  const left = quota.perDay - quota.usedToday
  return (
    <View id='publish-notice-form'>
      <Text className='ty-note' id='publish-who'>
        以“{organisation}”的名义发布。今天还能发 {Math.max(0, left)} 条（每天最多 {quota.perDay} 条）。
      </Text>

      <FormField id='notice-title-input' label='标题' required value={title} onChange={setTitle} rules={titleRules} showErrors={showErrors} placeholder='比如：12月8日上午在村卫生室打流感疫苗' />
      <FormField
        id='notice-body-input'
        label='正文'
        required
        multiline
        maxLength={NOTICE_LIMITS.textMax + NOTICE_LIMITS.paragraphsMax}
        hint='一行一段，写清时间、地点、要带什么。'
        value={body}
        onChange={setBody}
        rules={{ required: true, validate: bodyProblem }}
        showErrors={showErrors}
      />

      <View className='ty-card' id='notice-topics'>
        <Text className='ty-h'>主题</Text>
        <ChoiceGroup label='主题' className='ty-choices-row'>
          {NOTICE_TOPICS.map((t, i) => (
            <ChoiceCard key={t} id={`notice-topic-${i}`} checked={t === topic} onSelect={() => setTopic(t)}>
              <Text className='ty-text'>{t}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        {showErrors && !topic && <Text className='ty-warn'>请选一个主题</Text>}
      </View>

      {topic === PRICE_TOPIC && (
        <View className='ty-card' id='notice-prices-card'>
          <FormField
            id='notice-prices-input'
            label='价格表（可不填）'
            multiline
            maxLength={NOTICE_LIMITS.priceCsvMax}
            hint={`从表格里复制粘贴，或一行一个品种：${PRICE_TABLE_HEADER}。例如：大白菜,公斤,1.20,+0.05`}
            value={csv}
            onChange={setCsv}
          />
          {prices && prices.problems.length > 0 && (
            <View id='notice-prices-problems' {...a11yProps({ live: 'polite' })}>
              {prices.problems.map((p) => (
                <Text key={p} className='ty-warn' style={{ display: 'block' }}>
                  {p}
                </Text>
              ))}
            </View>
          )}
          {prices && prices.problems.length === 0 && prices.rows.length > 0 && (
            <View id='notice-prices-preview'>
              <Text className='ty-note'>预览（共 {prices.rows.length} 行）：</Text>
              <PriceTable rows={prices.rows} caption='价格表预览' />
            </View>
          )}
        </View>
      )}

      <View className='ty-card' id='notice-photos-card'>
        <Text className='ty-h'>照片（可不放，最多 {NOTICE_LIMITS.photosMax} 张）</Text>
        <PhotoPicker slots={photos} max={NOTICE_LIMITS.photosMax} />
      </View>

      <View className='ty-card'>
        <Text className='ty-h'>展示多久</Text>
        <ChoiceGroup label='展示多久' className='ty-choices-row'>
          {EXPIRY_CHOICES.map((c) => (
            <ChoiceCard key={c.days} id={`notice-expiry-${c.days}`} checked={c.days === days} onSelect={() => setDays(c.days)}>
              <Text className='ty-text'>{c.label}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
        <Text className='ty-note' id='notice-expiry-at'>
          到 {formatShanghaiTime(expiryAt(days))}（北京时间）为止
        </Text>
      </View>

      <Checkbox id='notice-urgent' checked={urgent} onChange={setUrgent}>
        <Text className='ty-text'>紧急通知：在四个小程序的首页都置顶，并用微信提醒订阅了的人</Text>
      </Checkbox>

      {action.error && (
        <Text id='publish-notice-error' className='ty-warn' {...a11yProps({ live: 'assertive' })}>
          {action.error.userMessage}
        </Text>
      )}
      <BigButton id='publish-notice-button' loading={action.pending} disabled={photos.busy || action.pending} onClick={publish}>
        {photos.busy ? '照片还在上传…' : action.error ? '再试一次' : '发布'}
      </BigButton>
    </View>
  )
}
