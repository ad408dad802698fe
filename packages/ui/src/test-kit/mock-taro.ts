// Import this first in a render test: Taro's components and APIs become the stand-ins in this
// folder, and the components' stylesheets become empty modules (Jest cannot load SCSS).
jest.mock('@tarojs/components', () => jest.requireActual('./taro-components'))
jest.mock('@tarojs/taro', () => jest.requireActual('./taro'))
for (const folder of ['FontScaleProvider', 'BigButton', 'PageShell', 'Price', 'EmptyState', 'ErrorState', 'Skeleton', 'Steps', 'FormField', 'SignInGate', 'PhotoPicker', 'PayStatus', 'HomeFooter', 'Notices/NoticeStrip', 'Notices/PriceTable', 'Notices/shared']) {
  jest.mock(`../${folder}/index.scss`, () => ({}))
}

export { phone } from './taro'
