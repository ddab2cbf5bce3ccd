import type { EstateGithubOrg, EstateGithubRepo, EstateGithubToken } from '../../estate/github-schema.js';
import type { RepoPermission } from './payloads.js';

/**
 * What a token may see, as GitHub decides it: owners see everything (admin on every repository),
 * members see repositories with `read` and no owner-only fields, repo-limited tokens see only their
 * repositories. `deny_repositories` hides a repository completely (GitHub answers 404, never 403,
 * so as not to reveal that it exists).
 */
export class Access {
  constructor(readonly token: EstateGithubToken) {}

  get isOwner(): boolean {
    return this.token.role === 'owner';
  }

  canSeeRepo(repo: EstateGithubRepo): boolean {
    if (this.token.deny_repositories.includes(repo.name)) return false;
    if (this.token.role === 'repo_limited') return this.token.repositories.includes(repo.name);
    return true;
  }

  permission(org: EstateGithubOrg, repo: EstateGithubRepo): RepoPermission {
    if (this.token.role === 'owner') return 'admin';
    const direct = repo.collaborators.find((c) => c.login === this.token.name);
    if (direct !== undefined) return direct.role;
    if (this.token.role === 'repo_limited') return 'read';
    return org.default_repository_permission === 'none' ? 'read' : org.default_repository_permission;
  }

  isRepoAdmin(org: EstateGithubOrg, repo: EstateGithubRepo): boolean {
    return this.permission(org, repo) === 'admin';
  }
}
