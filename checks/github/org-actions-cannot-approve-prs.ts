import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/** GitHub Actions workflows cannot approve (or create-and-approve) pull requests in the organisation. */
export const orgActionsCannotApprovePrs = defineCheck({
  id: 'github.org_actions_cannot_approve_prs',
  observes: 'github.org',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const wf = requireKnown(obs.attributes.workflowPermissions, 'workflow permissions of the organisation');
    return wf.canApprovePullRequestReviews
      ? { status: 'fail', reason: 'GitHub Actions workflows may approve pull requests, so a workflow can supply the required approval' }
      : { status: 'pass', reason: 'GitHub Actions workflows cannot approve pull requests' };
  }),
});
