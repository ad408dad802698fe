export default definePageConfig({ navigationBarTitleText: '找医生' })
