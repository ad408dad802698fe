export default definePageConfig({ navigationBarTitleText: '关于田间课堂' })
