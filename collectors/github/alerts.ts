import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, type Json, type Outcome } from './call.js';

/** Open Dependabot, code-scanning and secret-scanning alerts (403/404 when the feature is off or not offered). */
export async function listOpenAlerts(client: GithubClient, owner: string, repo: string): Promise<{ dependabot: Outcome<Json[]>; codeScanning: Outcome<Json[]>; secretScanning: Outcome<Json[]> }> {
  const list = (route: string) => attempt(() => listAll(client, route, { owner, repo, state: 'open' }));
  const [dependabot, codeScanning, secretScanning] = await Promise.all([
    list('GET /repos/{owner}/{repo}/dependabot/alerts'),
    list('GET /repos/{owner}/{repo}/code-scanning/alerts'),
    list('GET /repos/{owner}/{repo}/secret-scanning/alerts'),
  ]);
  return { dependabot, codeScanning, secretScanning };
}
