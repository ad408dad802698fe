// `react-dom` for the mini-program builds under Preact (tools/taro-config/README.md, "Preact").
//
// Taro's runtime renders the app with `ReactDOM.createRoot` whenever `React.version` starts with
// 18, and preact/compat says 18.3.1 — but keeps `createRoot`/`hydrateRoot` in a separate entry,
// `preact/compat/client`. Taro's mini-program loader imports plain `react-dom` (aliased by Taro to
// preact/compat), so without this module every mini-program crashes at boot with
// "createRoot is not a function" (Taro issue 16690). The H5 loader imports `react-dom/client`,
// which Taro's alias already maps to preact/compat/client: H5 does not need this module.
//
// ES module syntax on purpose (this package is otherwise CommonJS): webpack then resolves
// preact/compat through the same "import" condition as the app's own imports, so there is one
// copy of Preact (a second copy would have its own hooks state and break every hook).
import compat from 'preact/compat'
import { createRoot, hydrateRoot } from 'preact/compat/client'

export * from 'preact/compat'
export { createRoot, hydrateRoot }
export default Object.assign({}, compat, { createRoot, hydrateRoot })
