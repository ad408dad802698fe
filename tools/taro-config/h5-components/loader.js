// H5 only: @tarojs/components as one module per component, so each page chunk carries only the
// components it uses. Taro's own barrel (`@tarojs/components/lib/react/components.js`) defines
// every component in one module: webpack keeps each component used anywhere in the app, all in
// the first chunk (the textarea, 10.8 KB of source, only a subpackage page uses, was on every
// first screen). This loader reads that file and writes the same calls, one per module:
// - index.mjs (what `@tarojs/components` resolves to on H5): `export { X } from './component.mjs?X'`
//   for every component but FIRST_CHUNK's, which stay in Taro's module;
// - component.mjs?X: `export const X = createReactComponent('taro-x-core', undefined,
//   manipulatePropsFunction, defineCustomElementTaroXCore)`, exactly Taro's call.
// The rule that runs it says `sideEffects: false`, so webpack links each import to its module.
const fs = require('node:fs')
const path = require('node:path')

/**
 * The components the apps' home pages and shared frame use (View, Text, NetImage's Image,
 * BigButton's Button, SearchBox's Input): left in Taro's own module, which the entry imports,
 * so they sit once in the first chunk. The rest (Textarea, Video, …) only later pages use.
 */
const FIRST_CHUNK = ['View', 'Text', 'Image', 'Button', 'Input']

const CALL = /^const (\w+) = \/\*@__PURE__\*\/ createReactComponent\('([\w-]+)', undefined, manipulatePropsFunction, (\w+)\);$/gm

/** Taro's React components as [name, tag, define function], read once per build. */
let table
function componentsOf(file) {
  if (!table) {
    const source = fs.readFileSync(file, 'utf8')
    table = [...source.matchAll(CALL)].map((m) => ({ name: m[1], tag: m[2], define: m[3] }))
    // Taro's file also says `const Block = Fragment`, which is not a createReactComponent call.
    const exported = (/^export \{([^}]*)\};?$/m.exec(source)?.[1] ?? '').split(',').map((n) => n.trim()).filter(Boolean)
    const missing = exported.filter((n) => n !== 'Block' && !table.some((c) => c.name === n))
    if (table.length < 50 || missing.length || !/^const Block = Fragment;$/m.test(source)) throw new Error(`${file} is not shaped as tools/taro-config/h5-components/loader.js expects (Taro upgraded?${missing.length ? ` not read: ${missing.join(', ')}` : ''})`)
  }
  return table
}

module.exports = function h5ComponentsLoader() {
  const { componentsFile } = this.getOptions()
  this.addDependency(componentsFile)
  const components = componentsOf(componentsFile)
  const lib = path.dirname(componentsFile)
  if (path.basename(this.resourcePath) === 'index.mjs') {
    // The components first screens use stay in Taro's module (in the first chunk, shared by
    // every page, as before); every other one gets a module of its own.
    const first = components.filter((c) => FIRST_CHUNK.includes(c.name)).map((c) => c.name)
    return [
      `export { Block, ${first.join(', ')} } from ${JSON.stringify(componentsFile)}`,
      ...components.filter((c) => !FIRST_CHUNK.includes(c.name)).map((c) => `export { ${c.name} } from './component.mjs?${c.name}'`),
    ].join('\n')
  }
  const name = this.resourceQuery.replace(/^\?/, '')
  const c = components.find((x) => x.name === name)
  if (!c) throw new Error(`no Taro component named "${name}"`)
  return [
    `import { manipulatePropsFunction } from ${JSON.stringify(path.join(lib, 'helper.js'))}`,
    `import { createReactComponent } from ${JSON.stringify(path.join(lib, 'react-component-lib/createComponent.js'))}`,
    // By path: this folder is outside the app, whose node_modules has @tarojs/components.
    `import { ${c.define} } from ${JSON.stringify(path.join(lib, '..', '..', 'dist', 'components', 'index.js'))}`,
    `export const ${c.name} = /*#__PURE__*/ createReactComponent(${JSON.stringify(c.tag)}, undefined, manipulatePropsFunction, ${c.define})`,
  ].join('\n')
}
