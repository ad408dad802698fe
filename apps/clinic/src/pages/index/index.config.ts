export default definePageConfig({ navigationBarTitleText: '乡村问诊' })
