export default definePageConfig({ navigationBarTitleText: '关于田园集市' })
