import { describe, expect, it } from 'vitest';
import { noDirectPushesToDefaultBranch } from '../../../checks/github/no-direct-pushes-to-default-branch.js';
import { prApprovedByOtherThanAuthor } from '../../../checks/github/pr-approved-by-other-than-author.js';
import { unknown } from '../../../src/model/unknown.js';
import { pr, push, run } from './fixtures.js';

const HEAD = 'a'.repeat(40);
const P = { require_approval_on_head: false };

describe('github.pr_approved_by_other_than_author', () => {
  it('passes an approval by someone else before the merge', () => {
    expect(run(prApprovedByOtherThanAuthor, pr(), P)).toEqual({
      status: 'pass',
      reason: 'approved by bob at 2026-03-31T14:00:00Z; merged at 2026-03-31T15:00:00Z by alice',
    });
  });
  it('fails a merge without any approval', () => {
    expect(run(prApprovedByOtherThanAuthor, pr({ approvals: [], approvedByOtherThanAuthorBeforeMerge: false }), P)).toEqual({
      status: 'fail',
      reason: 'merged at 2026-03-31T15:00:00Z by alice without an approval by anyone other than the author alice',
    });
  });
  it('fails self-approval (case-insensitive) and approvals after the merge', () => {
    const self = pr({ approvals: [{ reviewer: 'Alice', submittedAt: '2026-03-31T14:00:00Z', commitId: HEAD }], approvedByOtherThanAuthorBeforeMerge: false });
    expect(run(prApprovedByOtherThanAuthor, self, P).reason).toBe(
      'merged at 2026-03-31T15:00:00Z by alice without an approval by anyone other than the author alice: only the author approved',
    );
    const late = pr({ approvals: [{ reviewer: 'bob', submittedAt: '2026-03-31T16:00:00Z', commitId: HEAD }], approvedByOtherThanAuthorBeforeMerge: false });
    expect(run(prApprovedByOtherThanAuthor, late, P).reason).toBe(
      'merged at 2026-03-31T15:00:00Z by alice without an approval by anyone other than the author alice: bob approved after the merge, at 2026-03-31T16:00:00Z',
    );
  });
  it('counts an approval at the exact merge time', () => {
    expect(run(prApprovedByOtherThanAuthor, pr({ approvals: [{ reviewer: 'bob', submittedAt: '2026-03-31T15:00:00Z', commitId: HEAD }] }), P).status).toBe('pass');
  });
  it('with require_approval_on_head, only counts approvals of the final head commit', () => {
    const stale = pr({ approvals: [{ reviewer: 'bob', submittedAt: '2026-03-31T14:00:00Z', commitId: 'd'.repeat(40) }] });
    expect(run(prApprovedByOtherThanAuthor, stale, P).status).toBe('pass');
    expect(run(prApprovedByOtherThanAuthor, stale, { require_approval_on_head: true })).toEqual({
      status: 'fail',
      reason: `merged at 2026-03-31T15:00:00Z by alice without an approval on the final head commit by anyone other than the author alice: bob approved commit ${'d'.repeat(12)}, not the final head ${'a'.repeat(12)}`,
    });
    expect(run(prApprovedByOtherThanAuthor, pr(), { require_approval_on_head: true }).status).toBe('pass');
  });
  it('counts any existing reviewer when the author account was deleted, and says so', () => {
    expect(run(prApprovedByOtherThanAuthor, pr({ author: null }), P).reason).toContain('the author is a deleted account');
  });
  it('is an error when the reviews are Unknown', () => {
    expect(run(prApprovedByOtherThanAuthor, pr({ approvals: unknown('HTTP 502 after retries') }), P)).toEqual({
      status: 'error',
      reason: 'pull request reviews could not be collected: HTTP 502 after retries',
    });
  });
  it("is an error when the collector's flag contradicts the approvals list", () => {
    expect(run(prApprovedByOtherThanAuthor, pr({ approvedByOtherThanAuthorBeforeMerge: false }), P).status).toBe('error');
    expect(run(prApprovedByOtherThanAuthor, pr({ approvedByOtherThanAuthorBeforeMerge: unknown('x') }), P).status).toBe('pass');
  });
});

describe('github.no_direct_pushes_to_default_branch', () => {
  const NONE = { allowed_actors: [] };
  it('fails a direct push, naming commit, date and accounts', () => {
    expect(run(noDirectPushesToDefaultBranch, push(), NONE)).toEqual({
      status: 'fail',
      reason: `commit ${'c'.repeat(12)} ("hotfix") committed 2026-03-31T09:00:00Z by alice went to main without a pull request`,
    });
  });
  it('passes a push by an allow-listed bot (GitHub web-flow committer ignored)', () => {
    const bot = push({ author: 'release-bot[bot]', committer: 'web-flow', message: 'chore: release 1.2.3' });
    expect(run(noDirectPushesToDefaultBranch, bot, { allowed_actors: ['release-bot[bot]'] })).toEqual({
      status: 'pass',
      reason: `commit ${'c'.repeat(12)} ("chore: release 1.2.3") committed 2026-03-31T09:00:00Z by release-bot[bot] went to main without a pull request; release-bot[bot] is on allowed_actors`,
    });
  });
  it('fails when only one of author and committer is allow-listed, or neither is linked to an account', () => {
    expect(run(noDirectPushesToDefaultBranch, push({ author: 'release-bot[bot]', committer: 'mallory' }), { allowed_actors: ['release-bot[bot]'] }).status).toBe('fail');
    expect(run(noDirectPushesToDefaultBranch, push({ author: null, committer: 'web-flow' }), { allowed_actors: ['web-flow'] }).reason).toContain(
      'by an account GitHub could not link',
    );
  });
});
