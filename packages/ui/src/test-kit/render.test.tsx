/** @jest-environment jsdom */
// The unit project renders with the framework the apps ship (jest.preact.js maps react and
// react-dom to preact/compat unless TIANYUAN_FRAMEWORK=react). This guard fails if the mapping
// is dropped and every render test silently falls back to react-dom.
import { render } from './render'

test('components render with the framework the apps are built with', () => {
  const { container } = render(<p>田园</p>)
  const root = container as unknown as Record<string, unknown>
  // Each framework leaves its own mark on the root element: react-dom 18 a `__reactContainer$…`
  // key, Preact its root vnode under `__k` (the mangled name of its `_children`).
  const renderer = Object.keys(root).some((key) => key.startsWith('__reactContainer$')) ? 'react' : root.__k ? 'preact' : 'neither'
  expect(renderer).toBe(process.env.TIANYUAN_FRAMEWORK === 'react' ? 'react' : 'preact')
  expect(container.textContent).toBe('田园')
})
