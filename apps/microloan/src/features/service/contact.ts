import { LOAN_SERVICE_PHONE } from '@tianyuan/contracts/loans-rules'

/** The customer-service line (named once in @tianyuan/contracts/loans-rules) and when someone answers it. */
export const SERVICE_PHONE = LOAN_SERVICE_PHONE
export const SERVICE_HOURS = '每天 8:00–20:00（节假日照常）'
/** How long a complaint may take at most: said before the borrower writes one. */
export const COMPLAINT_ANSWER_DAYS = 15

export const serviceUrl = (loanId?: string) => `/pkg/pages/service/index${loanId ? `?loan=${encodeURIComponent(loanId)}` : ''}`

/** WeChat dials '4008001234'; the number is shown with its dashes. */
export const dialable = (phone: string): string => phone.replace(/[^\d]/g, '')
