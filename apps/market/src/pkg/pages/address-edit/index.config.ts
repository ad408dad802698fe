export default definePageConfig({ navigationBarTitleText: '填写收货地址' })
