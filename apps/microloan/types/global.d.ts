/// <reference types="@tarojs/taro" />

declare module '*.scss'

/** Set by the Taro config: the API origin ('' on H5, where the API shares the origin). */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5'
  }
}

declare module '*.png' {
  const src: string
  export default src
}
