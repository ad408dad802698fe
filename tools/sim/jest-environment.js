// The Jest environment for simulator suites: jsdom (miniprogram-simulate renders into a DOM)
// plus Node's fetch API globals. jest-environment-jsdom does not expose Request/Response/
// Headers/ReadableStream/TextEncoder, and a fetch-style handler (e.g. Hono's app.fetch)
// needs them to answer wx.request in-process.
const { TestEnvironment } = require('jest-environment-jsdom')

const NODE_FETCH_GLOBALS = [
  'Request', 'Response', 'Headers', 'fetch', 'FormData', 'Blob', 'File',
  'ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoder', 'TextDecoder',
  'structuredClone', 'AbortController', 'AbortSignal',
]

class SimEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    for (const name of NODE_FETCH_GLOBALS) {
      if (globalThis[name]) this.global[name] = globalThis[name]
    }
  }
}

module.exports = SimEnvironment
