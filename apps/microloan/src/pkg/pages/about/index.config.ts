export default definePageConfig({ navigationBarTitleText: '关于惠农小贷' })
