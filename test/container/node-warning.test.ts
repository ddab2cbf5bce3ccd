import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliRun } from '../helpers/cli.js';

/**
 * The AWS SDK prints a nine-line NodeVersionSupportWarning on Node < 22 whenever a client is built.
 * The CLI turns it off with the SDK's documented variable (src/cli/main.ts) so stderr carries only
 * controlwatch's own logs; a user who sets the variable otherwise gets it back. In the image (Node 22)
 * the SDK has nothing to say: test/container/smoke.sh checks stderr there.
 * `demo` builds real SDK clients (against the fakes), so it is the command that would warn.
 */
const WARNING = /NodeVersionSupportWarning/;
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('the AWS SDK Node version warning', () => {
  let dir: string;
  let quiet: CliRun;
  let asked: CliRun;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-node-warning-'));
    const env = { ...process.env };
    delete env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];
    [quiet, asked] = await Promise.all([
      runCliProcess(['--db', join(dir, 'quiet.db'), 'demo'], { env }),
      runCliProcess(['--db', join(dir, 'asked.db'), 'demo'], {
        env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' },
      }),
    ]);
  }, 120_000);

  it('is not printed by the CLI', () => {
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(WARNING);
  });

  it(`comes back when the user sets the SDK's variable otherwise (only on Node < 22; this is Node ${nodeMajor})`, () => {
    expect(asked.code).toBe(0);
    expect(WARNING.test(asked.stderr)).toBe(nodeMajor < 22);
  });
});
