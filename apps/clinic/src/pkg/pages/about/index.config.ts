export default definePageConfig({ navigationBarTitleText: '关于乡村问诊' })
