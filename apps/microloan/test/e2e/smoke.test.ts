import { smokeTest } from '../../../../tools/e2e/src/smoke'

smokeTest('microloan')
