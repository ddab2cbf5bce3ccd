import type { GithubClient } from '../../src/sdk/github.js';
import { httpStatus } from '../../src/sdk/github-status.js';
import { attempt, getObject, type Json, type Outcome } from './call.js';

/** GET /repos/{o}/{r}/codeowners/errors: 200 → file present (with its errors), 404 → no CODEOWNERS (null). */
export function getCodeownersErrors(client: GithubClient, owner: string, repo: string): Promise<Outcome<Json[] | null>> {
  return attempt(async () => {
    try {
      const body = await getObject(client, 'GET /repos/{owner}/{repo}/codeowners/errors', { owner, repo });
      return Array.isArray(body['errors']) ? (body['errors'] as Json[]) : [];
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  });
}
