import { a11yProps, type A11yAttributes } from '../../a11y'

declare const process: { env: { TARO_ENV?: string } }

/**
 * A heading for a screen reader, with its level (the navigation bar's title is level 1). WeChat
 * reads `aria-role` heading and has no level; a browser requires `aria-level` with the role.
 */
export function headingProps(level: 2 | 3): A11yAttributes {
  return { ...a11yProps({ role: 'heading' }), ...(process.env.TARO_ENV === 'weapp' ? {} : { 'aria-level': level }) }
}
