// H5 only: the @tarojs/components barrel the apps import. Its exports are written by loader.js
// when webpack reads this file (one `export … from './component.mjs?<Name>'` per component).
export {}
