export default definePageConfig({ navigationBarTitleText: '下载的课' })
