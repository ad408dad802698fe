export default definePageConfig({ navigationBarTitleText: '田间课堂' })
