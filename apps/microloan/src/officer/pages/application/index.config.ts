export default definePageConfig({ navigationBarTitleText: '审批贷款申请' })
