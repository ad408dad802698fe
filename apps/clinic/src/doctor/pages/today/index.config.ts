export default definePageConfig({ navigationBarTitleText: '医生工作台' })
