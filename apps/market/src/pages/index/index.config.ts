export default definePageConfig({ navigationBarTitleText: '田园集市' })
