// Stand-ins for @tarojs/components in the render tests (jsdom): each Taro component becomes
// the plain element it is on H5, with Taro's event shapes (onInput gets { detail: { value } }).
// A string style (what PageShell passes) goes to data-style: React DOM only takes objects.
import type { CSSProperties, ReactNode } from 'react'

interface Common {
  id?: string
  className?: string
  style?: string | Record<string, unknown>
  children?: ReactNode
}

const styleAttr = (style: Common['style']) => (typeof style === 'string' ? { 'data-style': style } : {})

/** `data-*`, `aria-*`, `role` and `tabIndex` pass through, as Taro renders them on H5. */
const dataAttrs = (props: object) => Object.fromEntries(Object.entries(props).filter(([name]) => name.startsWith('data-') || name.startsWith('aria-') || name === 'role' || name === 'tabIndex'))

/** The attributes a test may put on any stand-in. */
type Passed = Record<`data-${string}` | `aria-${string}`, string | undefined> & { role?: string; tabIndex?: number }

export function View({ id, className, style, children, onClick, ...rest }: Common & { onClick?: () => void } & Passed) {
  return (
    <div id={id} className={className} onClick={onClick} {...styleAttr(style)} {...dataAttrs(rest)}>
      {children}
    </div>
  )
}

export function Text({ id, className, children, ...rest }: Common & Passed) {
  return (
    <span id={id} className={className} {...dataAttrs(rest)}>
      {children}
    </span>
  )
}

export function Button({ id, className, children, disabled, loading, onClick, formType: _formType, ...rest }: Common & { disabled?: boolean; loading?: boolean; onClick?: () => void; formType?: string } & Passed) {
  return (
    <button id={id} className={className} disabled={disabled} data-loading={loading ? 'true' : undefined} onClick={onClick} {...dataAttrs(rest)}>
      {children}
    </button>
  )
}

interface Field extends Common {
  value?: string
  placeholder?: string
  disabled?: boolean
  maxlength?: number
  onInput?: (e: { detail: { value: string } }) => void
  onBlur?: () => void
}

/** Taro H5 puts nativeProps on the real <input>/<textarea>/<img> inside its own element. */
const nativeAttrs = (nativeProps: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(nativeProps ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))

export function Input({ id, className, value, placeholder, disabled, maxlength, onInput, onBlur, nativeProps, type: _type, ...rest }: Field & { type?: string; nativeProps?: Record<string, unknown> } & Passed) {
  return <input id={id} className={className} value={value} placeholder={placeholder} disabled={disabled} maxLength={maxlength} onChange={(e) => onInput?.({ detail: { value: e.target.value } })} onBlur={() => onBlur?.()} {...dataAttrs(rest)} {...nativeAttrs(nativeProps)} />
}

export function Textarea({ id, className, value, placeholder, disabled, maxlength, onInput, onBlur, nativeProps, autoHeight: _autoHeight, ...rest }: Field & { autoHeight?: boolean; nativeProps?: Record<string, unknown> } & Passed) {
  return <textarea id={id} className={className} value={value} placeholder={placeholder} disabled={disabled} maxLength={maxlength} onChange={(e) => onInput?.({ detail: { value: e.target.value } })} onBlur={() => onBlur?.()} {...dataAttrs(rest)} {...nativeAttrs(nativeProps)} />
}

// Like Taro's H5 Image: `nativeProps` (the SDK's NetImage puts the text alternative there) go on the <img>.
export function Image({ id, className, src, style, onLoad, onError, nativeProps }: Common & { src: string; mode?: string; webp?: boolean; onLoad?: () => void; onError?: () => void; nativeProps?: { alt?: string } }) {
  return <img id={id} className={className} src={src} style={typeof style === 'object' ? (style as CSSProperties) : undefined} onLoad={onLoad} onError={onError} alt={nativeProps?.alt ?? ''} />
}
