import { z } from 'zod'

export const HealthResponse = z.strictObject({ ok: z.boolean(), checks: z.optional(z.record(z.string(), z.string())) })
export type HealthResponse = z.infer<typeof HealthResponse>
