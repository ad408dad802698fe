// Renders components into jsdom for the component tests (test files start with
// `@jest-environment jsdom`), with act() around everything so effects have run. `react` and
// `react-dom/client` are Preact's compat layer here, as in the apps (jest.preact.js;
// react-dom 18 under TIANYUAN_FRAMEWORK=react): render.test.tsx checks which one renders.
import { act, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

export interface Rendered {
  container: HTMLElement
  rerender(node: ReactNode): void
  unmount(): void
  /** The element matching `selector`; throws when there is none. */
  get(selector: string): HTMLElement
  text(selector?: string): string
}

const mounted = new Set<Root>()
afterEach(() => {
  for (const root of mounted) act(() => root.unmount())
  mounted.clear()
  document.body.innerHTML = ''
})

export function render(node: ReactNode): Rendered {
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  mounted.add(root)
  act(() => root.render(node))
  const get = (selector: string): HTMLElement => {
    const el = container.querySelector<HTMLElement>(selector)
    if (!el) throw new Error(`nothing matches ${selector} in ${container.innerHTML}`)
    return el
  }
  return {
    container,
    rerender: (next) => act(() => root.render(next)),
    unmount: () => {
      act(() => root.unmount())
      mounted.delete(root)
    },
    get,
    text: (selector) => ((selector ? get(selector) : container).textContent ?? '').trim(),
  }
}

/** A click, as a person makes it. */
export function click(el: HTMLElement): void {
  act(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true }))
  })
}

/** Types `value` into an input or textarea (React sees a change) and leaves the field. */
export function typeInto(el: HTMLElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
  const setValue = Object.getOwnPropertyDescriptor(proto, 'value')?.set
  act(() => {
    setValue?.call(el, value)
    el.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

export function blur(el: HTMLElement): void {
  act(() => {
    el.dispatchEvent(new FocusEvent('focusout', { bubbles: true }))
  })
}

/** Runs `fn` (e.g. resolving a request) and lets the promises it settles run, inside act(). */
export async function settle(fn?: () => void): Promise<void> {
  await act(async () => {
    fn?.()
    await new Promise((resolve) => setTimeout(resolve, 0))
  })
}
