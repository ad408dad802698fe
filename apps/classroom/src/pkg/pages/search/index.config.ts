export default definePageConfig({ navigationBarTitleText: '找课' })
