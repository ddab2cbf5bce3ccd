import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { collection, sealedRun, tempDbPath, tempStore } from '../period/fixtures.js';

const T = '2026-11-21T06:00:00.000Z';
const DENIED = 'account 222222222222: discovery failed (organizations:ListAccounts AccessDenied); last discovered in run 1';

describe('`report` exit code follows the run\'s scope coverage', () => {
  it('partial coverage: coverage printed first, exit 5; the run before it was complete: exit 0', async () => {
    const path = tempDbPath();
    const store = tempStore(path);
    const complete = sealedRun(store, { startedAt: T, expected: [{ collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' }], collections: [collection('aws-iam', 'aws:111111111111', T)] });
    sealedRun(store, {
      startedAt: '2026-11-22T06:00:00.000Z',
      expected: [
        { collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' },
        { collector: 'aws-iam', scope: 'aws:222222222222', origin: 'last-discovered', unreachable: DENIED },
      ],
      collections: [collection('aws-iam', 'aws:111111111111', T), collection('aws-iam', 'aws:222222222222', T, { status: 'error', error: DENIED })],
    });
    store.close();

    const partial = await runCliProcess(['--db', path, 'report']);
    expect(partial.code).toBe(EXIT.coverage);
    expect(partial.stdout.split('\n')[1]).toMatch(/^coverage: PARTIAL — 1 of 2 expected scopes collected/);
    expect(partial.stdout).toContain('organizations:ListAccounts');

    const earlier = await runCliProcess(['--db', path, 'report', '--run', String(complete)]);
    expect(earlier.code).toBe(EXIT.ok);
    expect(earlier.stdout.split('\n')[1]).toBe('coverage: complete — 1 of 1 expected scope collected');
  });
});
