import { formatPath } from '../util/format-path.js';
import type { z } from 'zod';

/**
 * Invalid data under config/ (framework catalogs, check metadata). Carries every problem found, not just
 * the first, so one start-up shows everything to fix.
 */
export class CatalogError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid catalog data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

/** One line per zod issue: `<where>: <field>: <message>`. */
export function describeIssues(where: string, error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => {
    const field = formatPath([...prefix, ...issue.path]);
    return field === '' ? `${where}: ${issue.message}` : `${where}: ${field}: ${issue.message}`;
  });
}
