import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * The organisation's default GITHUB_TOKEN permission is read-only. (Repository-level overrides are not in the
 * observations; a repository can only be more restrictive than a read-only organisation default.)
 */
export const orgWorkflowTokenReadOnly = defineCheck({
  id: 'github.org_workflow_token_read_only',
  observes: 'github.org',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const wf = requireKnown(obs.attributes.workflowPermissions, 'workflow permissions of the organisation');
    return wf.defaultWorkflowPermissions === 'read'
      ? { status: 'pass', reason: 'the default GITHUB_TOKEN permission is read' }
      : { status: 'fail', reason: `the default GITHUB_TOKEN permission is ${wf.defaultWorkflowPermissions}: every workflow gets write access unless it asks for less` };
  }),
});
