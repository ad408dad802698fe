import { nextTurn, waitFor, type WaitOptions } from './wait'

/** The parts of a j-component node the harness uses (miniprogram-simulate's render result). */
export interface SimComponent {
  readonly dom: HTMLElement | undefined
  readonly instance: unknown
  dispatchEvent(eventName: string, options?: { detail?: Record<string, unknown> }): void
  querySelector(selector: string): SimComponent | undefined
  querySelectorAll(selector: string): SimComponent[]
}

export interface SimRootComponent extends SimComponent {
  attach(parent: Node): void
  detach(): void
}

/** A page instance as Taro's createPageConfig makes it, seen through the Page shim. */
export interface PageInstance {
  route: string
  options: Record<string, string>
  data: Record<string, unknown>
  setData(data: Record<string, unknown>, callback?: () => void): void
  [member: string]: unknown
}

export type TextMatcher = string | RegExp

/** Text as a person reads it: runs of whitespace collapsed, ends trimmed. */
export function readableText(element: Element | undefined | null): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function matches(text: string, expected: TextMatcher): boolean {
  return typeof expected === 'string' ? text === expected : expected.test(text)
}

/** One element on a page: read it, tap it, type into it. */
export class SimNode {
  constructor(
    readonly component: SimComponent,
    private readonly label: string,
  ) {}

  get text(): string {
    return readableText(this.component.dom)
  }

  /** The element's id as the wxml sets it (Taro: the JSX id, or its own '_n…' id). */
  get id(): string | undefined {
    return wxElementOf(this.component.dom)?.id
  }

  /**
   * Fires a component event ('tap', 'input', 'blur', 'change', …) the way the simulator's
   * bridge does; resolves once it has reached the handlers (React renders later: wait for
   * the content you expect).
   */
  async dispatch(eventName: string, detail: Record<string, unknown> = {}): Promise<void> {
    this.component.dispatchEvent(eventName, { detail })
    // j-component delivers the event in a microtask; one turn later it has arrived.
    await nextTurn()
  }

  tap(): Promise<void> {
    return this.dispatch('tap', { x: 0, y: 0 })
  }

  /**
   * Types `value` as a person would: focus, one `input` event per character (the value so
   * far, as WeChat's <input> reports it), then `blur`, and `confirm` if asked. Taro's
   * <Input> listens to exactly these.
   */
  async type(value: string, { confirm = false }: { confirm?: boolean } = {}): Promise<void> {
    await this.dispatch('focus', { value: '', height: 0 })
    const chars = [...value]
    for (let i = 1; i <= chars.length; i++) {
      const soFar = chars.slice(0, i).join('')
      await this.dispatch('input', { value: soFar, cursor: soFar.length, keyCode: soFar.codePointAt(soFar.length - 1) ?? 0 })
    }
    if (confirm) await this.dispatch('confirm', { value })
    await this.dispatch('blur', { value, cursor: value.length })
  }

  toString(): string {
    return this.label
  }
}

/**
 * The simulator's element tree (exparser) behind each DOM element. j-component keeps it on
 * the element as `__wxElement`; each node knows its shadow root, which answers selectors.
 */
interface ExparserNode {
  id?: string
  $$?: HTMLElement
  ownerShadowRoot?: ExparserNode
  querySelectorAll(selector: string): ExparserNode[]
  __componentNode__?: SimComponent
}

function wxElementOf(element: Element | undefined | null): ExparserNode | undefined {
  return (element as unknown as { __wxElement?: ExparserNode } | null | undefined)?.__wxElement
}

type ComponentClass = new (node: ExparserNode) => SimComponent

/** j-component's Component class (not exported): the base class of the root it rendered. */
function componentClassOf(root: SimRootComponent): ComponentClass {
  const base = Object.getPrototypeOf(Object.getPrototypeOf(root)) as { constructor?: ComponentClass } | null
  if (!base?.constructor || base.constructor.name !== 'Component') throw new Error("cannot find j-component's Component class")
  return base.constructor
}

/** A mounted page: a Taro page rendered by miniprogram-simulate, on (or off) the page stack. */
export class SimPage {
  /** Errors thrown by this page's lifecycle hooks (onLoad, onShow, …). */
  readonly errors: unknown[] = []
  /** setData calls so far; the first one means React has rendered. */
  setDataCount = 0
  /** Date.now() of the last setData */
  lastSetDataAt = 0
  unloaded = false
  private componentClass: ComponentClass | undefined

  constructor(
    readonly route: string,
    /** The url's query, as onLoad received it. */
    readonly query: Record<string, string>,
    readonly component: SimRootComponent,
    /** The app's error list (hook errors, uncaught errors): waits stop when it grows. */
    private readonly appErrors: readonly unknown[] = [],
  ) {}

  get instance(): PageInstance {
    return this.component.instance as PageInstance
  }

  /** The page's data: Taro's render tree under `root`. */
  get data(): Record<string, unknown> {
    return this.instance.data
  }

  get rendered(): boolean {
    return this.setDataCount > 0
  }

  /** The text of the whole page, or of the element `selector` finds. */
  text(selector?: string): string {
    return selector ? this.get(selector).text : readableText(this.component.dom)
  }

  has(selector: string): boolean {
    return this.find(selector) !== undefined
  }

  find(selector: string): SimNode | undefined {
    return this.findAll(selector)[0]
  }

  /**
   * Every element `selector` matches, in document order, inside custom components too
   * (Taro renders deep trees through its `comp` wrapper component). A selector is matched
   * within one component at a time, so 'A B' does not cross a component boundary.
   */
  findAll(selector: string): SimNode[] {
    const nodes: ExparserNode[] = []
    for (const shadowRoot of this.shadowRoots()) {
      for (const node of shadowRoot.querySelectorAll(selector)) if (!nodes.includes(node)) nodes.push(node)
    }
    nodes.sort((a, b) => (a.$$ && b.$$ && a.$$.compareDocumentPosition(b.$$) & Node.DOCUMENT_POSITION_PRECEDING ? 1 : -1))
    return nodes.map((node, i) => new SimNode(this.wrap(node), `${selector}${nodes.length > 1 ? `[${i}]` : ''} on ${this.route}`))
  }

  /** Like find, but throws (showing the page's text) when nothing matches. */
  get(selector: string): SimNode {
    const node = this.find(selector)
    if (!node) throw new Error(`no element matches "${selector}" on ${this.route}; the page reads: ${this.text()}`)
    return node
  }

  /**
   * The innermost elements whose whole text matches (a string exactly, after whitespace is
   * collapsed; a RegExp by test), in document order.
   */
  getAllByText(expected: TextMatcher): SimNode[] {
    const root = this.component.dom
    if (!root) return []
    const hits = Array.from(root.querySelectorAll('*')).filter((el) => matches(readableText(el), expected))
    const innermost = hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)))
    return innermost.map((el) => {
      const node = wxElementOf(el)
      if (!node) throw new Error(`cannot address the element reading "${readableText(el)}" on ${this.route}`)
      return new SimNode(this.wrap(node), `text ${String(expected)} on ${this.route}`)
    })
  }

  getByText(expected: TextMatcher): SimNode {
    const [node] = this.getAllByText(expected)
    if (!node) throw new Error(`no element reads ${String(expected)} on ${this.route}; the page reads: ${this.text()}`)
    return node
  }

  tap(target: string | SimNode): Promise<void> {
    return this.resolve(target).tap()
  }

  type(target: string | SimNode, value: string, options?: { confirm?: boolean }): Promise<void> {
    return this.resolve(target).type(value, options)
  }

  /**
   * Waits until the page (or the element `selector` finds) reads `expected`; resolves with
   * the text. A string must be contained in the text, a RegExp must match it.
   */
  waitForText(expected: TextMatcher, options: WaitOptions & { selector?: string } = {}): Promise<string> {
    const { selector } = options
    const read = (): string => (selector ? this.get(selector).text : this.text())
    return waitFor(
      () => {
        const text = read()
        return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : undefined
      },
      {
        description: `${selector ?? this.route} to read ${String(expected)}`,
        explain: () => `it reads: ${safely(read)}`,
        abortIf: this.newAppError(),
        ...options,
      },
    )
  }

  waitFor<T>(predicate: () => T | undefined | null | false, options?: WaitOptions): Promise<T> {
    return waitFor(predicate, { explain: () => `${this.route} reads: ${this.text()}`, abortIf: this.newAppError(), ...options })
  }

  /**
   * Resolves once the page has gone `quietMs` without a setData. Only for asserting that
   * something did NOT change (a tap that must be ignored); to see a change, wait for it with
   * waitForText. Starts counting no earlier than the call.
   */
  async settle({ quietMs = 50, ...options }: WaitOptions & { quietMs?: number } = {}): Promise<void> {
    const since = Date.now()
    await waitFor(() => Date.now() - Math.max(since, this.lastSetDataAt) >= quietMs, {
      description: `${this.route} to stop updating for ${quietMs} ms`,
      abortIf: this.newAppError(),
      ...options,
    })
  }

  private newAppError(): () => unknown {
    const seen = this.appErrors.length
    return () => this.appErrors[seen]
  }

  /** The page's own shadow root and those of the custom components inside it. */
  private shadowRoots(): ExparserNode[] {
    const roots: ExparserNode[] = []
    const root = this.component.dom
    if (!root) return roots
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const shadowRoot = wxElementOf(el)?.ownerShadowRoot
      if (shadowRoot && !roots.includes(shadowRoot)) roots.push(shadowRoot)
    }
    return roots
  }

  private wrap(node: ExparserNode): SimComponent {
    if (node.__componentNode__) return node.__componentNode__
    this.componentClass ??= componentClassOf(this.component)
    return new this.componentClass(node)
  }

  private resolve(target: string | SimNode): SimNode {
    return typeof target === 'string' ? this.get(target) : target
  }
}

function safely(read: () => string): string {
  try {
    return read()
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
