export default definePageConfig({ navigationBarTitleText: '信贷员工作台' })
