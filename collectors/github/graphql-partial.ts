import type { GithubClient } from '../../src/sdk/github.js';

/**
 * A GraphQL query whose answer may carry field errors GitHub gives for fields the viewer may not read (e.g.
 * `collaborators` without push access: null and a FORBIDDEN error at its path) beside good data for the rest.
 * Octokit throws on any error; this keeps the data when `allowed` accepts every error's path, and returns those
 * errors by the path of the object holding the field (`a.b.3` → { collaborators: message }). Any other error fails
 * the whole query, as before.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field by the callers */
type Data = any;

export interface PartialAnswer {
  readonly data: Data;
  /** Field errors by the dotted path of their parent object, then by field name. */
  readonly fieldErrors: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

interface FieldError {
  readonly path?: readonly (string | number)[];
  readonly message?: string;
}

export async function graphqlPartial(client: GithubClient, query: string, variables: Record<string, unknown>, allowed: (path: readonly (string | number)[]) => boolean): Promise<PartialAnswer> {
  try {
    return { data: await client.graphql(query, variables), fieldErrors: new Map() };
  } catch (error) {
    const e = error as { name?: string; data?: Data; errors?: readonly FieldError[] };
    if (e.name !== 'GraphqlResponseError' || e.data === undefined || e.data === null || !Array.isArray(e.errors) || e.errors.length === 0) throw error;
    const byParent = new Map<string, Record<string, string>>();
    for (const fe of e.errors) {
      const path = fe.path ?? [];
      const field = path[path.length - 1];
      if (typeof field !== 'string' || !allowed(path)) throw error;
      const parent = path.slice(0, -1).join('.');
      byParent.set(parent, { ...(byParent.get(parent) ?? {}), [field]: String(fe.message ?? 'GraphQL field error') });
    }
    return { data: e.data, fieldErrors: byParent };
  }
}
