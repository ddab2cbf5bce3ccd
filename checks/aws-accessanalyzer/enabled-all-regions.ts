import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/** The analyzer types that look for external access (CIS "IAM External Access Analyzer"); unused/internal-access ones do not. */
const EXTERNAL_ACCESS = new Set(['ACCOUNT', 'ORGANIZATION']);

/**
 * The region has an ACTIVE IAM Access Analyzer for external access (type ACCOUNT or ORGANIZATION). One result
 * per configured account × region, so "every region" is the set of these results. An analyzer that is
 * CREATING, DISABLED or FAILED does not count (its status and reason are named); nor does an unused-access or
 * internal-access analyzer alone.
 */
export const accessAnalyzerEnabledAllRegions = defineCheck({
  id: 'accessanalyzer.enabled_all_regions',
  observes: 'aws.accessanalyzer.region',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { region } = obs.attributes;
    const analyzers = requireKnown(obs.attributes.analyzers, 'IAM Access Analyzer analyzers');
    const external = analyzers.filter((a) => EXTERNAL_ACCESS.has(a.type));
    const active = external.find((a) => a.status === 'ACTIVE');
    if (active !== undefined) return { status: 'pass', reason: `IAM Access Analyzer ${active.name} (${active.type}) is ACTIVE in ${region}` };
    if (external.length > 0) {
      const states = external.map((a) => `${a.name} is ${a.status}${a.statusReason !== null ? ` (${a.statusReason})` : ''}`).join('; ');
      return { status: 'fail', reason: `no ACTIVE external-access analyzer in ${region}: ${states}` };
    }
    const others = analyzers.length > 0 ? ` (only ${analyzers.map((a) => `${a.name} of type ${a.type}`).join(', ')}, which do not look for external access)` : '';
    return { status: 'fail', reason: `no IAM Access Analyzer for external access in ${region}${others}` };
  }),
});
