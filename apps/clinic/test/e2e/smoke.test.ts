import { smokeTest } from '@tianyuan/e2e'

smokeTest('clinic')
