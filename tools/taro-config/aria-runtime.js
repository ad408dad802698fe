// Bundled into each weapp build before the app (aria-plugin.js): Taro's runtime learns the
// aria-* attributes the template now has, so it gives them the same short names.
import { mergeInternalComponents } from '@tarojs/shared'
import components from './aria-components.json'

mergeInternalComponents(components)
