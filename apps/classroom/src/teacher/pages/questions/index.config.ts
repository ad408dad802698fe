export default definePageConfig({ navigationBarTitleText: '学员的提问' })
