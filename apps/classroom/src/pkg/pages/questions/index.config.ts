export default definePageConfig({ navigationBarTitleText: '问老师' })
