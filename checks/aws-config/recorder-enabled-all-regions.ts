import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { RecorderStatusValue, RecorderValue } from '../../collectors/aws-config/observations.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { notSetUpReason } from './not-set-up.js';

/** What keeps one recorder from recording everything, or null when it does. */
function recorderProblem(recorder: RecorderValue, status: RecorderStatusValue | undefined): string | null {
  if (status === undefined) return `recorder ${recorder.name} has no status`;
  if (!status.recording) return `recorder ${recorder.name} is not recording`;
  if (!recorder.allSupported) {
    return `recorder ${recorder.name} records only ${recorder.resourceTypes.length} selected resource type(s), not all supported types`;
  }
  if (recorder.excludedResourceTypes.length > 0) return `recorder ${recorder.name} excludes ${recorder.excludedResourceTypes.join(', ')}`;
  if (status.lastStatus === 'FAILURE') return `recorder ${recorder.name}'s last recording attempt failed${status.lastErrorCode !== null ? ` (${status.lastErrorCode})` : ''}`;
  return null;
}

/**
 * The region has a configuration recorder that is recording every supported resource type and whose last
 * recording attempt did not fail. One result per configured account × region, so "every region" is the
 * set of these results; a region with no recorder fails.
 */
export const recorderEnabledAllRegions = defineCheck({
  id: 'config.recorder_enabled_all_regions',
  observes: 'aws.config.region',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { region } = obs.attributes;
    const recorders = requireKnown(obs.attributes.recorders, 'configuration recorders');
    if (recorders.length === 0) return { status: 'fail', reason: notSetUpReason(obs.attributes) ?? `no AWS Config configuration recorder in ${region}` };
    const statuses = requireKnown(obs.attributes.recorderStatuses, 'configuration recorder status');
    const problems: string[] = [];
    for (const recorder of recorders) {
      const problem = recorderProblem(recorder, statuses.find((s) => s.name === recorder.name));
      if (problem === null) {
        const global = recorder.includeGlobalResourceTypes ? 'including global resource types' : 'global resource types recorded elsewhere or not at all';
        return { status: 'pass', reason: `recorder ${recorder.name} is recording all supported resource types in ${region} (${global})` };
      }
      problems.push(problem);
    }
    return { status: 'fail', reason: `${problems.join('; ')} in ${region}` };
  }),
});
