import { z } from 'zod';

/**
 * A feature the account or plan does not offer (e.g. GitHub code scanning without Advanced Security).
 * Different from `Unknown`: nothing failed, there is simply nothing to test, so checks answer
 * `not_applicable` with the reason — never `fail`, never `pass`.
 */
export interface NotAvailable {
  readonly $notAvailable: string;
}

export function notAvailable(reason: string): NotAvailable {
  return { $notAvailable: reason };
}

export function isNotAvailable(value: unknown): value is NotAvailable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $notAvailable?: unknown }).$notAvailable === 'string'
  );
}

export const NotAvailableSchema = z.object({ $notAvailable: z.string().min(1) }).strict();
