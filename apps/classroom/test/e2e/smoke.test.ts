import { smokeTest } from '@tianyuan/e2e'

smokeTest('classroom')
