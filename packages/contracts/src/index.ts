// The runtime face: zod schemas (values) and their types. The API validates with these.
// Apps that only need types import from '@tianyuan/contracts/types' (no zod at run time).
export * from './errors'
export * from './money'
export * from './time'
export * from './auth'
export * from './media'
export * from './health'
export * from './paging'
export * from './payments'
export * from './market'
export * from './clinic'
export * from './ids'
export * from './text'
