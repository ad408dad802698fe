// H5 only: one Taro component, written by loader.js for the name in the query (component.mjs?Textarea).
export {}
