import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, statusOf, type Outcome } from './call.js';

/** GET /repos/{o}/{r}/vulnerability-alerts: 204 enabled, 404 disabled (or, without admin, not visible). */
export function getVulnerabilityAlerts(client: GithubClient, owner: string, repo: string): Promise<Outcome<number>> {
  return attempt(() => statusOf(client, 'GET /repos/{owner}/{repo}/vulnerability-alerts', { owner, repo }));
}
