import { createHash } from 'node:crypto'
import { LOAN_CONSENT_WORDS, type ConsentText, type LoanConsentKind } from '@tianyuan/contracts'

/** SHA-256 of a text's UTF-8 bytes, lower-case hex: what a consent and a contract are recorded with. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

// The exact texts a borrower agrees to when applying. A new wording gets a new version (never an
// edit of a published one): the version and the hash of the text shown are what is recorded.

const LOAN_TERMS_TEXT = `借款合同主要条款（申请时同意）

一、本平台按您选择的产品、金额、期限和还款方式向您出借资金，年化利率按内部收益率法（IRR）计算，已包含利息和全部费用，在产品页、试算页和合同中都先于其他任何利率显示。
二、借款审批通过后，平台生成载明还款计划和年化利率的正式借款合同，由您阅读并确认后才放款；放款金额为合同金额的全部，不预先扣除利息或费用。
三、您可以按期还款，也可以随时提前还清。提前还清时利息只计到还款当天，不收违约金。
四、到期日后 3 天内还款不收罚息；超过 3 天仍未还清的，从宽限期结束次日起对逾期未还的本金和利息按日计收罚息（年化利率为合同利率的 1.5 倍），不计复利。
五、同一期如果付了两次，多付的钱原路全额退回。
六、如有疑问或投诉，请拨打客服电话 400-800-1234，我们在 15 日内答复。`

const SENSITIVE_INFO_TEXT = `处理敏感个人信息单独同意书

为审核和发放您的借款，我们需要处理以下敏感个人信息（《个人信息保护法》第二十八、二十九条）：
1. 身份证号码：核实身份、计算年龄（借款人须年满 18 周岁、不超过 65 周岁）；
2. 银行卡号：放款和核对收款账户；
3. 手机号码：经微信授权获取，用于还款提醒和联系您。
这些信息只用于本次借款，加密传输，页面和记录中只显示部分号码，不写入日志，不提供给第三方；借款结清满 5 年后删除（法律另有规定的除外）。您可以不同意，但那样我们无法受理借款申请。您可以拨打 400-800-1234 查询、更正或要求删除您的信息。`

interface ConsentDefinition {
  version: string
  title: string
  text: string
}

export const CONSENT_TEXTS: Record<LoanConsentKind, ConsentDefinition> = {
  loan_terms: { version: 'terms-2026.12', title: '借款合同主要条款', text: LOAN_TERMS_TEXT },
  sensitive_personal_info: { version: 'pipl-2026.12', title: '处理敏感个人信息单独同意书', text: SENSITIVE_INFO_TEXT },
}

export function consentTexts(): ConsentText[] {
  return (Object.keys(CONSENT_TEXTS) as LoanConsentKind[]).map((kind) => {
    const c = CONSENT_TEXTS[kind]
    return { kind, kindWord: LOAN_CONSENT_WORDS[kind], version: c.version, title: c.title, text: c.text, sha256: sha256Hex(c.text) }
  })
}

/** Null when the borrower agreed to the current text of `kind` (version and hash), else the problem in words. */
export function consentProblem(kind: LoanConsentKind, given: { version: string; sha256: string }): string | null {
  const c = CONSENT_TEXTS[kind]
  if (given.version !== c.version || given.sha256 !== sha256Hex(c.text)) return `${LOAN_CONSENT_WORDS[kind]}的文本已更新，请重新阅读后再同意`
  return null
}
