// Validation messages in plain zh-CN, shown under the field. They say what to do, not what
// went wrong in programmer terms ("请填写收货人", not "required").

export interface FieldRules {
  required?: boolean
  /** In characters as a person counts them (汉字 and emoji count as one). */
  minLength?: number
  maxLength?: number
  /** An 11-digit mainland mobile number; spaces and dashes are allowed while typing. */
  phone?: boolean
  pattern?: RegExp
  /** Shown when `pattern` does not match; default `<label>的格式不对`. */
  patternMessage?: string
  /** Any other rule: return the message to show, or undefined when the value is fine. */
  validate?: (value: string) => string | undefined
}

const charCount = (value: string): number => [...value].length

/** The message to show under the field, or undefined when the value passes every rule. */
export function validateField(label: string, value: string, rules: FieldRules = {}): string | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return rules.required ? `请填写${label}` : undefined
  const length = charCount(trimmed)
  if (rules.minLength !== undefined && length < rules.minLength) return `${label}至少要${rules.minLength}个字，现在是${length}个`
  if (rules.maxLength !== undefined && length > rules.maxLength) return `${label}最多${rules.maxLength}个字，现在是${length}个`
  if (rules.phone && !/^1[3-9]\d{9}$/.test(trimmed.replace(/[\s-]/g, ''))) return '请填写11位手机号，例如 13800000000'
  if (rules.pattern && !rules.pattern.test(trimmed)) return rules.patternMessage ?? `${label}的格式不对`
  return rules.validate?.(trimmed)
}
