import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.js';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }), text: () => out };
}

describe('live progress (on a terminal)', () => {
  it('counts finished collections towards the expected scopes with API calls so far, even when the logs show only errors', () => {
    const out = capture();
    const log = createLogger('error', out.stream, { pretty: false, progress: true });
    log.info({ runId: 1, expectedScopes: 3 }, 'collecting');
    for (const [collector, scope] of [['aws-iam', 'aws:1'], ['aws-s3', 'aws:1'], ['github', 'github:acme']]) log.child({ collector, scope }).info('collection started');
    log.child({ collector: 'aws-iam', scope: 'aws:1' }).info({ calls: 12 }, 'collection finished');
    log.child({ collector: 'github', scope: 'github:acme' }).error({ calls: 3, err: 'HTTP 500' }, 'collection failed');
    log.child({ collector: 'aws-s3', scope: 'aws:1' }).info({ calls: 5 }, 'collection finished');
    const lines = out.text().trimEnd().split('\n');
    const progress = lines.filter((l) => l.startsWith('  ['));
    expect(progress).toEqual([
      '  [1/3] aws-iam aws:1 done · 12 API calls so far',
      '  [2/3] github github:acme FAILED · 15 API calls so far',
      '  [3/3] aws-s3 aws:1 done · 20 API calls so far',
    ]);
    // The log itself kept its level: only the error line is there as JSON.
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
    expect(json.map((j) => j.msg)).toEqual(['collection failed']);
  });

  it('off a terminal there is no progress, only JSON lines', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info({ expectedScopes: 1 }, 'collecting');
    log.child({ collector: 'aws-iam', scope: 'aws:1' }).info({ calls: 1 }, 'collection finished');
    expect(out.text().trim().split('\n').every((l) => l.startsWith('{'))).toBe(true);
  });
});
