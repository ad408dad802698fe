export default definePageConfig({ navigationBarTitleText: '学员学习情况' })
