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

/** `data-*` props pass through, as Taro renders them on both platforms. */
const dataAttrs = (props: object) => Object.fromEntries(Object.entries(props).filter(([name]) => name.startsWith('data-')))

export function View({ id, className, style, children, onClick, ...rest }: Common & { onClick?: () => void } & Record<`data-${string}`, string | undefined>) {
  return (
    <div id={id} className={className} onClick={onClick} {...styleAttr(style)} {...dataAttrs(rest)}>
      {children}
    </div>
  )
}

export function Text({ id, className, children }: Common) {
  return (
    <span id={id} className={className}>
      {children}
    </span>
  )
}

export function Button({ id, className, children, disabled, loading, onClick }: Common & { disabled?: boolean; loading?: boolean; onClick?: () => void; formType?: string }) {
  return (
    <button id={id} className={className} disabled={disabled} data-loading={loading ? 'true' : undefined} onClick={onClick}>
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

export function Input({ id, className, value, placeholder, disabled, maxlength, onInput, onBlur }: Field & { type?: string }) {
  return <input id={id} className={className} value={value} placeholder={placeholder} disabled={disabled} maxLength={maxlength} onChange={(e) => onInput?.({ detail: { value: e.target.value } })} onBlur={() => onBlur?.()} />
}

export function Textarea({ id, className, value, placeholder, disabled, maxlength, onInput, onBlur }: Field & { autoHeight?: boolean }) {
  return <textarea id={id} className={className} value={value} placeholder={placeholder} disabled={disabled} maxLength={maxlength} onChange={(e) => onInput?.({ detail: { value: e.target.value } })} onBlur={() => onBlur?.()} />
}

export function Image({ id, className, src, style, onLoad, onError }: Common & { src: string; mode?: string; webp?: boolean; onLoad?: () => void; onError?: () => void }) {
  return <img id={id} className={className} src={src} style={typeof style === 'object' ? (style as CSSProperties) : undefined} onLoad={onLoad} onError={onError} alt='' />
}
