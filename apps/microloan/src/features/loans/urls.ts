// Where each borrower's page is: tab pages import these (not api.ts) so that nothing of the
// loans' requests or arithmetic reaches the main package.
export const loansUrl = '/pkg/pages/loans/index'
export const loanUrl = (id: string) => `/pkg/pages/loan/index?id=${encodeURIComponent(id)}`
export const contractUrl = (id: string) => `/pkg/pages/contract/index?id=${encodeURIComponent(id)}`
export const calculatorUrl = (productId?: string) => `/pkg/pages/calculator/index${productId ? `?product=${encodeURIComponent(productId)}` : ''}`
export const applyUrl = (productId: string, plan?: { amountFen: number; termMonths: number; method: string }) =>
  `/pkg/pages/apply/index?product=${encodeURIComponent(productId)}${plan ? `&amount=${plan.amountFen}&term=${plan.termMonths}&method=${plan.method}` : ''}`
