// Roles, names and states for screen readers, written once for both platforms. WeChat reads
// `aria-role` (not `role`) and the aria-* states on its components (base library ≥ 2.7.1; Taro's
// weapp template carries them through tools/taro-config's aria plugin); a browser reads `role`
// and the same aria-* states, and only reaches an element with the keyboard if it has a tabindex.
// Taro replaces process.env.TARO_ENV at build time, so each build keeps only its own branch.
declare const process: { env: { TARO_ENV?: string } }

export type A11yRole = 'button' | 'link' | 'radio' | 'checkbox' | 'radiogroup' | 'group' | 'img' | 'heading' | 'status' | 'alert'

export interface A11yOptions {
  role?: A11yRole
  /** What a screen reader says for the element, in place of its text ('苹果 照片'). */
  label?: string
  /** A radio's or checkbox's state: 已选 / 未选. */
  checked?: boolean
  /** An option's state among others (e.g. a chosen tile). */
  selected?: boolean
  disabled?: boolean
  required?: boolean
  /** Decorative (○ ● ✓ marks a label already says in words): not read at all. */
  hidden?: boolean
  /** A place whose changes are read out when they happen (messages, pay status). */
  live?: 'polite' | 'assertive'
}

/** The attributes to spread on a Taro View, Text or Image: `<View {...a11yProps({ role: 'button', label })}>`. */
export type A11yAttributes = Record<string, string | number>

const INTERACTIVE: ReadonlySet<A11yRole> = new Set(['button', 'link', 'radio', 'checkbox'])

const flag = (v: boolean | undefined): string | undefined => (v === undefined ? undefined : v ? 'true' : 'false')

/**
 * `env` is the platform (process.env.TARO_ENV): 'weapp' → aria-role and aria-*; anything
 * else (h5, the jsdom tests) → role, aria-* and tabindex 0 on what can be tapped, so a
 * keyboard or switch user reaches it too.
 */
export function a11yProps(options: A11yOptions, env: string | undefined = process.env.TARO_ENV): A11yAttributes {
  const weapp = env === 'weapp'
  const attrs: Record<string, string | number | undefined> = {
    [weapp ? 'aria-role' : 'role']: options.role,
    'aria-label': options.label,
    'aria-checked': flag(options.checked),
    'aria-selected': flag(options.selected),
    'aria-disabled': options.disabled ? 'true' : undefined,
    'aria-required': options.required ? 'true' : undefined,
    'aria-hidden': options.hidden ? 'true' : undefined,
    'aria-live': options.live,
  }
  if (!weapp && options.role && INTERACTIVE.has(options.role)) attrs.tabIndex = options.disabled ? -1 : 0
  return Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string | number] => e[1] !== undefined))
}

/**
 * The name (and required / invalid state) of a text field, to spread on Taro's <Input> or
 * <Textarea>. On H5 those are wrappers around the real <input>/<textarea>, which is what a
 * screen reader reaches: the attributes go on it through Taro's nativeProps. WeChat reads them
 * on its native field.
 */
export function fieldA11yProps(label: string, state: { required?: boolean; invalid?: boolean } = {}, env: string | undefined = process.env.TARO_ENV): Record<string, unknown> {
  if (env === 'weapp') return a11yProps({ label, required: state.required }, env)
  const native: Record<string, string> = { 'aria-label': label }
  if (state.required) native['aria-required'] = 'true'
  if (state.invalid) native['aria-invalid'] = 'true'
  return { nativeProps: native }
}
