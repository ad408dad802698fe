import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { bankCardProblem, bankCardWarning, idNumberProblem } from '@tianyuan/contracts/identity-rules'
import { LOAN_CONSENT_WORDS } from '@tianyuan/contracts/loans-rules'
import type { ConsentText, LoanApplicationResponse, LoanMethod, LoanProduct, LoanQuote } from '@tianyuan/contracts/types'
import { OfflineBanner, useAction, useNetworkState } from '@tianyuan/sdk/react'
import { BigButton, Checkbox, ChoiceCard, ChoiceGroup, EmptyState, ErrorState, FormField, PageShell, SignInGate, Skeleton, a11yProps, formatShanghaiTime, shanghaiToday, userMessageOf } from '@tianyuan/ui'
import { useEffect, useMemo, useRef, useState } from 'react'
import { quoteLoan, retryKeyOf, submitApplication, useConsentTexts } from '../../../features/apply/api'
import { clearDraft, hasContent, readDraft, saveDraft, type ApplicationDraft } from '../../../features/apply/draft'
import { isFresh, sandboxPhoneCode, type PhoneCode } from '../../../features/apply/phone'
import { PlanPicker } from '../../../features/calculator/components/PlanPicker'
import { PlanSummary } from '../../../features/calculator/components/PlanSummary'
import { ScheduleTable } from '../../../features/calculator/components/ScheduleTable'
import { amountProblem, planOf, type Plan } from '../../../features/calculator/plan'
import { loanUrl } from '../../../features/loans/urls'
import { formatYuan, parseYuan } from '../../../features/products/money'
import { useProducts } from '../../../features/products/hooks'
import { loanStore } from '../../../sdk'
import './index.scss'

const STEPS = ['借钱做什么', '借多少、怎么还', '您是谁', '看清楚再同意'] as const
const PURPOSES = ['买种子、化肥', '买猪苗、鸡苗、饲料', '买或修农机', '建大棚、修圈舍']

/** Applying (?product=&amount=&term=&method=): one step a screen, kept as a draft on the phone, then submitted once. */
export default function ApplyPage() {
  const { params } = useRouter()
  const products = useProducts()
  const product = products.data?.items.find((p) => p.id === params.product)
  const [draft, setDraft] = useState<ApplicationDraft | null>()
  useEffect(() => {
    if (params.product) void readDraft(loanStore, params.product).then((d) => setDraft(d ?? null))
  }, [params.product])

  return (
    <PageShell banner={<OfflineBanner />} title='申请贷款'>
      {products.status === 'loading' || draft === undefined ? (
        <Skeleton id='apply-loading' lines={8} />
      ) : products.status === 'error' ? (
        <ErrorState id='apply-error' error={products.error} onRetry={products.refetch} />
      ) : !product ? (
        <EmptyState id='apply-no-product' title='这个贷款已经不能申请了' description='回到首页，看看现在能申请的贷款。' actionText='返回' onAction={() => Taro.navigateBack()} />
      ) : (
        <SignInGate reason='登录微信后就能申请贷款；填的内容会先保存在手机上'>
          <ApplicationForm product={product} draft={draft} initial={{ amount: params.amount, term: params.term, method: params.method }} />
        </SignInGate>
      )}
    </PageShell>
  )
}

interface Initial {
  amount?: string
  term?: string
  method?: string
}

function ApplicationForm({ product, draft, initial }: { product: LoanProduct; draft: ApplicationDraft | null; initial: Initial }) {
  const network = useNetworkState()
  const offline = network?.online === false
  // From the calculator's plan (the URL) first, then the draft, then the product's first choice.
  const fromUrl = initial.amount ? Number(initial.amount) : undefined
  const [step, setStep] = useState(draft?.step ?? 0)
  const [purpose, setPurpose] = useState(draft?.purpose ?? '')
  const [amountText, setAmountText] = useState(String((fromUrl ?? draft?.amountFen ?? product.minAmountFen) / 100))
  const [termMonths, setTermMonths] = useState<number | undefined>((initial.term ? Number(initial.term) : undefined) ?? draft?.termMonths ?? product.termsMonths[0])
  const [method, setMethod] = useState<LoanMethod | undefined>((product.methods as string[]).includes(initial.method ?? draft?.method ?? '') ? ((initial.method ?? draft?.method) as LoanMethod) : product.methods[0])
  const [name, setName] = useState(draft?.name ?? '')
  const [idNumber, setIdNumber] = useState('')
  const [bankCard, setBankCard] = useState('')
  const [bankName, setBankName] = useState('')
  const [phone, setPhone] = useState<PhoneCode>()
  const [phoneFailure, setPhoneFailure] = useState<string>()
  const [agreed, setAgreed] = useState<Record<string, boolean>>({})
  const [tried, setTried] = useState(false)
  const consents = useConsentTexts()
  const retryKey = useRef<string>()
  const submission = useAction<LoanApplicationResponse>({ fetched: undefined, version: () => 1 })
  const submitted = submission.shown

  // Everything but the ID number and the card (draft.ts says why) is on the phone within half a second.
  const amountFen = parseYuan(amountText)
  useEffect(() => {
    if (submitted) return
    const timer = setTimeout(() => void saveDraft(loanStore, product.id, { step, purpose, amountFen, termMonths, method, name }).catch(() => undefined), 400)
    return () => clearTimeout(timer)
  }, [product.id, step, purpose, amountFen, termMonths, method, name, submitted])

  const amountIssue = amountProblem(product, amountFen)
  const plan: Plan | undefined = useMemo(
    () => (amountIssue === null && amountFen !== undefined && termMonths && method ? planOf(product, { amountFen, termMonths, method }, shanghaiToday()) : undefined),
    [product, amountFen, termMonths, method, amountIssue],
  )
  const idIssue = idNumberProblem(idNumber)
  const cardIssue = bankCardProblem(bankCard)
  const cardWarning = bankCardWarning(bankCard)

  // What stops each screen, in words; a field's own problem shows under the field.
  const FIX = '请按上面的红字改好再继续'
  const problems: (string | undefined)[] = [
    purpose.trim() ? undefined : '请写上借钱做什么',
    amountIssue ? FIX : !termMonths ? '请选择借多久' : !method ? '请选择怎么还' : undefined,
    !name.trim() || idIssue || cardIssue || !bankName.trim() ? FIX : !isFresh(phone) ? '请点“用微信绑定的手机号”' : undefined,
    (consents.data?.items ?? []).some((c) => !agreed[c.kind]) || !consents.data ? '两项都要看过并勾选同意，才能提交' : offline ? '现在没有网络，连上网络后再提交（填的内容已经保存）' : undefined,
  ]
  const problem = problems[step]

  const next = () => {
    setTried(true)
    if (problem) return
    setTried(false)
    setStep((s) => Math.min(s + 1, STEPS.length - 1))
  }
  const back = () => {
    setTried(false)
    setStep((s) => Math.max(0, s - 1))
  }

  const askPhone = async (code?: string) => {
    setPhoneFailure(undefined)
    try {
      const got = code ?? (process.env.TARO_ENV === 'h5' ? await sandboxPhoneCode() : undefined)
      if (!got) throw new Error('no code')
      setPhone({ code: got, at: Date.now() })
    } catch {
      setPhoneFailure('没有拿到手机号，请再点一次；不同意授权就不能申请')
    }
  }

  const submit = async () => {
    setTried(true)
    if (problem || !plan || !consents.data || !isFresh(phone)) return
    const texts = consents.data.items
    const given = (kind: ConsentText['kind']) => {
      const text = texts.find((t) => t.kind === kind) as ConsentText
      return { version: text.version, sha256: text.sha256, agreed: true as const }
    }
    const request = {
      productId: product.id,
      purpose: purpose.trim(),
      amountFen: plan.amountFen,
      termMonths: plan.termMonths,
      method: plan.method,
      name: name.trim(),
      idNumber: idNumber.trim().toUpperCase(),
      phoneCode: phone.code,
      bankCard,
      bankName: bankName.trim(),
      consents: { loanTerms: given('loan_terms'), sensitivePersonalInfo: given('sensitive_personal_info') },
    }
    const answer = await submission.run(async () => {
      try {
        return await submitApplication(request, retryKey.current)
      } catch (error) {
        retryKey.current = retryKeyOf(error) ?? retryKey.current
        // Refused (a 4xx): the code may have been used; ask WeChat for a fresh one with the next try.
        if (!retryKey.current) setPhone(undefined)
        throw error
      }
    })
    if (answer) await clearDraft(loanStore, product.id).catch(() => undefined)
  }

  if (submitted) {
    const { loan, warnings } = submitted
    return (
      <View className='ty-card' id='applied'>
        <Text className='ty-status' {...a11yProps({ role: 'status', live: 'polite' })}>
          已提交，信贷员会尽快审核
        </Text>
        <Text className='ty-text'>
          {loan.productName}，借 {formatYuan(loan.amountFen)} 元，年化利率 {loan.aprText}；现在：{loan.statusWord}
        </Text>
        {warnings.map((w) => (
          <Text key={w} className='ty-warn'>
            {w}
          </Text>
        ))}
        <BigButton id='view-loan' onClick={() => Taro.redirectTo({ url: loanUrl(loan.id) })}>
          查看我的申请
        </BigButton>
      </View>
    )
  }

  return (
    <View>
      <View className='ty-card' id='apply-step'>
        <Text className='ty-note'>
          第 {step + 1} 步，共 {STEPS.length} 步
        </Text>
        <Text className='ty-h'>{STEPS[step]}</Text>
        <Text className='ty-note'>
          {product.name}，年化利率 {product.apr.text}
        </Text>
        {draft && hasContent(draft) && step === draft.step && (
          <Text className='ty-note' id='draft-restored'>
            已恢复您上次没提交的内容（{formatShanghaiTime(draft.savedAt)}）
          </Text>
        )}
      </View>

      {step === 0 && (
        <View className='ty-card'>
          <ChoiceGroup label='常见用途' className='ty-choices-row'>
            {PURPOSES.map((p, i) => (
              <ChoiceCard key={p} id={`purpose-${i}`} checked={purpose === p} onSelect={() => setPurpose(p)}>
                <Text className='ty-text'>{p}</Text>
              </ChoiceCard>
            ))}
          </ChoiceGroup>
          <FormField id='purpose' label='借钱做什么' required multiline value={purpose} onChange={setPurpose} rules={{ maxLength: 200 }} showErrors={tried} placeholder='比如：买 20 袋复合肥、玉米种子' />
        </View>
      )}

      {step === 1 && (
        <View>
          <PlanPicker product={product} amountText={amountText} onAmountText={setAmountText} amountError={amountIssue ?? undefined} termMonths={termMonths} onTerm={setTermMonths} method={method} onMethod={setMethod} />
          {plan && <PlanSummary plan={plan} id='apply-plan' />}
        </View>
      )}

      {step === 2 && (
        <View className='ty-card'>
          <Text className='ty-note'>身份证号和银行卡号只用来核对身份和放款，页面上只显示后 4 位，不会存在手机上。</Text>
          <FormField id='name' label='姓名' required value={name} onChange={setName} rules={{ maxLength: 30 }} showErrors={tried} placeholder='和身份证上一样' />
          <FormField id='id-number' label='身份证号' type='idcard' required value={idNumber} onChange={setIdNumber} maxLength={18} error={tried || idNumber.length >= 18 ? (idIssue ?? undefined) : undefined} />
          <FormField
            id='bank-card'
            label='收款银行卡号'
            type='number'
            required
            value={bankCard}
            onChange={setBankCard}
            maxLength={23}
            error={tried || bankCard.replace(/\D/g, '').length >= 16 ? (cardIssue ?? undefined) : undefined}
            hint='本人的借记卡；微信零钱收款时用来核对'
          />
          {!cardIssue && cardWarning && (
            <Text className='ty-warn' id='bank-card-warning'>
              {cardWarning}
            </Text>
          )}
          <FormField id='bank-name' label='开户银行' required value={bankName} onChange={setBankName} rules={{ maxLength: 30 }} showErrors={tried} placeholder='比如：农村信用社、邮储银行' />
          <Text className='ty-h'>
            手机号<Text className='ty-field__required'>（必填）</Text>
          </Text>
          {isFresh(phone) ? (
            <Text className='ty-text' id='phone-ok'>
              已取得微信绑定的手机号（提交时核对）
            </Text>
          ) : process.env.TARO_ENV === 'weapp' ? (
            <Button id='get-phone' className='ty-btn ty-btn--secondary ty-btn--block' openType='getPhoneNumber' onGetPhoneNumber={(e) => void askPhone(e.detail.code)}>
              用微信绑定的手机号
            </Button>
          ) : (
            <BigButton id='get-phone' variant='secondary' onClick={() => askPhone()}>
              用微信绑定的手机号
            </BigButton>
          )}
          {phoneFailure && (
            <Text className='ty-warn' id='phone-failure'>
              {phoneFailure}
            </Text>
          )}
        </View>
      )}

      {step === 3 && <ReviewAndConsent product={product} plan={plan} offline={offline} consents={consents} agreed={agreed} onAgree={(kind, v) => setAgreed((a) => ({ ...a, [kind]: v }))} />}

      {tried && problem && (
        <Text className='ty-warn' id='apply-missing' style={{ display: 'block' }}>
          {problem}
        </Text>
      )}
      {submission.error && (
        <Text className='ty-warn' id='apply-failure' style={{ display: 'block' }}>
          {submission.error.userMessage}
        </Text>
      )}
      <View className='ty-actions'>
        {step < STEPS.length - 1 ? (
          <BigButton id='next-step' onClick={next}>
            下一步
          </BigButton>
        ) : (
          <BigButton id='submit-application' loading={submission.pending} disabled={submission.pending} onClick={submit}>
            {submission.error ? '再试一次' : '同意并提交申请'}
          </BigButton>
        )}
        {step > 0 && (
          <BigButton id='prev-step' variant='secondary' onClick={back}>
            上一步
          </BigButton>
        )}
      </View>
    </View>
  )
}

interface ReviewProps {
  product: LoanProduct
  plan: Plan | undefined
  offline: boolean
  consents: ReturnType<typeof useConsentTexts>
  agreed: Record<string, boolean>
  onAgree: (kind: string, agreed: boolean) => void
}

/** The server's figures (or the phone's, offline) in plain words, then the two texts, each agreed to on its own. */
function ReviewAndConsent({ product, plan, offline, consents, agreed, onAgree }: ReviewProps) {
  const [quote, setQuote] = useState<LoanQuote>()
  const [quoteFailure, setQuoteFailure] = useState<string>()
  useEffect(() => {
    if (!plan || offline) return
    let live = true
    quoteLoan({ productId: product.id, amountFen: plan.amountFen, termMonths: plan.termMonths, method: plan.method })
      .then((q) => live && setQuote(q))
      .catch((error: unknown) => live && setQuoteFailure(userMessageOf(error)))
    return () => {
      live = false
    }
  }, [product.id, plan, offline])
  const shown = quote ?? plan
  return (
    <View>
      {shown && <PlanSummary plan={shown} id='review-plan' aprNote={quote?.aprNote} />}
      {!quote && <Text className='ty-note'>{quoteFailure ?? (offline ? '没有网络：这是手机上算的，提交时以服务器算的为准。' : '正在向服务器核对金额…')}</Text>}
      {shown && (
        <View className='ty-card'>
          <Text className='ty-h'>还款计划</Text>
          <ScheduleTable rows={shown.schedule} id='review-schedule' />
        </View>
      )}
      {consents.status === 'loading' ? (
        <Skeleton lines={4} />
      ) : consents.status === 'error' || !consents.data ? (
        <ErrorState id='consents-error' error={consents.error} onRetry={consents.refetch} />
      ) : (
        consents.data.items.map((c) => (
          <View key={c.kind} className='ty-card' id={`consent-${c.kind}`}>
            <Text className='ty-h'>{c.title}</Text>
            <Text className='ty-text consent__text' id={`consent-${c.kind}-text`}>
              {c.text}
            </Text>
            <Text className='ty-note'>版本 {c.version}</Text>
            <Checkbox id={`agree-${c.kind}`} checked={Boolean(agreed[c.kind])} onChange={(v) => onAgree(c.kind, v)}>
              <Text className='ty-text'>我已阅读并同意《{LOAN_CONSENT_WORDS[c.kind]}》</Text>
            </Checkbox>
          </View>
        ))
      )}
    </View>
  )
}
