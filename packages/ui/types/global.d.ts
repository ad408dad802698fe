/// <reference types="@tarojs/taro" />

// Styles are imported for their side effect (Taro's build extracts them).
declare module '*.scss'
