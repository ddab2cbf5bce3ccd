import { z } from 'zod';

/**
 * A value a collector could not obtain (AccessDenied, throttled after retries, a malformed answer).
 * It is plain JSON so it survives the evidence store, and it is never confused with an empty
 * or false value: a check that meets one must answer `error` with the reason.
 */
export interface Unknown {
  readonly $unknown: string;
}

export type Maybe<T> = T | Unknown;

export function unknown(reason: string): Unknown {
  return { $unknown: reason };
}

export function isUnknown(value: unknown): value is Unknown {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $unknown?: unknown }).$unknown === 'string'
  );
}

export const UnknownSchema = z.object({ $unknown: z.string().min(1) }).strict();

/** zod schema for "a T, or an Unknown with its reason". */
export function maybe<T extends z.ZodType>(schema: T) {
  return z.union([UnknownSchema, schema]);
}
