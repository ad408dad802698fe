export default definePageConfig({ navigationBarTitleText: '惠农小贷' })
