import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { parseTime } from '../lib/days.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';
import { sameLogin } from '../lib/github.js';

const Params = z
  .object({
    /** Only count approvals given on the pull request's final head commit (an approval of earlier code does not count). */
    require_approval_on_head: z.boolean(),
  })
  .strict();

/**
 * A pull request merged into the default branch was approved, at or before the merge, by someone other than its
 * author. Judged from the approvals list (the evidence); the collector's own flag must agree with it.
 * A deleted author ("ghost") cannot be compared, so any approval by an existing account counts — the reason says so.
 */
export const prApprovedByOtherThanAuthor = defineCheck({
  id: 'github.pr_approved_by_other_than_author',
  observes: 'github.pull_request',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const pr = obs.attributes;
    const approvals = requireKnown(pr.approvals, 'pull request reviews');
    const merged = parseTime(pr.mergedAt, 'merge time');
    const author = pr.author ?? 'a deleted account';
    const onHead = ctx.params.require_approval_on_head;

    const notes: string[] = [];
    const qualifying: string[] = [];
    for (const a of approvals) {
      if (a.reviewer === null) {
        notes.push(`an approval by a deleted account at ${a.submittedAt} is not counted`);
        continue;
      }
      if (sameLogin(a.reviewer, pr.author)) continue; // GitHub forbids it, but the evidence decides
      if (parseTime(a.submittedAt, `approval by ${a.reviewer}`).getTime() > merged.getTime()) {
        notes.push(`${a.reviewer} approved after the merge, at ${a.submittedAt}`);
        continue;
      }
      if (onHead && a.commitId !== pr.headSha) {
        notes.push(`${a.reviewer} approved ${a.commitId === null ? 'an unrecorded commit' : `commit ${a.commitId.slice(0, 12)}`}, not the final head ${pr.headSha.slice(0, 12)}`);
        continue;
      }
      qualifying.push(`${a.reviewer} at ${a.submittedAt}`);
    }

    // The collector computes the same answer (without the head-commit rule); if it disagrees, something is off.
    const flag = pr.approvedByOtherThanAuthorBeforeMerge;
    if (!isUnknown(flag) && !onHead && flag !== qualifying.length > 0) {
      throw new CannotEvaluate(
        `the collector's approved-before-merge flag (${flag}) disagrees with the approvals list (${qualifying.length} qualifying approval${qualifying.length === 1 ? '' : 's'})`,
      );
    }

    const ghost = pr.author === null ? ' (the author is a deleted account, so any existing reviewer counts as someone else)' : '';
    const merge = `merged at ${pr.mergedAt} by ${pr.mergedBy ?? 'a deleted account'}`;
    if (qualifying.length > 0) {
      return { status: 'pass', reason: `approved by ${qualifying.join(', ')}; ${merge}${ghost}` };
    }
    if (approvals.length > 0 && notes.length === 0) notes.push('only the author approved');
    const head = onHead ? ' on the final head commit' : '';
    return {
      status: 'fail',
      reason: `${merge} without an approval${head} by anyone other than the author ${author}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`,
    };
  }),
});
