import { z } from 'zod';

export const HEALTH_STATES = ['ok', 'degraded', 'down'] as const;

export const dependencyHealthSchema = z.object({
  status: z.enum(HEALTH_STATES),
  latencyMs: z.number().nullable(),
  message: z.string().optional()
});

export const healthResponseSchema = z.object({
  status: z.enum(HEALTH_STATES),
  checks: z.object({
    database: dependencyHealthSchema,
    signalwire: dependencyHealthSchema.optional(),
    switchfree: dependencyHealthSchema.optional()
  })
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
