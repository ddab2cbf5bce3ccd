import { describe, expect, it } from 'vitest';
import { generateEstate, REGIONS } from './estate-scale/estate.js';
import { minimumCalls } from './estate-scale/minimum.js';
import { SIZES } from './estate-scale/bench.js';
import { belowMinimumNotes } from './estate-scale/targets.js';

const ROUTE = 'GET /orgs/{org}/dependabot/alerts';

/**
 * The theoretical minimum is a lower bound the agent is measured against: it must count only calls the agent
 * needs. The default-size run of 2026-12-07 made 4 calls of the organisations' Dependabot lists against a minimum
 * of 6: the minimum counted alerts of repositories whose Dependabot alerts are off, which the organisation's
 * list (GitHub's, and the fake's) leaves out.
 */
describe('the benchmark\'s theoretical minimum', () => {
  it('counts an organisation\'s alert pages from the repositories where the feature is on', () => {
    const estate = generateEstate(SIZES.smoke!);
    const pagesOf = () => minimumCalls(estate, REGIONS).github['github:token']![ROUTE]!;
    const before = pagesOf();
    const org = estate.github!.organizations[0]!;
    const off = org.repositories.find((r) => !r.dependabot_alerts)!;
    const on = org.repositories.find((r) => r.dependabot_alerts)!;
    const alerts = (from: number) => Array.from({ length: 250 }, (_, i) => ({ number: from + i, severity: 'high' as const, created: '-1d', state: 'open' as const, subject: 'lodash' }));

    // 250 open alerts where Dependabot alerts are off: the organisation's list shows none of them.
    off.dependabot_alert_list.push(...alerts(1000));
    expect(pagesOf()).toBe(before);
    // The same where they are on: 250 more open alerts are two or three more pages of 100.
    on.dependabot_alert_list.push(...alerts(2000));
    expect(pagesOf()).toBeGreaterThanOrEqual(before + 2);
  });

  it('names every operation called fewer times than its minimum, which the service\'s total would hide', () => {
    const notes = belowMinimumNotes({
      s3: { below: {} },
      github: { below: { [ROUTE]: { calls: 4, minimum: 6 }, 'POST /graphql': { calls: 39, minimum: 40 } } },
    });
    expect(notes).toEqual([
      `BELOW THE MINIMUM: ${ROUTE} was called 4 times against a minimum of 6: the model or the collector is wrong.`,
      'BELOW THE MINIMUM: POST /graphql was called 39 times against a minimum of 40: the model or the collector is wrong.',
    ]);
    expect(belowMinimumNotes({ s3: { below: {} } })).toEqual([]);
  });
});
